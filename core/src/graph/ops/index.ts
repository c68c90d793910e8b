export * from './elementwise.ts';
export * from './linalg.ts';
export * from './reduce.ts';
export * from './shape-ops.ts';
export * from './nn.ts';
export { scalar, int64s, type Operand } from './emit.ts';

export * from './dtype.ts';
export * from './shape.ts';
export * from './graph.ts';
export * from './host-tensor.ts';
export * from './serialize.ts';
export * from './session.ts';
export * as ops from './ops/index.ts';

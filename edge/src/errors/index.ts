export * from './edgetune-error.ts';
export { fromZod, parseOr, issuePath } from './from-zod.ts';
export { toEdgetuneError } from './from-unknown.ts';
export { onError, onNotFound } from './on-error.ts';

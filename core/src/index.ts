// @edgetune/core: the public API, exported from one place.
export * from './graph/index.ts';
export * from './autodiff/index.ts';
export * from './weights/index.ts';
export * from './models/index.ts';
export * from './plugin/index.ts';
export * from './optim/index.ts';
export { loadBaseModel, type BaseModel } from './engine/base-model.ts';
export { readAdapterDir, writeAdapterDir, ADAPTER_CONFIG, ADAPTER_WEIGHTS } from './engine/adapter-dir.ts';
export { buildLossGraph, type LossGraph, type LossGraphSpec } from './engine/loss-graph.ts';
export { runForward, labelsFor, type ForwardRequest } from './engine/forward.ts';
export { OptimizerConfig } from './train/optimizer-config.ts';
export { buildStepGraph, type StepGraphSpec } from './train/step-graph.ts';
export { StepRunner, type Batch, type StepResult } from './train/step-runner.ts';
export { train } from './train/trainer.ts';
export { TrainConfig } from './train/train-config.ts';
export * as data from './data/index.ts';
export * as heads from './heads/index.ts';
export { evaluate } from './eval/index.ts';

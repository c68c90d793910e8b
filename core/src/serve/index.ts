// @edgetune/core/serve: KV-cache inference graphs with adapters as inputs, continuous batching, the
// adapter cache, sampling and ONNX export.
export { ServeEngine, type GenerateRequest } from './engine.ts';
export type { AdapterSource, EngineOptions, EngineStats } from './engine-options.ts';
export { Generation, type TokenEvent, type GenerationResult, type FinishReason } from './generation.ts';
export { ServeError, type ServeErrorCode } from './errors.ts';
export { SamplingParams, type SamplingInput } from './sampling-params.ts';
export { Sampler, type Sampled } from './sampler.ts';
export { StopMatcher, type Detokenize } from './stop.ts';
export { TextStream, type DecodeIds } from './text-stream.ts';
export { AdapterCache, type AdapterCacheOptions } from './adapter-cache.ts';
export { packAdapter, unpackAdapter, type BlobStore } from './adapter-blob.ts';
export { adapterHash } from './adapter-hash.ts';
export { exportServeModel, HOT_SWAP_FEATURES, type ExportOptions } from './export.ts';
export { prepareAdapter, methodOf, type BaseForServing } from './prepare.ts';
export { adapterBytes, loraRank, type ServeAdapter, type LoraFactors, type SiteScales, type PrefixKv } from './adapter.ts';
export { mergedBase } from './merged.ts';
export { ServeRunner, type RunnerOptions } from './runner.ts';
export type { PrefillItem } from './prefill-inputs.ts';
export { KvCache } from './kv-cache.ts';
export { buildServeGraph, type ServeGraphSpec } from './graph.ts';
export { ServeSessions } from './sessions.ts';
export { BASE_FEATURES, featureKey, type ServeFeatures, type LoraMode, type StaticDims } from './features.ts';
export { serveSites, blockSites, type ServeSite } from './sites.ts';
export { stepInputs, type StepRow } from './step-inputs.ts';
export * as names from './names.ts';

export * from './types.ts';
export { defineMethod, validatePluginShape } from './define-method.ts';
export { ParameterStore, inits, type Init } from './params.ts';
export { MethodRegistry, methods, BUILTIN_METHODS } from './registry.ts';
export { matchesTarget } from './targets.ts';
export { nativeAdapterConfig, readNativeAdapterConfig, trainedTensorsIo, NATIVE_ENVELOPE } from './native-format.ts';
export { blockIndex, isNormTensor, isEmbeddingTensor, isFinalNorm, withTrainedTensors } from './base-names.ts';

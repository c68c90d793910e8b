import { SessionCache, type CompiledGraph, type HostTensor, type RunOptions } from '../graph/index.ts';
import type { ModelConfig } from '../weights/index.ts';
import { featureKey, type ServeFeatures, type StaticDims } from './features.ts';
import { buildServeGraph } from './graph.ts';

/** Compiled serving graphs of one base model, one per feature set (and static dims, when bucketed). */
export class ServeSessions {
  private readonly cache: SessionCache;

  constructor(
    readonly config: ModelConfig,
    readonly tensors: ReadonlyMap<string, HostTensor>,
    opts: RunOptions = {},
  ) {
    this.cache = new SessionCache(opts);
  }

  get(features: ServeFeatures, dims?: StaticDims): Promise<CompiledGraph> {
    const key = `${featureKey(features)}|${dims ? `${dims.batch}x${dims.seq}x${dims.past}` : 'symbolic'}`;
    return this.cache.get(key, () => buildServeGraph({ config: this.config, tensors: this.tensors, features, dims }));
  }

  get size(): number {
    return this.cache.size;
  }

  release(): Promise<void> {
    return this.cache.clear();
  }
}

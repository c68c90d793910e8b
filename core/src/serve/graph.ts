import { Graph, ops, type HostTensor } from '../graph/index.ts';
import { FrozenWeights, lmHeadWeight, ModelHooks } from '../models/index.ts';
import type { ModelConfig } from '../weights/index.ts';
import type { RowInputs, ServeContext } from './context.ts';
import type { ServeFeatures, StaticDims } from './features.ts';
import { serveGpt2 } from './gpt2.ts';
import { serveLlama } from './llama.ts';
import * as N from './names.ts';

export interface ServeGraphSpec {
  readonly config: ModelConfig;
  /** Base weights by HF name (merged weights in merged mode): they become initializers. */
  readonly tensors: ReadonlyMap<string, HostTensor>;
  readonly features: ServeFeatures;
  readonly dims?: StaticDims;
}

/**
 * One serving step as an ONNX graph: T new tokens per row attend to P cached positions plus themselves.
 * Prefill is P = 0 (or the rows' prefix-tuning keys), decode is T = 1; with symbolic dims one session
 * serves both. Outputs the new keys/values per layer and logits. Adapters arrive only as inputs.
 */
export function buildServeGraph(spec: ServeGraphSpec): Graph {
  const { config, features } = spec;
  const g = new Graph('edgetune-serve');
  const dims = { batch: spec.dims?.batch ?? 'batch', seq: spec.dims?.seq ?? 'seq', past: spec.dims?.past ?? 'past' };
  const ids = g.input(N.INPUT_IDS, 'int64', [dims.batch, dims.seq]);
  const positions = g.input(N.POSITION_IDS, 'int64', [dims.batch, dims.seq]);
  const bias = g.input(N.ATTN_BIAS, 'float32', [dims.batch, 1, 'bias_queries', 'bias_keys']);
  const rows: RowInputs = {
    ...(features.lora === 'grouped' && {
      loraGather: g.input(N.LORA_GATHER, 'int64', ['lora_groups', 'lora_tokens']),
      loraScatter: g.input(N.LORA_SCATTER, 'int64', [dims.batch, dims.seq]),
    }),
  };
  const weights = new FrozenWeights(g, spec.tensors);
  const ctx: ServeContext = { g, config, weights, features, rows, dims };
  const trunk = config.arch === 'gpt2' ? serveGpt2 : serveLlama;
  const out = trunk(ctx, { inputIds: ids, positionIds: positions, bias });
  out.present.forEach((p, i) => {
    g.output(p.k, N.presentKey(i));
    g.output(p.v, N.presentValue(i));
  });
  const head = lmHeadWeight({ g, config, weights, hooks: new ModelHooks() }); // [C, V]
  if (features.allLogits) {
    g.output(ops.matmul(out.hidden, head), N.LOGITS); // [B, T, V]
  } else {
    const index = g.input(N.LOGIT_INDEX, 'int64', [dims.batch]);
    const picked = ops.gather(ops.reshape(out.hidden, [-1, config.hidden]), index); // [B, C]
    g.output(ops.matmul(picked, head), N.LOGITS); // [B, V]
  }
  return g;
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serialize, type Graph } from '../graph/index.ts';
import { writeAll, writeFileAtomic, writeTextAtomic } from '../weights/index.ts';
import type { ServeFeatures } from './features.ts';
import { buildServeGraph } from './graph.ts';
import type { BaseForServing } from './prepare.ts';

export interface ExportOptions {
  /** Adapter inputs to expose (default LoRA per row, scales and prompt rows: every hot-swappable kind). */
  readonly features?: Partial<ServeFeatures>;
  /** Weights past this many bytes in all go to model.onnx.data beside the model (default 1 GiB). */
  readonly externalDataAbove?: number;
}

export const HOT_SWAP_FEATURES: ServeFeatures = { lora: 'rows', scale: true, prompt: true, allLogits: false };

/**
 * Writes the serving graph as a standard ONNX model any runtime can run: base weights as initializers,
 * adapters, KV cache and routing as inputs (see names.ts and serve_config.json). For a merged model pass
 * mergedBase(...) as `base` with `features: BASE_FEATURES`.
 */
export function exportServeModel(base: BaseForServing, dir: string, opts: ExportOptions = {}): string[] {
  const features: ServeFeatures = { ...HOT_SWAP_FEATURES, ...opts.features };
  const g = buildServeGraph({ config: base.config, tensors: base.tensors, features });
  let bytes = 0;
  for (const { data } of g.initializers.values()) bytes += data.byteLength;
  const external = bytes > (opts.externalDataAbove ?? 2 ** 30);
  const { model, externalData } = serialize(g, external ? { externalDataFile: 'model.onnx.data', externalThreshold: 1024 } : {});
  mkdirSync(dir, { recursive: true });
  const files = ['model.onnx'];
  if (externalData) {
    writeFileAtomic(join(dir, 'model.onnx.data'), (fd) => externalData.forEach((chunk) => writeAll(fd, chunk)));
    files.push('model.onnx.data');
  }
  writeFileAtomic(join(dir, 'model.onnx'), (fd) => writeAll(fd, model));
  writeTextAtomic(join(dir, 'serve_config.json'), `${JSON.stringify(manifest(g, base, features), null, 2)}\n`);
  return [...files, 'serve_config.json'];
}

function manifest(g: Graph, base: BaseForServing, features: ServeFeatures): Record<string, unknown> {
  const io = (vs: Graph['inputs']) => vs.map((v) => ({ name: v.name, dtype: v.dtype, shape: v.shape }));
  const { config } = base;
  return {
    format: 'edgetune-serve',
    version: 1,
    features,
    model: { arch: config.arch, vocab_size: config.vocabSize, layers: config.layers, kv_heads: config.kvHeads, head_dim: config.headDim, heads: config.heads, max_positions: config.maxPositions },
    conventions: {
      step: 'T new tokens per row attend to P past positions (past.{l}.key/value [B, KVH, P, D]) and causally to themselves; present.{l}.* are the new tokens only',
      attn_bias: '[B, 1, rep*T, P+T] additive, 0 visible / -1e9 hidden, rep = heads / kv_heads; masks padding, causality and unused cache slots',
      position_ids: 'cache position of each new token (prefix-tuning rows start after their prefix)',
      logit_index: 'flat b*T+t of the position whose next-token logits each row returns',
      lora: "lora.{module}.a [B, in, R] = A^T, lora.{module}.b [B, R, out] = scaling * B^T, zero rows for rows without LoRA",
      scale: 'scale.{module}.in/out [B, 1, n] multiply the input / pre-bias output, scale.{module}.bias [B, 1, out] replaces the bias (IA3, DoRA)',
      prompt_embeds: 'ids >= vocab_size address rows id - vocab_size of prompt_embeds [NP, C] (prompt tuning)',
      prefix_tuning: 'feed the prefix keys/values as past positions 0..P-1',
    },
    inputs: io(g.inputs),
    outputs: io(g.outputs),
    adapter_inputs: features.lora !== 'none' || features.scale || features.prompt,
  };
}

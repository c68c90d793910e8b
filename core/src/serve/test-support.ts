// Shared by this folder's tests: tiny generated models, random PEFT-format adapters and comparisons.
import type { BaseModel } from '../engine/base-model.ts';
import { tinyModel } from '../plugin/conformance-models.ts';
import { runForward } from '../engine/forward.ts';
import { hostTensor, type HostTensor } from '../graph/index.ts';
import { methods, type AdapterFiles } from '../plugin/index.ts';
import { mulberry32 } from '../weights/index.ts';
import { methodOf } from './prepare.ts';
import { serveSites } from './sites.ts';

/** The conformance suite's tiny models (2 layers, GQA for Llama, 64 positions), made once per process. */
export const tinyServeModel = tinyModel;

const tensor = (shape: number[], rand: () => number, scale: number, offset = 0) =>
  hostTensor('float32', shape, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => offset + (rand() * 2 - 1) * scale));

const PEFT = 'base_model.model.';

/** Random adapters in PEFT's saved format, strong enough to move the logits visibly. */
export function randomAdapter(model: BaseModel, kind: 'lora' | 'rslora' | 'dora' | 'ia3' | 'prompt' | 'prefix', seed: number, r = 4): AdapterFiles {
  const rand = mulberry32(seed);
  const { config } = model;
  const sites = serveSites(config);
  const tensors = new Map<string, HostTensor>();
  if (kind === 'lora' || kind === 'rslora' || kind === 'dora') {
    for (const s of sites.filter((_, i) => i % 2 === seed % 2 || kind !== 'lora')) {
      tensors.set(`${PEFT}${s.path}.lora_A.weight`, tensor([r, s.inFeatures], rand, 0.3));
      tensors.set(`${PEFT}${s.path}.lora_B.weight`, tensor([s.outFeatures, r], rand, 0.3));
      if (kind === 'dora') tensors.set(`${PEFT}${s.path}.lora_magnitude_vector`, tensor([s.outFeatures], rand, 0.1, 0.6));
    }
    const modules = [...new Set(sites.map((s) => s.module))];
    return { config: { peft_type: 'LORA', r, lora_alpha: 2 * r, target_modules: modules, use_rslora: kind === 'rslora', use_dora: kind === 'dora', fan_in_fan_out: config.arch === 'gpt2' }, tensors };
  }
  if (kind === 'ia3') {
    const targets = config.arch === 'gpt2' ? ['c_attn', 'mlp.c_proj'] : ['k_proj', 'v_proj', 'down_proj'];
    const ff = config.arch === 'gpt2' ? ['mlp.c_proj'] : ['down_proj'];
    for (const s of sites.filter((s) => targets.some((t) => s.path.endsWith(t)))) {
      const isFf = ff.some((t) => s.path.endsWith(t));
      tensors.set(`${PEFT}${s.path}.ia3_l`, tensor(isFf ? [1, s.inFeatures] : [s.outFeatures, 1], rand, 0.5, 1));
    }
    return { config: { peft_type: 'IA3', target_modules: targets, feedforward_modules: ff, fan_in_fan_out: config.arch === 'gpt2' }, tensors };
  }
  const tokens = 2 + (seed % 3);
  const width = kind === 'prompt' ? config.hidden : config.layers * 2 * config.kvHeads * config.headDim;
  tensors.set('prompt_embeddings', tensor([tokens, width], rand, 1));
  const peftType = kind === 'prompt' ? 'PROMPT_TUNING' : 'PREFIX_TUNING';
  return { config: { peft_type: peftType, num_virtual_tokens: tokens, task_type: 'CAUSAL_LM', inference_mode: true }, tensors };
}

/**
 * What the adapter alone gives through the training builders (an independent implementation): the
 * merged model where the method merges, else the method's own graph rewrite. Logits [1, P+T, V].
 */
export async function referenceLogits(model: BaseModel, files: AdapterFiles | null, ids: readonly number[]): Promise<HostTensor> {
  const inputIds = hostTensor('int64', [1, ids.length], BigInt64Array.from(ids, BigInt));
  if (!files) return (await runForward({ model, inputIds })).get('logits')!;
  const plugin = await methods.get(methodOf(files.config));
  const state = plugin.load({ config: JSON.parse(JSON.stringify(files.config)), tensors: files.tensors })!;
  if (plugin.merge) {
    const tensors = plugin.merge(state, model.tensors, model.config);
    return (await runForward({ model: { ...model, tensors }, inputIds })).get('logits')!;
  }
  return (await runForward({ model, adapter: { plugin, state }, inputIds })).get('logits')!;
}

/** Max |a - b| over `count` values starting at the given offsets. */
export function maxDiff(a: ArrayLike<number>, aOffset: number, b: ArrayLike<number>, bOffset: number, count: number): number {
  let m = 0;
  for (let i = 0; i < count; i++) m = Math.max(m, Math.abs(Number(a[aOffset + i]) - Number(b[bOffset + i])));
  return m;
}

export function argmax(a: ArrayLike<number>, offset = 0, n = a.length - offset): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (a[offset + i]! > a[offset + best]!) best = i;
  return best;
}

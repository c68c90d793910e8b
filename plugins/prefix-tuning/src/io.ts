import { hostTensor, toFloat32, type AdapterFiles, type AdapterState, type HostTensor } from '@edgetune/core';
import { PrefixTuningConfig } from './config.ts';
import { EMBEDDING, isProjected, projectOnHost, TRANSFORM } from './encoder.ts';

/** Every field PEFT 0.21 writes for a PrefixTuningConfig, with its defaults. */
export const PEFT_PREFIX_TUNING_DEFAULTS: Record<string, unknown> = {
  auto_mapping: null, base_model_name_or_path: null, encoder_hidden_size: null, inference_mode: true, init_weights: null,
  modules_to_save: null, num_attention_heads: null, num_layers: null, num_transformer_submodules: 1, num_virtual_tokens: null,
  peft_type: 'PREFIX_TUNING', peft_version: '0.21.0', prefix_projection: false, revision: null, task_type: 'CAUSAL_LM',
  token_dim: null,
};

/**
 * The projection's weights under keys PEFT ignores when it loads (it reads only `prompt_embeddings`, and
 * unexpected keys are dropped silently), so an edgetune run can resume training through the projection.
 */
const ENCODER_KEYS = [EMBEDDING, ...TRANSFORM].map((name) => [name, `edgetune.${name.replace('.default.', '.')}`] as const);

const f32 = (t: HostTensor) => hostTensor('float32', t.shape, Float32Array.from(toFloat32(t)));

/** PEFT saves the final prefix as `prompt_embeddings` [P, L*2*token_dim], with inference_mode true. */
export function savePrefixTuning(state: AdapterState<PrefixTuningConfig>): AdapterFiles {
  const cfg = state.config;
  const tensors = new Map<string, HostTensor>();
  const sizes: Record<string, number | null> = {};
  if (isProjected(cfg)) {
    const prefix = projectOnHost(state.tensors);
    tensors.set('prompt_embeddings', prefix);
    for (const [name, key] of ENCODER_KEYS) tensors.set(key, state.tensors.get(name)!);
    const tokenDim = state.tensors.get(EMBEDDING)!.shape[1]!;
    Object.assign(sizes, { token_dim: tokenDim, encoder_hidden_size: state.tensors.get(TRANSFORM[0])!.shape[0]!, num_layers: prefix.shape[1]! / (2 * tokenDim) });
  } else {
    const prefix = state.tensors.get(EMBEDDING);
    if (!prefix) throw new Error(`prefix-tuning: adapter state has no '${EMBEDDING}'`);
    tensors.set('prompt_embeddings', prefix);
    // One row is L*2*token_dim: either size follows from the other.
    const width = prefix.shape[1]!;
    if (cfg.token_dim === null && cfg.num_layers !== null) sizes.token_dim = width / (2 * cfg.num_layers);
    if (cfg.num_layers === null && cfg.token_dim !== null) sizes.num_layers = width / (2 * cfg.token_dim);
  }
  const { peft_version, ...fields } = cfg;
  const config = {
    ...PEFT_PREFIX_TUNING_DEFAULTS, ...fields, ...sizes, peft_type: 'PREFIX_TUNING', inference_mode: true,
    num_virtual_tokens: tensors.get('prompt_embeddings')!.shape[0], peft_version: peft_version ?? PEFT_PREFIX_TUNING_DEFAULTS.peft_version,
  };
  return { config, tensors };
}

export function loadPrefixTuning(files: AdapterFiles): AdapterState<PrefixTuningConfig> | undefined {
  if (files.config.peft_type !== 'PREFIX_TUNING') return undefined;
  const parsed = PrefixTuningConfig.safeParse(files.config);
  if (!parsed.success) throw new Error(`adapter_config.json is not a valid prefix-tuning config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const tensors = new Map<string, HostTensor>();
  const projected = parsed.data.prefix_projection && ENCODER_KEYS.every(([, key]) => files.tensors.has(key));
  if (projected) {
    for (const [name, key] of ENCODER_KEYS) tensors.set(name, f32(files.tensors.get(key)!));
  } else {
    const prefix = files.tensors.get('prompt_embeddings');
    if (prefix && (prefix.shape.length !== 2 || prefix.shape[0] !== parsed.data.num_virtual_tokens)) {
      throw new Error(`prefix-tuning: prompt_embeddings has shape [${prefix.shape}], expected [${parsed.data.num_virtual_tokens}, num_layers*2*token_dim]`);
    }
    if (prefix) tensors.set(EMBEDDING, f32(prefix));
  }
  // Without the projection's weights, a projected adapter is served as the fixed prefix PEFT saved (its inference_mode).
  const config = { ...parsed.data, inference_mode: projected ? false : parsed.data.inference_mode || parsed.data.prefix_projection };
  return { method: 'prefix-tuning', config, tensors };
}

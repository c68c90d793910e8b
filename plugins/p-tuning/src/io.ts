import { hostTensor, toFloat32, type AdapterFiles, type AdapterState, type HostTensor } from '@edgetune/core';
import { hostBackend, matFrom } from './backends.ts';
import { PTuningConfig } from './config.ts';
import { EMBEDDING, PREFIX } from './embedding.ts';
import { encoderDims, promptEncoder } from './encoder.ts';

/** Every field PEFT 0.21 writes for a PromptEncoderConfig, with its defaults. */
export const PEFT_P_TUNING_DEFAULTS: Record<string, unknown> = {
  auto_mapping: null, base_model_name_or_path: null, encoder_dropout: 0.0, encoder_hidden_size: null, encoder_num_layers: 2,
  encoder_reparameterization_type: 'MLP', inference_mode: true, modules_to_save: null, num_attention_heads: null,
  num_layers: null, num_transformer_submodules: 1, num_virtual_tokens: null, peft_type: 'P_TUNING', peft_version: '0.21.0',
  revision: null, task_type: 'CAUSAL_LM', token_dim: null,
};

/**
 * Encoder weights go under `edgetune.prompt_encoder.*`: PEFT reads only `prompt_embeddings` and drops
 * unexpected keys silently, and these names match nothing in a PEFT model, so PEFT serves the adapter
 * while an edgetune run can resume training the encoder.
 */
export const ENCODER_KEY = 'edgetune.prompt_encoder.';

const f32 = (t: HostTensor) => hostTensor('float32', t.shape, Float32Array.from(toFloat32(t)));

/** PEFT's get_prompt_embedding_to_save: the encoder's output on arange(P), [P, C]. */
export function encodePrompt(state: AdapterState<PTuningConfig>): HostTensor {
  const e = state.tensors.get(EMBEDDING);
  if (!e) throw new Error(`p-tuning: adapter state has no '${EMBEDDING}'`);
  if (state.config.inference_mode) return e;
  const out = promptEncoder(hostBackend, (name) => {
    const t = state.tensors.get(PREFIX + name);
    if (!t) throw new Error(`p-tuning: adapter state has no '${PREFIX + name}'`);
    return matFrom(t);
  }, state.config, encoderDims({ ...state.config, encoder_hidden_size: encoderWidth(state) }, e.shape[1]!));
  return hostTensor('float32', [out.rows, out.cols], Float32Array.from(out.data));
}

/** The encoder's hidden size, read off its first layer. */
function encoderWidth(state: AdapterState<PTuningConfig>): number {
  const lstm = state.tensors.get(`${PREFIX}lstm_head.weight_hh_l0`);
  if (lstm) return lstm.shape[1]!;
  const first = state.tensors.get(`${PREFIX}mlp_head.0.weight`);
  if (!first) throw new Error(`p-tuning: adapter state has no '${PREFIX}mlp_head.0.weight'`);
  return first.shape[0]!;
}

export function savePTuning(state: AdapterState<PTuningConfig>): AdapterFiles {
  const prompt = encodePrompt(state);
  const tensors = new Map<string, HostTensor>([['prompt_embeddings', prompt]]);
  const { peft_version, ...fields } = state.config;
  const config: Record<string, unknown> = {
    ...PEFT_P_TUNING_DEFAULTS, ...fields, peft_type: 'P_TUNING', inference_mode: true,
    num_virtual_tokens: prompt.shape[0], token_dim: prompt.shape[1], peft_version: peft_version ?? PEFT_P_TUNING_DEFAULTS.peft_version,
  };
  if (!state.config.inference_mode) {
    config.encoder_hidden_size = encoderWidth(state);
    for (const [name, t] of state.tensors) if (name.startsWith(PREFIX)) tensors.set(ENCODER_KEY + name.slice(PREFIX.length), t);
  }
  return { config, tensors };
}

export function loadPTuning(files: AdapterFiles): AdapterState<PTuningConfig> | undefined {
  if (files.config.peft_type !== 'P_TUNING') return undefined;
  const parsed = PTuningConfig.safeParse(files.config);
  if (!parsed.success) throw new Error(`adapter_config.json is not a valid p-tuning config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const tensors = new Map<string, HostTensor>();
  const encoder = [...files.tensors].filter(([k]) => k.startsWith(ENCODER_KEY));
  if (encoder.length > 0) {
    // Saved by edgetune: restore the encoder, so training resumes where it stopped.
    for (const [k, t] of encoder) tensors.set(PREFIX + k.slice(ENCODER_KEY.length), f32(t));
    return { method: 'p-tuning', config: { ...parsed.data, inference_mode: false }, tensors };
  }
  // Saved by PEFT: only the encoder's output exists, so it is served as fixed virtual tokens (PEFT's inference_mode).
  const prompt = files.tensors.get('prompt_embeddings');
  if (prompt) {
    if (prompt.shape.length !== 2 || prompt.shape[0] !== parsed.data.num_virtual_tokens) {
      throw new Error(`p-tuning: prompt_embeddings has shape [${prompt.shape}], expected [${parsed.data.num_virtual_tokens}, token_dim]`);
    }
    tensors.set(EMBEDDING, f32(prompt));
  }
  return { method: 'p-tuning', config: { ...parsed.data, inference_mode: true }, tensors };
}

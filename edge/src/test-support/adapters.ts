// PEFT LoRA adapter files for the tiny test models, as multipart forms.
import { hostTensor } from '@edgetune/core/graph/host-tensor.ts';
import { serializeSafetensors } from '@edgetune/core/weights/safetensors-write.ts';

export interface LoraSpec {
  r?: number;
  /** module path → [in, out] */
  modules?: Record<string, [number, number]>;
  config?: Record<string, unknown>;
  /** Replace tensors (name → shape) after building. */
  extra?: Record<string, number[]>;
  seed?: number;
}

/** gpt2 tiny (hidden 32): c_attn is 32 → 96 in layers 0 and 1. */
export const GPT2_ATTN: Record<string, [number, number]> = {
  'transformer.h.0.attn.c_attn': [32, 96],
  'transformer.h.1.attn.c_attn': [32, 96],
};

export function loraFiles(spec: LoraSpec = {}): { config: string; weights: Uint8Array } {
  const r = spec.r ?? 4;
  const tensors = new Map<string, ReturnType<typeof hostTensor>>();
  let x = spec.seed ?? 1;
  const fill = (n: number) => Float32Array.from({ length: n }, () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 0.1);
  for (const [path, [inF, outF]] of Object.entries(spec.modules ?? GPT2_ATTN)) {
    tensors.set(`base_model.model.${path}.lora_A.weight`, hostTensor('float32', [r, inF], fill(r * inF)));
    tensors.set(`base_model.model.${path}.lora_B.weight`, hostTensor('float32', [outF, r], fill(outF * r)));
  }
  for (const [name, shape] of Object.entries(spec.extra ?? {})) tensors.set(name, hostTensor('float32', shape, fill(shape.reduce((a, b) => a * b, 1))));
  const config = { peft_type: 'LORA', task_type: 'CAUSAL_LM', r, lora_alpha: 2 * r, target_modules: ['c_attn'], fan_in_fan_out: true, ...spec.config };
  return { config: JSON.stringify(config), weights: serializeSafetensors(tensors, { format: 'pt' }) };
}

export function adapterForm(fields: Record<string, string>, files: { config?: string; weights?: Uint8Array } = loraFiles()): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (files.config !== undefined) form.append('adapter_config', new File([files.config], 'adapter_config.json'));
  if (files.weights !== undefined) form.append('adapter_model', new File([files.weights], 'adapter_model.safetensors'));
  return form;
}

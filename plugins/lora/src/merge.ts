import { hostTensor, toFloat32, type AdapterState, type HostTensor, type ModelConfig } from '@edgetune/core';
import { moduleRank, type LoraConfig } from './config.ts';
import { PREFIX } from './layer.ts';

/**
 * W' = W + scaling * B @ A, written in the base checkpoint's own layout: nn.Linear stores [out, in],
 * GPT-2's Conv1D [in, out] (PEFT's fan_in_fan_out).
 */
export function mergeLora(state: AdapterState<LoraConfig>, base: Map<string, HostTensor>, model: ModelConfig): Map<string, HostTensor> {
  const merged = new Map(base);
  for (const [name, a] of state.tensors) {
    const m = /^(.*)\.lora_A\.default\.weight$/.exec(name);
    if (!m) continue;
    const path = m[1]!.slice(PREFIX.length);
    const b = state.tensors.get(`${m[1]}.lora_B.default.weight`)!;
    const weightName = `${path}.weight`;
    const w = base.get(weightName);
    if (!w) throw new Error(`merge: base model has no '${weightName}'`);
    const { r, scaling } = moduleRank(state.config, path);
    const [out, inF] = [b.shape[0]!, a.shape[1]!];
    const conv1d = model.arch === 'gpt2';
    const data = Float32Array.from(toFloat32(w));
    const A = a.data as Float32Array;
    const B = b.data as Float32Array;
    for (let o = 0; o < out; o++) {
      for (let i = 0; i < inF; i++) {
        let s = 0;
        for (let k = 0; k < r; k++) s += B[o * r + k]! * A[k * inF + i]!;
        data[conv1d ? i * out + o : o * inF + i]! += scaling * s;
      }
    }
    merged.set(weightName, hostTensor('float32', w.shape, data));
  }
  return merged;
}

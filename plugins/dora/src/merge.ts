import { hostTensor, type AdapterState, type HostTensor, type ModelConfig } from '@edgetune/core';
import { mergeLora } from '@edgetune/plugin-lora';
import { loraView, type DoraConfig } from './config.ts';
import { PREFIX } from './names.ts';
import { rowNorms, scaleRows } from './norms.ts';

/**
 * W' = m ⊙ (W + s·B·A) / ||W + s·B·A|| per output row (PEFT's DoRA merge), in the checkpoint's own layout:
 * LoRA's merge gives W + s·B·A, then each output row is rescaled to its learned magnitude. Biases stay.
 */
export function mergeDora(state: AdapterState<DoraConfig>, base: Map<string, HostTensor>, model: ModelConfig): Map<string, HostTensor> {
  const merged = mergeLora({ ...state, config: loraView(state.config) }, base, model);
  for (const [name, m] of state.tensors) {
    const hit = /^(.*)\.lora_magnitude_vector\.default\.weight$/.exec(name);
    if (!hit) continue;
    const weightName = `${hit[1]!.slice(PREFIX.length)}.weight`;
    const w = merged.get(weightName)!;
    const out = m.data.length;
    const layout = { inF: (w.data.length / out) | 0, out, outMajor: model.arch !== 'gpt2' }; // Conv1D is [in, out]
    const data = Float32Array.from(w.data as Float32Array);
    const norms = rowNorms(data, layout);
    scaleRows(data, Float32Array.from(m.data as Float32Array, (v, o) => v / norms[o]!), layout);
    merged.set(weightName, hostTensor('float32', w.shape, data));
  }
  return merged;
}

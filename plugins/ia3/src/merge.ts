import { hostTensor, toFloat32, type AdapterState, type HostTensor, type ModelConfig } from '@edgetune/core';
import { isFeedforward, type IA3Config } from './config.ts';
import { PREFIX } from './layer.ts';

/**
 * Folds l into the base weights as PEFT's IA3 merge does: a feedforward module's input columns
 * (W[:, i] *= l[i]); any other module's output rows and its bias (W[o, :] *= l[o], b[o] *= l[o]).
 * Written in the checkpoint's own layout: nn.Linear [out, in], GPT-2's Conv1D [in, out].
 */
export function mergeIA3(state: AdapterState<IA3Config>, base: Map<string, HostTensor>, model: ModelConfig): Map<string, HostTensor> {
  const merged = new Map(base);
  for (const [name, t] of state.tensors) {
    const m = /^(.*)\.ia3_l\.default$/.exec(name);
    if (!m) continue;
    const path = m[1]!.slice(PREFIX.length);
    const w = base.get(`${path}.weight`);
    if (!w) throw new Error(`merge: base model has no '${path}.weight'`);
    const l = t.data as Float32Array;
    const ff = isFeedforward(state.config, path);
    const [rows, cols] = w.shape as [number, number];
    const conv1d = model.arch === 'gpt2'; // [in, out]
    // Which axis of the stored matrix l runs along: input for feedforward, output otherwise.
    const alongRows = ff === conv1d;
    if (l.length !== (alongRows ? rows : cols)) throw new Error(`merge: ${name} has ${l.length} entries, '${path}.weight' is [${w.shape}]`);
    const data = Float32Array.from(toFloat32(w));
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j]! *= l[alongRows ? i : j]!;
    merged.set(`${path}.weight`, hostTensor('float32', w.shape, data));
    const bias = base.get(`${path}.bias`);
    if (!ff && bias) merged.set(`${path}.bias`, hostTensor('float32', bias.shape, Float32Array.from(toFloat32(bias), (b, o) => b * l[o]!)));
  }
  return merged;
}

import { hostTensor, toFloat32, type AdapterState, type HostTensor, type ModelConfig } from '@edgetune/core';
import { mergeLora } from '@edgetune/plugin-lora';
import type { QloraConfig } from './config.ts';
import { isQuantized } from './layer.ts';
import { dequantizeNf4, quantizeNf4 } from './nf4.ts';

/** Block linears by HF name: 2-D weights under transformer.h.N. or model.layers.N. */
const BLOCK_LINEAR = /^(?:transformer\.h|model\.layers)\.(\d+)\..+$/;

function transpose(src: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = src[r * cols + c]!;
  return out;
}

/**
 * The base the adapter was trained against, in float32: every 4-bit weight replaced by exactly what
 * the graph dequantizes (quantized in graph layout [in, out], as in training), then LoRA merged on top.
 * The result is a float32 checkpoint (re-quantizing it, as bitsandbytes' merge does, would add error).
 */
export function mergeQlora(state: AdapterState<QloraConfig>, base: Map<string, HostTensor>, model: ModelConfig): Map<string, HostTensor> {
  const dequantized = new Map(base);
  for (const [name, t] of base) {
    const hit = name.endsWith('.weight') && t.shape.length === 2 ? BLOCK_LINEAR.exec(name) : null;
    if (!hit || !isQuantized({ path: name.slice(0, -'.weight'.length), layer: Number(hit[1]) }, state.config)) continue;
    const [rows, cols] = t.shape as [number, number];
    const conv1d = model.arch === 'gpt2'; // stored [in, out] already
    const graphLayout = conv1d ? Float32Array.from(toFloat32(t)) : transpose(toFloat32(t) as Float32Array, rows, cols);
    const deq = dequantizeNf4(quantizeNf4(graphLayout, state.config.block_size, state.config.double_quant));
    dequantized.set(name, hostTensor('float32', t.shape, conv1d ? deq : transpose(deq, cols, rows)));
  }
  return mergeLora(state, dequantized, model);
}

import { inits, type Init } from '@edgetune/core';
import type { PTuningConfig } from './config.ts';

/** The few 2-D ops the prompt encoder needs, so one definition runs in the graph and on the host. */
export interface Backend<T> {
  /** x [N, in] @ W^T + b, with W [out, in] and b [out] as nn.Linear stores them. */
  linear(x: T, w: T, b: T): T;
  relu(x: T): T;
  tanh(x: T): T;
  sigmoid(x: T): T;
  add(a: T, b: T): T;
  mul(a: T, b: T): T;
  rows(x: T, start: number, count: number): T;
  cols(x: T, start: number, count: number): T;
  catRows(xs: T[]): T;
  catCols(xs: T[]): T;
  zeros(rows: number, cols: number): T;
}

/** A trainable tensor by its name under `prompt_encoder.default.`. */
export type ParamFn<T> = (name: string, shape: number[], init: Init) => T;

export interface EncoderDims {
  tokens: number; // P
  dim: number; // token_dim C
  hidden: number; // encoder_hidden_size H
}

export function encoderDims(cfg: PTuningConfig, modelHidden: number): EncoderDims {
  const dim = cfg.token_dim ?? modelHidden;
  if (dim !== modelHidden) throw new Error(`p-tuning: token_dim ${dim} differs from the model's hidden size ${modelHidden}`);
  return { tokens: cfg.num_virtual_tokens, dim, hidden: cfg.encoder_hidden_size ?? dim };
}

/** nn.Linear's and nn.LSTM's default init: U(-1/sqrt(k), 1/sqrt(k)). */
const uniform = (k: number): Init => (shape, rand) =>
  Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rand() * 2 - 1) / Math.sqrt(k));

function linear<T>(be: Backend<T>, p: ParamFn<T>, name: string, x: T, inF: number, outF: number): T {
  return be.linear(x, p(`${name}.weight`, [outF, inF], uniform(inF)), p(`${name}.bias`, [outF], uniform(inF)));
}

/** One direction of one nn.LSTM layer over the P steps (gates i, f, g, o; zero initial state). Returns h_t per step. */
function lstmDirection<T>(be: Backend<T>, p: ParamFn<T>, x: T, inF: number, hidden: number, steps: number, suffix: string): T[] {
  const init = uniform(hidden);
  const wih = p(`lstm_head.weight_ih_${suffix}`, [4 * hidden, inF], init);
  const whh = p(`lstm_head.weight_hh_${suffix}`, [4 * hidden, hidden], init);
  const bih = p(`lstm_head.bias_ih_${suffix}`, [4 * hidden], init);
  const bhh = p(`lstm_head.bias_hh_${suffix}`, [4 * hidden], init);
  const xw = be.linear(x, wih, bih); // [P, 4H], all input projections at once
  let h = be.zeros(1, hidden);
  let c = be.zeros(1, hidden);
  const out: T[] = new Array(steps);
  const order = [...Array(steps).keys()];
  if (suffix.endsWith('_reverse')) order.reverse();
  for (const t of order) {
    const gates = be.add(be.rows(xw, t, 1), be.linear(h, whh, bhh)); // [1, 4H]
    const gate = (k: number) => be.cols(gates, k * hidden, hidden);
    c = be.add(be.mul(be.sigmoid(gate(1)), c), be.mul(be.sigmoid(gate(0)), be.tanh(gate(2))));
    h = be.mul(be.sigmoid(gate(3)), be.tanh(c));
    out[t] = h;
  }
  return out;
}

/**
 * PEFT's PromptEncoder.forward on arange(P): embedding [P, C], then
 * MLP: Linear(C, H) -> ReLU -> Linear(H, H) -> ReLU -> Linear(H, C), or
 * LSTM: bidirectional nn.LSTM(C, H, encoder_num_layers) -> Linear(2H, 2H) -> ReLU -> Linear(2H, C). Returns [P, C].
 */
export function promptEncoder<T>(be: Backend<T>, p: ParamFn<T>, cfg: PTuningConfig, d: EncoderDims): T {
  const e = p('embedding.weight', [d.tokens, d.dim], inits.normal(1)); // nn.Embedding: N(0, 1)
  const H = d.hidden;
  if (cfg.encoder_reparameterization_type === 'MLP') {
    const h1 = be.relu(linear(be, p, 'mlp_head.0', e, d.dim, H));
    const h2 = be.relu(linear(be, p, 'mlp_head.2', h1, H, H));
    return linear(be, p, 'mlp_head.4', h2, H, d.dim);
  }
  let x = e;
  let inF = d.dim;
  for (let layer = 0; layer < cfg.encoder_num_layers; layer++) {
    const fwd = lstmDirection(be, p, x, inF, H, d.tokens, `l${layer}`);
    const bwd = lstmDirection(be, p, x, inF, H, d.tokens, `l${layer}_reverse`);
    x = be.catRows(fwd.map((f, t) => be.catCols([f, bwd[t]!]))); // [P, 2H]
    inF = 2 * H;
  }
  return linear(be, p, 'mlp_head.2', be.relu(linear(be, p, 'mlp_head.0', x, 2 * H, 2 * H)), 2 * H, d.dim);
}

import { gradients } from '../autodiff/index.ts';
import { CompiledGraph, hostTensor, type Device, type HostTensor } from '../graph/index.ts';
import { ParameterStore, type AdapterState, type MethodPlugin } from '../plugin/index.ts';
import type { BaseModel } from './base-model.ts';
import { buildLossGraph } from './loss-graph.ts';

export interface ForwardRequest {
  model: BaseModel;
  adapter?: { plugin: MethodPlugin; state: AdapterState<unknown> };
  /** [B, T] int64 */
  inputIds: HostTensor;
  /** [B, T] int64; padded positions are excluded from the loss. */
  attentionMask?: HostTensor;
  /** Also return grad.<name> for every trainable adapter tensor (PEFT in-memory names). */
  grads?: boolean;
  device?: Device;
}

/** labels = input_ids, with positions the attention mask hides set to -100. */
export function labelsFor(inputIds: HostTensor, attentionMask?: HostTensor): HostTensor {
  const labels = BigInt64Array.from(inputIds.data as BigInt64Array);
  if (attentionMask) {
    for (let i = 0; i < labels.length; i++) if (Number(attentionMask.data[i]) === 0) labels[i] = -100n;
  }
  return hostTensor('int64', inputIds.shape, labels);
}

/** One forward (and optionally backward) pass: logits, loss and gradients, as `edgetune forward` writes them. */
export async function runForward(req: ForwardRequest): Promise<Map<string, HostTensor>> {
  const [batch, seq] = req.inputIds.shape as [number, number];
  const params = new ParameterStore();
  for (const [k, v] of req.adapter?.state.tensors ?? []) params.values.set(k, v);
  const method = req.adapter && { plugin: req.adapter.plugin, config: req.adapter.state.config };
  const lg = buildLossGraph(req.model, { batch, seq, attentionMask: Boolean(req.attentionMask), method, params });
  lg.g.output(lg.logits, 'logits');
  lg.g.output(lg.loss, 'loss');
  if (req.grads) {
    if (lg.params.length === 0) throw new Error('--grads needs an adapter with trainable tensors');
    const grads = gradients(lg.loss, lg.params);
    lg.params.forEach((p, i) => lg.g.output(grads[i]!, `grad.${p.name}`));
  }
  const session = await CompiledGraph.create(lg.g, { device: req.device });
  try {
    const feeds: Record<string, HostTensor> = { input_ids: req.inputIds, labels: labelsFor(req.inputIds, req.attentionMask), ...params.feeds() };
    if (req.attentionMask) feeds.attention_mask = req.attentionMask;
    const out = await session.run(feeds);
    return new Map(Object.entries(out).map(([k, v]) => [k, k === 'loss' ? hostTensor(v.dtype, [1], v.data) : v]));
  } finally {
    await session.release();
  }
}

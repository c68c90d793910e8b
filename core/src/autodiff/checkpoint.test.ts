import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompiledGraph, Graph, hostTensor, ops, type Value } from '../graph/index.ts';
import { gradients } from './grad.ts';

/** A stack of residual tanh-MLP blocks; returns the loss and the block boundaries. */
function stack(g: Graph, x: Value, ws: Value[]): { loss: Value; boundaries: Value[] } {
  const boundaries = [x];
  let h = x;
  for (const w of ws) {
    h = ops.add(h, ops.tanh(ops.matmul(ops.layerNorm(h, g.constant('float32', [8], new Float32Array(8).fill(1)), null, 1e-5).y, w)));
    boundaries.push(h);
  }
  return { loss: ops.reduceMean(ops.mul(h, h), [0, 1, 2], false), boundaries };
}

async function run(checkpointing: boolean) {
  const g = new Graph();
  const x = g.input('x', 'float32', [2, 5, 8]);
  const ws = [0, 1, 2].map((i) => g.input(`w${i}`, 'float32', [8, 8]));
  const { loss, boundaries } = stack(g, x, ws);
  const grads = gradients(loss, ws, { checkpoints: checkpointing ? boundaries : undefined });
  grads.forEach((gr, i) => g.output(gr, `grad${i}`));
  const session = await CompiledGraph.create(g);
  const rand = (n: number, s: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + s) * 0.5);
  const feeds = { x: hostTensor('float32', [2, 5, 8], rand(80, 1)), w0: hostTensor('float32', [8, 8], rand(64, 2)), w1: hostTensor('float32', [8, 8], rand(64, 3)), w2: hostTensor('float32', [8, 8], rand(64, 4)) };
  const out = await session.run(feeds);
  await session.release();
  return { out, recomputed: g.nodes.filter((n) => n.name.includes('recompute')).length };
}

test('gradient checkpointing recomputes blocks and gives the same gradients', async () => {
  const plain = await run(false);
  const ckpt = await run(true);
  assert.equal(plain.recomputed, 0);
  assert.ok(ckpt.recomputed > 0, 'checkpointing must re-emit forward nodes in the backward graph');
  for (const k of ['grad0', 'grad1', 'grad2']) {
    const a = plain.out[k]!.data as Float32Array;
    const b = ckpt.out[k]!.data as Float32Array;
    const err = Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
    assert.ok(err < 1e-6, `${k}: checkpointed gradient differs by ${err}`);
  }
});

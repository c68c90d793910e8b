import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Graph } from './graph.ts';
import { hostTensor } from './host-tensor.ts';
import * as ops from './ops/index.ts';
import { CompiledGraph, SessionCache } from './session.ts';

function affine(): Graph {
  const g = new Graph();
  const x = g.input('x', 'float32', [2, 3]);
  const w = g.initializer('w', 'float32', [3, 4], Float32Array.from({ length: 12 }, (_, i) => i / 10));
  const b = g.initializer('b', 'float32', [4], Float32Array.of(1, 2, 3, 4));
  g.output(ops.add(ops.matmul(x, w), b), 'y');
  return g;
}

const feeds = { x: hostTensor('float32', [2, 3], Float32Array.of(1, 2, 3, -1, 0, 1)) };

test('weights in external data give the same results as weights inline', async () => {
  const inline = await CompiledGraph.create(affine());
  const external = await CompiledGraph.create(affine(), { externalDataAbove: 0 });
  const a = (await inline.run(feeds)).y!.data as Float32Array;
  const b = (await external.run(feeds)).y!.data as Float32Array;
  assert.deepEqual(Array.from(b), Array.from(a));
  const x = [[1, 2, 3], [-1, 0, 1]];
  const expected = x.flatMap((row) => [0, 1, 2, 3].map((j) => j + 1 + row.reduce((acc, xi, i) => acc + xi * ((i * 4 + j) / 10), 0)));
  Array.from(a).forEach((v, i) => assert.ok(Math.abs(Number(v) - expected[i]!) < 1e-6, `y[${i}] = ${v}, expected ${expected[i]}`));
});

test('the session cache compiles a graph once per key', async () => {
  const cache = new SessionCache();
  let builds = 0;
  const build = () => {
    builds++;
    return affine();
  };
  const [s1, s2] = await Promise.all([cache.get('affine:2x3', build), cache.get('affine:2x3', build)]);
  assert.equal(s1, s2);
  await cache.get('affine:other', build);
  assert.equal(builds, 2);
  assert.equal(cache.size, 2);
  await cache.clear();
  assert.equal(cache.size, 0);
});

test('missing inputs and unknown devices are reported by name', async () => {
  const s = await CompiledGraph.create(affine());
  await assert.rejects(s.run({}), /missing graph inputs: x/);
  await assert.rejects(CompiledGraph.create(affine(), { device: 'tpu' as never }), /unknown device 'tpu'/);
});

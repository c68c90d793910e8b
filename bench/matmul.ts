// The engine decision in numbers: 1024x1024 fp32 matmul throughput, onnxruntime-node against
// TensorFlow.js's pure-JS CPU backend (optional: --tfjs DIR, a folder where @tensorflow/tfjs is installed).
// Prints one JSON line last.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CompiledGraph, Graph, hostTensor, ops } from '@edgetune/core';
import { median } from './median.ts';

const { values: a } = parseArgs({ options: { n: { type: 'string', default: '1024' }, reps: { type: 'string', default: '20' }, tfjs: { type: 'string' } } });
const n = Number(a.n);
const reps = Number(a.reps);
const flops = 2 * n ** 3;
const rand = () => Float32Array.from({ length: n * n }, (_, i) => Math.sin(i) * 0.01);

async function ort(): Promise<number> {
  const g = new Graph();
  g.output(ops.matmul(g.input('a', 'float32', [n, n]), g.input('b', 'float32', [n, n])), 'c');
  const s = await CompiledGraph.create(g);
  const feeds = { a: hostTensor('float32', [n, n], rand()), b: hostTensor('float32', [n, n], rand()) };
  await s.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await s.run(feeds);
    times.push(performance.now() - t);
  }
  await s.release();
  return flops / (median(times) / 1000) / 1e9;
}

async function tfjs(dir: string): Promise<number> {
  const tf = createRequire(join(dir, 'package.json'))('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  const x = tf.tensor2d(rand(), [n, n]);
  const y = tf.tensor2d(rand(), [n, n]);
  tf.matMul(x, y).dataSync();
  const times: number[] = [];
  for (let i = 0; i < Math.min(reps, 3); i++) {
    const t = performance.now();
    tf.matMul(x, y).dataSync();
    times.push(performance.now() - t);
  }
  return flops / (median(times) / 1000) / 1e9;
}

const result: Record<string, unknown> = { bench: 'matmul', n, ort_cpu_gflops: Number((await ort()).toFixed(1)) };
if (a.tfjs) {
  result.tfjs_cpu_gflops = Number((await tfjs(a.tfjs)).toFixed(2));
  result.ratio = Number(((result.ort_cpu_gflops as number) / (result.tfjs_cpu_gflops as number)).toFixed(0));
}
console.log(JSON.stringify(result));

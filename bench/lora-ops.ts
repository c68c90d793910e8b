// What the per-row LoRA delta costs in one decode step, and whether another ONNX formulation of it is cheaper:
// the 24 sites of the bench model (384 wide, 6 layers; c_attn, attn/mlp c_proj, c_fc), batch 32, r = 8, every
// row its own factors, as bench/serve.ts's 64-adapter lane feeds them. Variants, each a graph of only these ops:
//   matmul         x [B,1,in] @ A [B,in,R] @ B [B,R,out]: what lora-delta.ts builds
//   matmul_1thread the same with one intra-op thread (does ORT parallelize these small batched GEMMs?)
//   fp16_cast      factors fed as float16 and Cast to float32 in the graph: half the bytes read
//   transposed     Aᵀ [B,R,in] @ xᵀ and Bᵀ [B,out,R] @ downᵀ: the factors as MLAS's unpacked operand
//   mul_reducesum  broadcast Mul then ReduceSum: no GEMM at all
// read_ms is a memchr over the same number of bytes (the memory floor). Runs alternate; medians. One JSON line.
//   node --import tsx bench/lora-ops.ts [--steps 80]
import { parseArgs } from 'node:util';
import { CompiledGraph, Graph, hostTensor, type HostTensor } from '@edgetune/core';
import { emit } from '../core/src/graph/ops/emit.ts';
import { float32ToFloat16Array } from '../core/src/weights/index.ts';
import { median } from './median.ts';

const { values: a } = parseArgs({ options: { steps: { type: 'string', default: '80' } } });
const [B, R, LAYERS] = [32, 8, 6];
const SITES = [[384, 1152], [384, 384], [384, 1536], [1536, 384]] as const; // [in, out] per block
const filled = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * 0.05);

type Variant = 'matmul' | 'fp16_cast' | 'transposed' | 'mul_reducesum';

async function build(variant: Variant, threads?: number) {
  const g = new Graph();
  const feeds: Record<string, HostTensor> = {};
  const shape = (name: string, dims: number[]) => g.constant('int64', [dims.length], BigInt64Array.from(dims.map(BigInt)), name);
  const input = (name: string, dims: number[], seed: number, dtype: 'float32' | 'float16' = 'float32') => {
    const data = filled(dims.reduce((p, q) => p * q), seed);
    feeds[name] = dtype === 'float32' ? hostTensor('float32', dims, data) : hostTensor('float16', dims, float32ToFloat16Array(data));
    return g.input(name, dtype, dims);
  };
  let k = 0;
  for (let l = 0; l < LAYERS; l++) {
    for (const [inF, outF] of SITES) {
      const x = input(`x${k}`, [B, 1, inF], k);
      let y;
      if (variant === 'transposed') {
        const at = input(`a${k}`, [B, R, inF], k + 1);
        const bt = input(`b${k}`, [B, outF, R], k + 2);
        const down = emit(g, 'MatMul', [at, emit(g, 'Reshape', [x, shape(`xt${k}`, [B, inF, 1])], 'float32', [B, inF, 1])], 'float32', [B, R, 1]);
        y = emit(g, 'MatMul', [bt, down], 'float32', [B, outF, 1]);
      } else if (variant === 'mul_reducesum') {
        const at = input(`a${k}`, [B, R, inF], k + 1);
        const b = input(`b${k}`, [B, R, outF], k + 2);
        const down = emit(g, 'ReduceSum', [emit(g, 'Mul', [x, at], 'float32', [B, R, inF]), shape('last', [2])], 'float32', [B, R, 1], { keepdims: 1 });
        y = emit(g, 'ReduceSum', [emit(g, 'Mul', [down, b], 'float32', [B, R, outF]), shape('rank', [1])], 'float32', [B, 1, outF], { keepdims: 1 });
      } else {
        const dtype = variant === 'fp16_cast' ? 'float16' : 'float32';
        let fa = input(`a${k}`, [B, inF, R], k + 1, dtype);
        let fb = input(`b${k}`, [B, R, outF], k + 2, dtype);
        if (dtype === 'float16') {
          fa = emit(g, 'Cast', [fa], 'float32', [B, inF, R], { to: 1 });
          fb = emit(g, 'Cast', [fb], 'float32', [B, R, outF], { to: 1 });
        }
        y = emit(g, 'MatMul', [emit(g, 'MatMul', [x, fa], 'float32', [B, 1, R]), fb], 'float32', [B, 1, outF]);
      }
      g.output(y, `y${k++}`);
    }
  }
  return { session: await CompiledGraph.create(g, { threads }), feeds };
}

const factorBytes = B * LAYERS * SITES.reduce((s, [i, o]) => s + (i + o) * R * 4, 0);
const variants: [string, Awaited<ReturnType<typeof build>>][] = [
  ['matmul', await build('matmul')],
  ['matmul_1thread', await build('matmul', 1)],
  ['fp16_cast', await build('fp16_cast')],
  ['transposed', await build('transposed')],
  ['mul_reducesum', await build('mul_reducesum')],
];
const times = new Map(variants.map(([name]) => [name, [] as number[]]));
const reads: number[] = [];
const bytes = Buffer.alloc(factorBytes, 1);
for (let s = -3; s < Number(a.steps); s++) {
  for (const [name, { session, feeds }] of variants) {
    const t0 = performance.now();
    await session.run(feeds);
    if (s >= 0) times.get(name)!.push(performance.now() - t0);
  }
  const t0 = performance.now();
  bytes.indexOf(7); // absent: memchr reads every byte
  if (s >= 0) reads.push(performance.now() - t0);
}
for (const [, { session }] of variants) await session.release();
const result: Record<string, number | string> = { bench: 'lora-ops', rows: B, rank: R, sites: LAYERS * SITES.length, factor_mb: Number((factorBytes / 1e6).toFixed(1)) };
for (const [name, xs] of times) result[`${name}_ms`] = Number(median(xs).toFixed(2));
result.read_ms = Number(median(reads).toFixed(2));
console.log(JSON.stringify(result));

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import ort from 'onnxruntime-node';
import {
  buildLossGraph, CompiledGraph, Graph, hostTensor, labelsFor, loadBaseModel, methods, mulberry32, ParameterStore, readAdapterDir,
  runForward, serialize, StepRunner, writeTinyRandomModel, type BaseModel,
} from '@edgetune/core';
import { testMethodPlugin } from '@edgetune/core/plugin/conformance.ts';
import lora from '@edgetune/plugin-lora';
import qlora, { blockScales, dequantizeInGraph, dequantizeNf4, DQ_BLOCK, NF4, NF4_MAX_HALF_GAP, nf4Bytes, quantizeNf4 } from './index.ts';

const HF = fileURLToPath(new URL('../../../../shared/fixtures/hf/', import.meta.url));

// The adapter is plain LoRA, so the trainable count is LoRA's (tiny models: hidden 32, GPT-2 MLP 128, Llama MLP 88, KV 16).
const r = 4;
testMethodPlugin({
  plugin: qlora,
  validConfigs: [{ r, lora_alpha: 8, target_modules: ['c_attn', 'c_proj', 'c_fc', 'q_proj', 'v_proj', 'down_proj'] }, { double_quant: false, quantize_modules: 'targets', block_size: 32 }, {}],
  invalidConfigs: [{ block_size: 63 }, { quant_type: 'fp4' }, { quantize_modules: 'some' }, { r: 0 }, { use_dora: true }],
  expectedTrainable: (arch) =>
    arch === 'gpt2'
      ? 2 * (r * (32 + 96) + r * (32 + 32) + r * (32 + 128) + r * (128 + 32))
      : 2 * (r * (32 + 32) + r * (32 + 16) + r * (88 + 32)),
});

/** Normal weights with a few outliers, as trained weights look. */
function weights(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => {
    const g = Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
    return (rand() < 0.01 ? 8 : 1) * 0.02 * g;
  });
}

test('NF4: the code table is bitsandbytes\' (16 sorted values, exact 0 and ±1)', () => {
  assert.equal(NF4.length, 16);
  for (let i = 1; i < 16; i++) assert.ok(NF4[i]! > NF4[i - 1]!);
  assert.deepEqual([NF4[0], NF4[7], NF4[15]], [-1, 0, 1]);
  // The widest gap is between the two lowest codes: (-0.6961928 - -1) / 2 = 0.1519.
  assert.ok(Math.abs(NF4_MAX_HALF_GAP - (1 - 0.6961928009986877) / 2) < 1e-7);
});

test('NF4: every weight is within absmax * max-half-gap of its block\'s dequantized value', () => {
  // Rounding w/absmax to the nearest code errs by at most half the widest gap between adjacent codes,
  // |w - deq(w)| <= absmax_block * NF4_MAX_HALF_GAP (= 0.1519 * absmax), plus float32 rounding.
  const w = weights(64 * 50 + 17, 1); // a padded last block too
  const q = quantizeNf4(w, 64, false);
  const deq = dequantizeNf4(q);
  const absmax = q.absmax!;
  let worst = 0;
  for (let i = 0; i < w.length; i++) {
    const bound = absmax[Math.floor(i / 64)]! * NF4_MAX_HALF_GAP * (1 + 1e-6);
    const err = Math.abs(w[i]! - deq[i]!);
    assert.ok(err <= bound, `weight ${i}: error ${err} > bound ${bound}`);
    worst = Math.max(worst, err / bound);
  }
  assert.ok(worst > 0.5, 'the bound is tight enough to mean something');
});

test('NF4 + double quantization: error within the NF4 bound plus the int8 absmax error (scale/2 per 256 blocks)', () => {
  const w = weights(64 * 600, 2); // 600 blocks: 3 groups of 256 absmax values
  const plain = quantizeNf4(w, 64, false);
  const q = quantizeNf4(w, 64, true);
  assert.deepEqual(q.codes, plain.codes, 'codes use the exact absmax, as bitsandbytes');
  const approx = blockScales(q);
  const deq = dequantizeNf4(q);
  for (let b = 0; b < 600; b++) {
    const dqErr = Math.abs(approx[b]! - plain.absmax![b]!);
    const step = q.dq!.scale[Math.floor(b / DQ_BLOCK)]!;
    assert.ok(dqErr <= step / 2 + 1e-7, `block ${b}: absmax error ${dqErr} > ${step / 2}`);
    for (let i = b * 64; i < (b + 1) * 64; i++) {
      const bound = plain.absmax![b]! * NF4_MAX_HALF_GAP * (1 + 1e-6) + dqErr + 1e-7;
      assert.ok(Math.abs(w[i]! - deq[i]!) <= bound, `weight ${i}`);
    }
  }
});

test('NF4: the graph dequantizes bit-identically to the host reference, with and without double quantization', async () => {
  for (const dq of [false, true]) {
    const [rows, cols] = [96, 200]; // 300 blocks: the double-quantized absmax is padded to 512
    const q = quantizeNf4(weights(rows * cols, 3), 64, dq);
    const g = new Graph('nf4');
    const x = g.input('x', 'float32', [1]);
    g.output(ops1(dequantizeInGraph(g, 'w', q, [rows, cols]), x), 'w');
    const session = await CompiledGraph.create(g);
    const out = await session.run({ x: hostTensor('float32', [1], Float32Array.of(1)) });
    await session.release();
    assert.deepEqual(out.w!.shape, [rows, cols]);
    assert.deepEqual(Array.from(out.w!.data as Float32Array), Array.from(dequantizeNf4(q)));
  }
});

/** w * x (x = 1): gives the graph a real input. */
function ops1(w: ReturnType<typeof dequantizeInGraph>, x: ReturnType<Graph['input']>) {
  const g = w.graph;
  const y = g.newValue('float32', w.shape);
  g.addNode('Mul', [w, x], [y]);
  return y;
}

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function generated(arch: 'gpt2' | 'llama'): BaseModel {
  const dir = mkdtempSync(join(tmpdir(), `edgetune-qlora-${arch}-`));
  dirs.push(dir);
  writeTinyRandomModel(join(dir, 'model'), { arch, vocabSize: 300, hidden: 128, layers: 2, heads: 4, kvHeads: arch === 'llama' ? 2 : 4, maxPositions: 32, seed: 4 });
  return loadBaseModel(join(dir, 'model'));
}

const optimizedBytes = async (g: Graph, path: string) => {
  const s = await ort.InferenceSession.create(serialize(g).model, { graphOptimizationLevel: 'all', optimizedModelFilePath: path, logSeverityLevel: 3 });
  await s.release();
  return statSync(path).size;
};

for (const arch of ['gpt2', 'llama'] as const) {
  test(`${arch}: 4-bit base weights take <= 0.3x their float32 bytes, in the graph and in ONNX Runtime`, async (t) => {
    const model = generated(arch);
    const cfg = qlora.config.parse({ r: 8, target_modules: ['c_attn', 'q_proj', 'v_proj'] });
    const lg = buildLossGraph(model, { batch: 1, seq: 8, method: { plugin: qlora, config: cfg }, params: new ParameterStore(mulberry32(1)) });
    const linears = [...model.tensors].filter(([k, t]) => /(h|layers)\.\d+\..*\.weight$/.test(k) && t.shape.length === 2);
    const fp32 = linears.reduce((n, [, t]) => n + 4 * t.data.length, 0);
    const inits = [...lg.g.initializers.values()];
    // Measured: the initializers the plugin put in the graph for the base weights (codes + scales + dq constants).
    const quantBytes = inits.filter((i) => /\.weight\.(nf4|absmax)/.test(i.value.name)).reduce((n, i) => n + i.data.byteLength, 0);
    const expected = linears.reduce((n, [, t]) => n + nf4Bytes(quantizeNf4(new Float32Array(t.data.length), 64, true)), 0);
    assert.equal(quantBytes, expected);
    assert.ok(quantBytes <= 0.3 * fp32, `4-bit base: ${quantBytes} bytes vs ${fp32} float32 (${(quantBytes / fp32).toFixed(3)}x)`);
    // No float32 copy of a quantized weight is left in the graph...
    for (const [name] of linears) assert.ok(!inits.some((i) => i.value.name === name || i.value.name === `${name}.T`), `${name} still in the graph`);
    // ...and ONNX Runtime does not fold one back (its optimized model stays smaller by ~the float32 bytes).
    const ref = buildLossGraph(model, { batch: 1, seq: 8, method: { plugin: lora, config: lora.config.parse({ r: 8, target_modules: ['c_attn', 'q_proj', 'v_proj'] }) }, params: new ParameterStore(mulberry32(1)) });
    const dir = mkdtempSync(join(tmpdir(), 'edgetune-qlora-ort-'));
    dirs.push(dir);
    const [q, f] = [await optimizedBytes(lg.g, join(dir, 'q.onnx')), await optimizedBytes(ref.g, join(dir, 'f.onnx'))];
    t.diagnostic(`base linears ${fp32} B float32 -> ${quantBytes} B 4-bit (${(quantBytes / fp32).toFixed(3)}x); ORT-optimized model ${f} B (lora) vs ${q} B (qlora)`);
    assert.ok(f - q >= 0.6 * fp32, `optimized models: qlora ${q} bytes, lora ${f} bytes, base linears ${fp32} bytes`);
  });

  test(`${arch}: training on a repeated batch lowers the loss (StepRunner, AdamW)`, async (t) => {
    const model = generated(arch);
    const params = new ParameterStore(mulberry32(7));
    const runner = await StepRunner.create(model, {
      batch: 2, seq: 16, params,
      method: { plugin: qlora, config: qlora.config.parse({ r: 8, lora_alpha: 16 }) },
      optimizer: { type: 'adamw', lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
      schedule: { type: 'constant', warmupSteps: 0, totalSteps: 12, minRatio: 0 },
    });
    const ids = hostTensor('int64', [2, 16], BigInt64Array.from({ length: 32 }, (_, i) => BigInt((i * 37 + 11) % 300)));
    const losses: number[] = [];
    for (let s = 0; s < 12; s++) losses.push((await runner.step({ input_ids: ids, labels: labelsFor(ids) }, s)).loss);
    await runner.release();
    t.diagnostic(`losses: ${losses.map((l) => l.toFixed(3)).join(' ')}`);
    assert.ok(losses.every(Number.isFinite));
    assert.ok(losses.at(-1)! < 0.8 * losses[0]!, `losses: ${losses.map((l) => l.toFixed(3)).join(' ')}`);
  });

  test(`${arch}: the base really is 4-bit (logits move, slightly) and merge gives the quantized model back`, async () => {
    const model = generated(arch);
    const variants = [{ r: 4 }, { r: 4, target_modules: ['c_attn', 'q_proj'], quantize_modules: 'targets', double_quant: false, block_size: 32 }];
    for (const raw of variants) {
      const config = qlora.config.parse(raw);
      const params = new ParameterStore(mulberry32(2));
      buildLossGraph(model, { batch: 1, seq: 8, method: { plugin: qlora, config }, params });
      // B starts at zero; nudge it so the merge has a LoRA part to fold in.
      for (const [k, t] of params.values) if (k.includes('lora_B')) params.values.set(k, hostTensor('float32', t.shape, Float32Array.from(t.data as Float32Array, (_, i) => ((i % 7) - 3) * 0.01)));
      const state = { method: 'qlora', config, tensors: params.values };
      const inputIds = hostTensor('int64', [1, 8], BigInt64Array.of(3n, 1n, 4n, 1n, 5n, 9n, 2n, 6n));
      const fp = (await runForward({ model, inputIds })).get('logits')!.data as Float32Array;
      const q4 = (await runForward({ model, adapter: { plugin: qlora, state }, inputIds })).get('logits')!.data as Float32Array;
      const merged = (await runForward({ model: { ...model, tensors: qlora.merge!(state, model.tensors, model.config) }, inputIds })).get('logits')!.data as Float32Array;
      const diff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
      assert.ok(diff(q4, fp) > 1e-6, 'quantization and LoRA change the logits');
      assert.ok(diff(merged, q4) <= 1e-4, `${JSON.stringify(raw)}: merged vs 4-bit: ${diff(merged, q4)}`);
    }
  });
}

test('qlora: saves a PEFT LoRA adapter that the registry gives back to qlora; plain PEFT LoRA files stay the lora plugin\'s', async () => {
  const fixture = readAdapterDir(join(HF, 'tiny-llama', 'adapters', 'lora'));
  assert.equal(qlora.load(fixture), undefined);
  assert.equal((await methods.forAdapter(fixture.config)).name, 'lora');
  const state = { method: 'qlora', config: qlora.config.parse({ r: 4 }), tensors: lora.load(fixture)!.tensors };
  const files = qlora.save(state);
  assert.equal(files.config.peft_type, 'LORA');
  assert.equal(files.config.edgetune_method, 'qlora');
  assert.deepEqual([...files.tensors.keys()].sort(), [...fixture.tensors.keys()].sort());
  for (const k of Object.keys(fixture.config)) assert.ok(k in files.config, `PEFT field ${k}`);
  assert.equal(lora.load(files), undefined, 'files qlora wrote are not plain LoRA to edgetune');
  assert.equal((await methods.forAdapter(files.config)).name, 'qlora');
  assert.ok(lora.load({ ...files, config: { ...files.config, edgetune_method: undefined } }), 'the tensors are PEFT LoRA');
  assert.equal(qlora.load(files)!.config.double_quant, true);
});

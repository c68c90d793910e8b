import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadBaseModel, type BaseModel } from '../engine/base-model.ts';
import { labelsFor, runForward } from '../engine/forward.ts';
import { hostTensor, type HostTensor } from '../graph/index.ts';
import { methods, ParameterStore } from '../plugin/index.ts';
import { mulberry32, writeTinyRandomModel } from '../weights/index.ts';
import { diagonalFisher } from './ewc-fisher.ts';
import { StepRunner, type Batch } from './step-runner.ts';

let dir: string;
let student: BaseModel;
let teacher: BaseModel;
const V = 300;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'edgetune-objective-'));
  const opts = { arch: 'gpt2' as const, vocabSize: V, hidden: 32, layers: 2, heads: 2, maxPositions: 16 };
  writeTinyRandomModel(join(dir, 's'), { ...opts, seed: 3 });
  writeTinyRandomModel(join(dir, 't'), { ...opts, hidden: 64, seed: 4 });
  student = loadBaseModel(join(dir, 's'));
  teacher = loadBaseModel(join(dir, 't'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function batch(seed: number): Batch {
  const r = mulberry32(seed);
  const ids = hostTensor('int64', [2, 8], BigInt64Array.from({ length: 16 }, () => BigInt(1 + Math.floor(r() * 290))));
  const labels = labelsFor(ids);
  labels.data[3] = -100n; // one ignored label: it must drop out of every term
  return { input_ids: ids, labels };
}

const lora = async () => {
  const plugin = await methods.get('lora');
  return { plugin, config: plugin.config.parse({ r: 4, lora_alpha: 8 }) };
};

/** Per scored row: log-softmax of the student and teacher logits at temperature T, and the label. */
function rows(b: Batch, s: HostTensor, t: HostTensor, T: number) {
  const lsm = (x: Float32Array, at: number, temp: number) => {
    const row = Array.from(x.subarray(at * V, at * V + V), (v) => v / temp);
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
    return row.map((v) => v - lse);
  };
  const out = [];
  for (let bi = 0; bi < 2; bi++) for (let p = 0; p < 7; p++) {
    const y = Number(b.labels.data[bi * 8 + p + 1]);
    if (y === -100) continue;
    const at = bi * 8 + p;
    out.push({ y, ls: lsm(s.data as Float32Array, at, 1), lsT: lsm(s.data as Float32Array, at, T), ltT: lsm(t.data as Float32Array, at, T) });
  }
  return out;
}

test('smoothed, distilled objective in the step graph equals a hand computation from the two models\' logits', async () => {
  const [eps, alpha, T] = [0.1, 0.3, 2];
  const b = batch(1);
  const runner = await StepRunner.create(student, {
    batch: 2, seq: 8, params: new ParameterStore(mulberry32(0)), method: await lora(),
    optimizer: { type: 'sgd', lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0 },
    schedule: { type: 'constant', warmupSteps: 0, totalSteps: 1, minRatio: 0 },
    labelSmoothing: eps, distill: { teacher, alpha, temperature: T },
  });
  const r = await runner.step(b, 0);
  await runner.release();
  // LoRA's B starts at zero: the student's first-step logits are the base model's.
  const s = (await runForward({ model: student, inputIds: b.input_ids })).get('logits')!;
  const t = (await runForward({ model: teacher, inputIds: b.input_ids })).get('logits')!;
  const rs = rows(b, s, t, T);
  assert.equal(rs.length, 13);
  const mean = (f: (r: (typeof rs)[number]) => number) => rs.reduce((a, x) => a + f(x), 0) / rs.length;
  const ce = mean((x) => -x.ls[x.y]!);
  const uniform = mean((x) => -x.ls.reduce((a, v) => a + v, 0) / V);
  const kl = mean((x) => x.ltT.reduce((a, l, v) => a + Math.exp(l) * (l - x.lsT[v]!), 0));
  const expected = alpha * ((1 - eps) * ce + eps * uniform) + (1 - alpha) * T * T * kl;
  assert.ok(Math.abs(r.ce - ce) < 1e-5, `ce ${r.ce} vs ${ce}`);
  assert.ok(kl > 1e-3, 'the teacher differs from the student');
  assert.ok(Math.abs(r.loss - expected) < 1e-5, `loss ${r.loss} vs ${expected}`);
});

test('the diagonal Fisher is the mean over reference batches of squared gradients, taken at θ*', async () => {
  const method = await lora();
  const params = new ParameterStore(mulberry32(0));
  // runForward scores every position (labels = ids): use the same labels so its gradients are comparable.
  const batches = [batch(1), batch(2)].map((b) => ({ ...b, labels: labelsFor(b.input_ids) }));
  const { fisher, anchor } = await diagonalFisher(student, { batch: 2, seq: 8, params, method }, batches);
  const state = { method: 'lora', config: method.config, tensors: new Map(params.values) };
  const grads = await Promise.all(batches.map((b) => runForward({ model: student, adapter: { plugin: method.plugin, state }, inputIds: b.input_ids, grads: true })));
  assert.deepEqual([...fisher.keys()].sort(), [...params.values.keys()].sort());
  let informative = 0;
  for (const [name, f] of fisher) {
    assert.deepEqual(anchor.get(name)!.data, params.values.get(name)!.data);
    const [g1, g2] = grads.map((g) => g.get(`grad.${name}`)!.data as Float32Array);
    (f.data as Float32Array).forEach((x, i) => {
      const want = (g1![i]! ** 2 + g2![i]! ** 2) / 2;
      assert.ok(Math.abs(x - want) <= 1e-6 * Math.max(want, 1e-6), `${name}[${i}]: ${x} vs ${want}`);
      if (x > 0) informative++;
    });
  }
  assert.ok(informative > 0, 'LoRA B has gradient information at init');
});

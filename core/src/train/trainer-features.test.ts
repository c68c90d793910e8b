import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readSafetensors, writeTinyRandomModel } from '../weights/index.ts';
import { listCheckpoints, resolveCheckpoint } from './checkpoint.ts';
import type { MetricsLine } from './metrics-log.ts';
import { descendants, parseXml } from './test-helpers.ts';
import { train, type TrainOptions, type TrainSummary } from './trainer.ts';

// A small model: these tests check bookkeeping (resume, evaluation, watchers), not that the loss falls.
let dir: string;
let model: string;
let data: string;
const WORDS = ['red', 'blue', 'green', 'cat', 'dog', 'sat', 'ran', 'mat'];

function options(out: string, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    model, data, out: join(dir, out), method: 'lora', methodConfig: { r: 4, lora_alpha: 8 },
    steps: 12, batch: 4, seq: 16, optimizer: { type: 'adamw', lr: 3e-3 }, schedule: { type: 'constant' }, seed: 1, ...extra,
  };
}

async function run(out: string, extra: Partial<TrainOptions> = {}) {
  const losses: number[] = [];
  const summary = await train({ ...options(out, extra), onStep: (e) => { losses.push(e.loss); extra.onStep?.(e); } });
  return { summary, losses };
}

const lines = (s: TrainSummary | string) => readFileSync(typeof s === 'string' ? s : s.metricsPath, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as MetricsLine);
const of = (ls: MetricsLine[], split: string) => ls.filter((m) => m.split === split);

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'edgetune-features-'));
  model = join(dir, 'model');
  writeTinyRandomModel(model, { arch: 'gpt2', vocabSize: 300, hidden: 32, layers: 2, heads: 2, maxPositions: 32 });
  data = join(dir, 'data.jsonl');
  const text = (i: number) => Array.from({ length: 3 + (i % 4) }, (_, k) => WORDS[(i * 3 + k * 5) % WORDS.length]).join(' ');
  writeFileSync(data, Array.from({ length: 40 }, (_, i) => JSON.stringify({ text: text(i) })).join('\n') + '\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

// Every resumable piece is live: accumulation, data order, validation, plateau LR, loss scale growth, best tracking.
const RICH: Partial<TrainOptions> = {
  steps: 12, gradAccum: 2, valSplit: 0.2, evalEvery: 3, checkpointEvery: 3, keepLast: 2, labelSmoothing: 0.1,
  lossScale: { init: 1024, growthInterval: 4 }, plateau: { patience: 0, factor: 0.5 },
};

let straight: { summary: TrainSummary; losses: number[] };

test('resuming from a checkpoint gives exactly the losses of an uninterrupted run', async () => {
  straight = await run('straight', RICH);
  assert.equal(straight.losses.length, 12);
  await assert.rejects(run('crashed', { ...RICH, onStep: (e) => { if (e.step === 6) throw new Error('power cut'); } }), /power cut/);
  assert.deepEqual(listCheckpoints(join(dir, 'crashed', 'checkpoints')).at(-1), 6);
  const resumed = await run('crashed', { ...RICH, resume: join(dir, 'crashed') });
  assert.equal(resumed.summary.startStep, 6);
  assert.equal(resumed.summary.steps, 12);
  assert.deepEqual(resumed.losses, straight.losses.slice(6));
  // the token count covers the steps before the checkpoint too
  const trained = lines(straight.summary).filter((m) => m.split === 'train').reduce((n, m) => n + m.tokens, 0);
  assert.ok(trained > 0);
  assert.equal(straight.summary.trainedTokens, trained);
  assert.equal(resumed.summary.trainedTokens, trained);
  // The resumed log carries the first six steps, so the whole run reads as one.
  const [a, b] = [lines(straight.summary), lines(resumed.summary)];
  assert.deepEqual(of(b, 'train').map((m) => m.loss), straight.losses);
  assert.deepEqual(of(b, 'validation').map((m) => [m.step, m.loss]), of(a, 'validation').map((m) => [m.step, m.loss]));
  assert.deepEqual(of(b, 'train').map((m) => (m as { lr: number }).lr), of(a, 'train').map((m) => (m as { lr: number }).lr));
  assert.deepEqual([...resumed.summary.tensors.keys()], [...straight.summary.tensors.keys()]);
  for (const [k, t] of straight.summary.tensors) assert.deepEqual(resumed.summary.tensors.get(k)!.data, t.data, k);
});

test('the run folder: resolved config, validation lines, checkpoints (best + last k, staged), loss.svg', () => {
  const out = straight.summary.runDir;
  const cfg = JSON.parse(readFileSync(join(out, 'train_config.json'), 'utf8'));
  assert.equal(cfg.gradAccum, 2);
  assert.equal(cfg.plateau.factor, 0.5);
  assert.equal(cfg.total_steps, 12);
  const ls = lines(straight.summary);
  const val = of(ls, 'validation');
  assert.deepEqual(val.map((m) => m.step), [3, 6, 9, 12]);
  for (const m of val) assert.ok(Number.isFinite(m.loss) && m.tokens > 0 && m.split === 'validation');
  assert.ok(of(ls, 'train').every((m) => m.split === 'train' && 'accum' in m && m.accum === 2 && 'loss_scale' in m));
  // Loss scaling grew 1024 -> 2048 after 4 finite steps.
  assert.deepEqual(of(ls, 'train').map((m) => (m as { loss_scale: number }).loss_scale).slice(3, 6), [1024, 2048, 2048]);
  const best = val.reduce((a, m) => (m.loss < a.loss ? m : a));
  assert.equal(straight.summary.best?.step, best.step);
  const root = join(out, 'checkpoints');
  assert.deepEqual(listCheckpoints(root), [...new Set([best.step, 9, 12])].sort((x, y) => x - y));
  assert.deepEqual(readdirSync(root).filter((n) => n.startsWith('.')), [], 'no staging folders left');
  const last = resolveCheckpoint(out);
  for (const f of ['trainer_state.json', 'params.safetensors', 'optimizer.safetensors', 'adapter/adapter_config.json']) assert.ok(existsSync(join(last, f)), f);
  const state = JSON.parse(readFileSync(join(last, 'trainer_state.json'), 'utf8'));
  assert.equal(state.step, 12);
  assert.deepEqual(state.best, { metric: 'validation.loss', value: best.loss, step: best.step });
  // A staging folder left by a crash is never taken for a checkpoint.
  mkdirSync(join(root, '.step-000099.staging-1'));
  assert.equal(resolveCheckpoint(out), last);
  const svg = parseXml(readFileSync(straight.summary.plotPath, 'utf8'));
  const series = descendants(svg).filter((n) => n.attrs.class === 'series');
  assert.deepEqual(series.map((s) => s.attrs['data-name']), ['train', 'validation']);
  assert.deepEqual(series.map((s) => s.children.find((c) => c.name === 'polyline')!.attrs.points!.split(' ').length), [12, 4]);
});

test('early stopping stops at the check where patience runs out', async () => {
  // minDelta 100: nothing after the first check counts as better, so with patience 2 the checks at
  // steps 4 and 6 fail and the run stops at step 6 of 20.
  const { summary, losses } = await run('early', { steps: 20, valSplit: 0.2, evalEvery: 2, earlyStopping: { patience: 2, minDelta: 100 } });
  assert.equal(summary.stoppedEarly, true);
  assert.equal(summary.steps, 6);
  assert.equal(losses.length, 6);
  assert.deepEqual(of(lines(summary), 'validation').map((m) => m.step), [2, 4, 6]);
  assert.ok(existsSync(join(summary.adapterDir, 'adapter_config.json')));
});

test('ReduceLROnPlateau lowers the learning rate the step graph uses', async () => {
  // threshold 100 (abs): only the first check is an improvement; patience 0 halves the LR at each later one.
  const { summary } = await run('plateau', {
    steps: 6, valSplit: 0.2, evalEvery: 2, plateau: { patience: 0, factor: 0.5, threshold: 100, thresholdMode: 'abs' },
  });
  const lrs = of(lines(summary), 'train').map((m) => Number((m as { lr: number }).lr.toPrecision(6)));
  assert.deepEqual(lrs, [3e-3, 3e-3, 3e-3, 3e-3, 1.5e-3, 1.5e-3]);
});

test('the batch-size schedule grows the micro-batches per step and epochs count them', async () => {
  let perEpoch = 0;
  const { summary } = await run('grow', { steps: 4, gradAccumSchedule: [{ step: 2, accum: 3 }], onStart: (i) => (perEpoch = i.batchesPerEpoch) });
  const train = of(lines(summary), 'train') as { accum?: number; tokens: number }[];
  assert.deepEqual(train.map((m) => m.accum ?? 1), [1, 1, 3, 3]);
  assert.equal(summary.epochs, 8 / perEpoch);
  // Tokens count every micro-batch: a 3-batch step holds more real tokens than any single batch can.
  assert.ok(train[2]!.tokens > 4 * 16, `${train[2]!.tokens}`);
});

test('EWC with a large lambda keeps the parameters near θ* in the Fisher metric', async () => {
  const distance = async (lambda: number) => {
    const { summary } = await run(`ewc-${lambda}`, { steps: 10, checkpointEvery: 10, ewc: { lambda, batches: 4 } });
    const ewc = readSafetensors(join(resolveCheckpoint(summary.runDir), 'ewc.safetensors')).tensors;
    let d = 0;
    for (const [name, t] of summary.tensors) {
      const f = ewc.get(`fisher.${name}`)!.data as Float32Array;
      const a = ewc.get(`anchor.${name}`)!.data as Float32Array;
      (t.data as Float32Array).forEach((x, i) => (d += f[i]! * (x - a[i]!) ** 2));
    }
    return d;
  };
  const [free, held] = [await distance(0), await distance(1e5)];
  assert.ok(free > 0);
  assert.ok(held < 0.2 * free, `Fisher distance ${held} with EWC vs ${free} without`);
});

test('distillation from a teacher: the first step (student = teacher) is alpha * CE; vocabularies must match', async () => {
  const steps: { loss: number; ce: number }[] = [];
  await run('distill', { steps: 3, distill: { teacher: model, alpha: 0.25, temperature: 2 }, onStep: (e) => steps.push(e) });
  // LoRA starts as a no-op, so the student equals the teacher and KL is 0 on step 1.
  assert.ok(Math.abs(steps[0]!.loss - 0.25 * steps[0]!.ce) < 1e-6, `${steps[0]!.loss} vs ${0.25 * steps[0]!.ce}`);
  assert.ok(steps[2]!.loss > 0.25 * steps[2]!.ce, 'once the student moves, KL adds to the loss');
  const other = join(dir, 'other');
  writeTinyRandomModel(other, { arch: 'gpt2', vocabSize: 320, hidden: 32, layers: 1, heads: 2, maxPositions: 32 });
  await assert.rejects(run('bad', { distill: { teacher: other, alpha: 0.5, temperature: 2 } }), /vocabulary 320/);
});

test('a validation file is evaluated; features that watch validation metrics need one', async () => {
  const val = join(dir, 'val.jsonl');
  writeFileSync(val, `${JSON.stringify({ text: 'red cat sat on the mat' })}\n`);
  const { summary } = await run('valfile', { steps: 2, validation: val });
  assert.deepEqual(of(lines(summary), 'validation').map((m) => m.step), [2], 'no evalEvery: once, at the end');
  assert.ok(summary.validationLoss! > 0);
  await assert.rejects(run('bad', { evalEvery: 2 }), /evalEvery needs a validation set/);
  await assert.rejects(run('bad', { earlyStopping: { patience: 1 } }), /earlyStopping\.metric needs a validation set/);
  await assert.rejects(run('bad', { validation: val, valSplit: 0.1 }), /not both/);
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readAdapterDir } from '../engine/adapter-dir.ts';
import type { HostTensor } from '../graph/index.ts';
import { methods } from '../plugin/index.ts';
import { writeTinyRandomModel } from '../weights/index.ts';
import { TrainError } from './errors.ts';
import { train, type TrainOptions, type TrainSummary } from './trainer.ts';

// Hidden 256: with frozen random embeddings (std 0.02) the logit range LoRA can reach is ~0.02 * hidden,
// so a narrower model cannot show a large drop however well it learns.
let dir: string;
let model: string;
let data: string;
let first: { summary: TrainSummary; losses: number[] };

const COLORS = ['red', 'blue', 'green'];

function options(out: string, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    model, data, out: join(dir, out), method: 'lora', methodConfig: { r: 8, lora_alpha: 16 },
    steps: 30, batch: 4, seq: 32, optimizer: { type: 'adamw', lr: 3e-3 }, schedule: { type: 'constant' }, seed: 0, ...extra,
  };
}

async function run(out: string, extra: Partial<TrainOptions> = {}) {
  const losses: number[] = [];
  const summary = await train({ ...options(out, extra), onStep: (e) => losses.push(e.loss) });
  return { summary, losses };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edgetune-trainer-'));
  model = join(dir, 'model');
  writeTinyRandomModel(model, { arch: 'gpt2', vocabSize: 512, hidden: 256, layers: 2, heads: 4, maxPositions: 64 });
  data = join(dir, 'data.jsonl');
  const lines = Array.from({ length: 60 }, (_, i) => JSON.stringify({ text: `the ${COLORS[i % 3]} cat sat on the mat.` }));
  writeFileSync(data, lines.join('\n') + '\n');
  first = await run('a');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('LoRA on a repetitive corpus lowers the loss well below its start', () => {
  const { summary } = first;
  assert.equal(summary.steps, 30);
  assert.ok(summary.firstLoss > 5, `a random model starts near ln(vocab), got ${summary.firstLoss}`);
  // Measured ~0.4; 0.7 leaves room for platform noise while still failing if nothing is learned.
  assert.ok(summary.finalLoss < 0.7 * summary.firstLoss, `loss ${summary.firstLoss} -> ${summary.finalLoss}`);
  assert.ok(summary.tokensPerSecond > 0);
});

test('the same seed gives identical losses', async () => {
  const again = await run('b');
  assert.deepEqual(again.losses, first.losses);
});

test('metrics.jsonl has one valid line per step', () => {
  const lines = readFileSync(first.summary.metricsPath, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 30);
  lines.forEach((line, i) => {
    const m = JSON.parse(line);
    assert.equal(m.step, i + 1);
    assert.equal(m.loss, first.losses[i]);
    for (const k of ['loss', 'lr', 'grad_norm', 'tokens_per_s', 'elapsed_s', 'epoch', 'tokens']) {
      assert.ok(Number.isFinite(m[k]), `line ${i + 1}: ${k} = ${m[k]}`);
    }
    assert.ok(Math.abs(m.lr - 3e-3) < 1e-9, 'constant schedule');
  });
});

test('the saved adapter loads back with the plugin, tensor for tensor', async () => {
  const plugin = await methods.get('lora');
  const state = plugin.load(readAdapterDir(first.summary.adapterDir));
  assert.ok(state);
  assert.equal(state.config.r, 8);
  assert.equal(state.config.lora_alpha, 16);
  assert.deepEqual([...state.tensors.keys()].sort(), [...first.summary.tensors.keys()].sort());
  for (const [name, t] of first.summary.tensors) {
    const loaded: HostTensor | undefined = state.tensors.get(name);
    assert.ok(loaded, name);
    assert.deepEqual(loaded.shape, t.shape, name);
    assert.deepEqual(loaded.data, t.data, name);
  }
  // LoRA B starts at zero: a trained adapter must have moved it.
  const b = [...first.summary.tensors].find(([k]) => k.includes('lora_B'))![1];
  assert.ok((b.data as Float32Array).some((x) => x !== 0));
});

test('epochs count whole passes over the rows', async () => {
  // No packing: 60 rows, batch 4 → 15 batches an epoch.
  const { summary, losses } = await run('c', { steps: undefined, epochs: 2, packing: false });
  assert.equal(summary.steps, 30);
  assert.equal(summary.epochs, 2);
  assert.equal(losses.length, 30);
});

test('a bad JSONL line is reported with its line number', async () => {
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, `${JSON.stringify({ text: 'ok' })}\n\n${JSON.stringify({ prompt: 'p', completion: 3 })}\n`);
  await assert.rejects(train(options('bad', { data: bad })), (err: unknown) => {
    assert.ok(err instanceof TrainError);
    assert.equal(err.code, 'invalid_record');
    assert.equal(err.where.line, 3);
    assert.equal(err.where.field, 'completion');
    assert.match(err.message, /bad\.jsonl:3: .*completion/);
    return true;
  });
  writeFileSync(bad, `${JSON.stringify({ text: 'ok' })}\n{"text": oops}\n`);
  await assert.rejects(train(options('bad', { data: bad })), /bad\.jsonl:2: invalid JSON/);
});

test('an invalid method config names the failing field', async () => {
  await assert.rejects(train(options('bad', { methodConfig: { r: -1 } })), (err: unknown) => {
    assert.ok(err instanceof TrainError);
    assert.equal(err.code, 'invalid_config');
    assert.match(err.message, /lora config: r: /);
    return true;
  });
});

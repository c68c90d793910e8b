import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseArgs } from 'node:util';
import { TrainConfig } from '../../train/train-config.ts';
import { writeTinyRandomModel } from '../../weights/index.ts';
import { checkConfig, CONFIG_FLAGS, configFromFlags } from './train-flags.ts';
import { run } from './train.ts';

const flags = (...args: string[]) => configFromFlags(parseArgs({ args, options: CONFIG_FLAGS, strict: true }).values);

test('trainer feature flags land in the run config, validated by zod', () => {
  const cfg = TrainConfig.parse(flags(
    '--grad-accum', '2', '--grad-accum-schedule', '100:4, 200:8', '--eval-every', '50', '--val-split', '0.1',
    '--early-stopping-patience', '3', '--early-stopping-min-delta', '0.01', '--plateau-factor', '0.5', '--checkpoint-every', '100',
    '--keep-last', '3', '--label-smoothing', '0.1', '--teacher', 'teach', '--distill-alpha', '0.7', '--distill-temperature', '3',
    '--ewc-lambda', '10', '--ewc-data', 'ref.jsonl', '--layer-lr-decay', '0.8', '--loss-scale', '1024', '--loss-scale-window', '50',
  ));
  assert.equal(cfg.gradAccum, 2);
  assert.deepEqual(cfg.gradAccumSchedule, [{ step: 100, accum: 4 }, { step: 200, accum: 8 }]);
  assert.deepEqual([cfg.evalEvery, cfg.valSplit, cfg.checkpointEvery, cfg.keepLast, cfg.labelSmoothing, cfg.layerLrDecay], [50, 0.1, 100, 3, 0.1, 0.8]);
  assert.deepEqual(cfg.earlyStopping, { metric: 'validation.loss', mode: 'min', patience: 3, minDelta: 0.01 });
  assert.equal(cfg.plateau?.factor, 0.5);
  assert.equal(cfg.plateau?.patience, 10, "torch's default");
  assert.deepEqual(cfg.distill, { teacher: 'teach', alpha: 0.7, temperature: 3 });
  assert.deepEqual(cfg.ewc, { lambda: 10, data: 'ref.jsonl', batches: 8 });
  assert.deepEqual([cfg.lossScale?.init, cfg.lossScale?.growthInterval, cfg.lossScale?.dynamic], [1024, 50, true]);
  const plain = TrainConfig.parse(flags());
  assert.deepEqual([plain.earlyStopping, plain.plateau, plain.distill, plain.ewc, plain.lossScale], [undefined, undefined, undefined, undefined, undefined]);
});

test('--task, --labels and --eval-on-start pick a task head', () => {
  const cfg = TrainConfig.parse(flags('--task', 'sequence-classification', '--labels', 'neg, pos', '--eval-on-start'));
  assert.deepEqual([cfg.task, cfg.labels, cfg.evalOnStart], ['sequence-classification', ['neg', 'pos'], true]);
  assert.deepEqual([TrainConfig.parse(flags()).task, TrainConfig.parse(flags()).evalOnStart], ['causal-lm', false]);
  assert.throws(() => checkConfig(flags('--task', 'summarization')), /--task: /);
  // Scores are maximized unless told otherwise; losses minimized.
  assert.equal(TrainConfig.parse(flags('--early-stopping-patience', '2', '--early-stopping-metric', 'validation.accuracy')).earlyStopping?.mode, 'max');
  assert.equal(TrainConfig.parse(flags('--plateau-factor', '0.5')).plateau?.mode, 'min');
});

test('bad trainer flags are usage errors that name the flag', () => {
  assert.throws(() => checkConfig(flags('--val-split', '1.5')), /--val-split: /);
  assert.throws(() => checkConfig(flags('--grad-accum', '0')), /--grad-accum: /);
  assert.throws(() => checkConfig(flags('--early-stopping-patience', '0')), /--early-stopping-patience: /);
  assert.throws(() => checkConfig(flags('--plateau-factor', '2')), /--plateau-factor: /);
  assert.throws(() => checkConfig(flags('--grad-accum-schedule', '5:0')), /--grad-accum-schedule: /);
  assert.throws(() => checkConfig(flags('--early-stopping-patience', '2', '--early-stopping-metric', 'Loss!')), /--early-stopping-metric: /);
  assert.throws(() => flags('--grad-accum-schedule', '5'), /STEP:ACCUM/);
  assert.throws(() => flags('--distill-alpha', '0.5'), /--distill-alpha needs --teacher/);
  assert.throws(() => flags('--ewc-data', 'x.jsonl'), /--ewc-data needs --ewc-lambda/);
  assert.throws(() => flags('--eval-every', 'soon'), /--eval-every must be a number/);
});

test('edgetune train: validation, checkpoints and resume from the command line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edgetune-cli-train-'));
  try {
    const model = join(dir, 'model');
    writeTinyRandomModel(model, { arch: 'gpt2', vocabSize: 300, hidden: 32, layers: 1, heads: 2, maxPositions: 32 });
    const data = join(dir, 'd.jsonl');
    writeFileSync(data, Array.from({ length: 12 }, (_, i) => JSON.stringify({ text: `line ${i} of the data` })).join('\n'));
    const out = join(dir, 'run');
    const base = ['--model', model, '--data', data, '--out', out, '--batch', '2', '--seq', '16', '--val-split', '0.25', '--eval-every', '2', '--checkpoint-every', '2'];
    const [log, write] = [console.log, process.stderr.write];
    console.log = () => {};
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      assert.equal(await run([...base, '--steps', '2']), 0);
      assert.equal(await run([...base, '--steps', '4', '--resume', out]), 0);
    } finally {
      [console.log, process.stderr.write] = [log, write];
    }
    const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((m) => `${m.split}@${m.step}`), ['train@1', 'train@2', 'validation@2', 'train@3', 'train@4', 'validation@4']);
    assert.ok(existsSync(join(out, 'checkpoints', 'step-000004', 'trainer_state.json')));
    assert.ok(existsSync(join(out, 'loss.svg')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

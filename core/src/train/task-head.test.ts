import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEMO_MODEL, SENTIMENT_LABELS, sentimentDataset } from '../demo/sentiment.ts';
import { readAdapterDir } from '../engine/adapter-dir.ts';
import { loadTaskAdapter } from '../heads/index.ts';
import { writeTinyRandomModel } from '../weights/index.ts';
import type { EvalMetrics } from './metrics-log.ts';
import { train } from './trainer.ts';

const dir = mkdtempSync(join(tmpdir(), 'edgetune-task-head-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const model = join(dir, 'model');
writeTinyRandomModel(model, { ...DEMO_MODEL, seed: 0 });
const data = sentimentDataset({ seed: 0 });

test('train() with a sequence-classification head takes the sentiment task from chance to >= 90% validation accuracy', async () => {
  const r = await train({
    model, data: data.train, validation: data.validation, out: join(dir, 'run'), method: 'lora',
    methodConfig: { r: 8, lora_alpha: 16, target_modules: ['c_attn', 'c_proj', 'c_fc'], fan_in_fan_out: true },
    task: 'sequence-classification', labels: SENTIMENT_LABELS, steps: 250, batch: 32, seq: DEMO_MODEL.maxPositions, evalEvery: 50, evalOnStart: true,
    optimizer: { type: 'adamw', lr: 3e-3, weightDecay: 0 }, schedule: { type: 'linear', warmupSteps: 10 },
    earlyStopping: { metric: 'validation.accuracy', patience: 100 }, // maximized: a score
  });
  const evals = readFileSync(r.metricsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((m) => m.split === 'validation') as EvalMetrics[];
  const accuracy = evals.map((e) => e.accuracy as number);
  assert.equal(evals[0]!.step, 0);
  assert.ok(Math.abs(accuracy[0]! - 0.5) <= 0.15, `step 0 accuracy ${accuracy[0]} should be near chance`);
  assert.ok(r.validationMetrics!.accuracy! >= 0.9, `final validation accuracy ${r.validationMetrics!.accuracy}; curve ${accuracy.join(' ')}`);
  assert.equal(r.best?.metric, 'validation.accuracy');
  // The adapter is PEFT's SEQ_CLS layout with the head and the label names.
  const back = await loadTaskAdapter(readAdapterDir(r.adapterDir));
  assert.deepEqual(back.task, { type: 'sequence-classification', numLabels: 2 });
  assert.deepEqual(back.labels, SENTIMENT_LABELS);
});

test('LM-only objectives are rejected for a task head, by field', async () => {
  const base = { model, data: data.train.slice(0, 8), out: join(dir, 'bad'), method: 'lora', task: 'sequence-classification' as const, steps: 1, seq: DEMO_MODEL.maxPositions };
  await assert.rejects(train({ ...base, labelSmoothing: 0.1 }), (e: Error & { where?: { field?: string } }) => /labelSmoothing needs task causal-lm/.test(e.message) && e.where?.field === 'labelSmoothing');
  await assert.rejects(train({ ...base, data: [{ text: 'no label' }] as never }), /sequence-classification record is \{"text", "label"\}; label/);
});

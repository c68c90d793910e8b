import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { cli } from '../cli/commands/test-support.ts';
import { writeAdapterDir } from '../engine/adapter-dir.ts';
import { saveTaskAdapter } from '../heads/index.ts';
import { NEGATIVE, POSITIVE, sentimentDataset, trainSentimentDemo } from './sentiment.ts';

const dir = mkdtempSync(join(tmpdir(), 'edgetune-sentiment-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('sentiment dataset', () => {
  test('deterministic, balanced, disjoint splits, and every label follows the one rule', () => {
    const a = sentimentDataset({ seed: 4 });
    assert.deepEqual(sentimentDataset({ seed: 4 }), a);
    assert.notDeepEqual(sentimentDataset({ seed: 5 }).train.slice(0, 10), a.train.slice(0, 10));
    const texts = new Set(a.train.map((r) => r.text));
    assert.equal(texts.size, a.train.length);
    assert.ok(a.validation.every((r) => !texts.has(r.text)), 'validation sentences are unseen');
    for (const split of [a.train, a.validation]) {
      assert.equal(split.filter((r) => r.label === 1).length * 2, split.length);
      const negated = split.filter((r) => /\b(not|never|hardly)\b/.test(r.text)).length / split.length;
      assert.ok(negated > 0.2 && negated < 0.45, `negated share ${negated}`);
      for (const r of split) {
        const last = r.text.split(' ').pop()!;
        const polarity = POSITIVE.includes(last) ? 1 : NEGATIVE.includes(last) ? 0 : assert.fail(`'${last}' is in no word list`);
        assert.equal(r.label, /\b(not|never|hardly)\b/.test(r.text) ? 1 - polarity : polarity, r.text);
      }
    }
  });
});

describe('sentiment demo', () => {
  test('a sequence-classification LoRA goes from chance to >= 90% validation accuracy; `edgetune eval` agrees', async () => {
    const r = await trainSentimentDemo({ modelDir: join(dir, 'model') });
    const [first, last] = [r.curve[0]!, r.curve[r.curve.length - 1]!];
    assert.equal(first.step, 0);
    assert.ok(Math.abs(first.accuracy - 0.5) <= 0.15, `step 0 accuracy ${first.accuracy} should be near chance`);
    assert.equal(last.step, 250);
    assert.ok(r.accuracy >= 0.9, `final validation accuracy ${r.accuracy}; curve ${r.curve.map((p) => p.accuracy).join(' ')}`);
    assert.ok(last.trainLoss < r.curve[1]!.trainLoss / 2, 'the training loss falls');

    // The saved PEFT-format adapter, read back by `edgetune eval`, scores the same.
    writeAdapterDir(join(dir, 'adapter'), saveTaskAdapter(r.adapter));
    const data = join(dir, 'validation.jsonl');
    writeFileSync(data, sentimentDataset().validation.map((x) => JSON.stringify({ ...x, label: x.label ? 'positive' : 'negative' })).join('\n'));
    const out = join(dir, 'metrics.json');
    const e = await cli(['eval', '--model', join(dir, 'model'), '--adapter', join(dir, 'adapter'), '--data', data, '--out', out, '--batch', '50']);
    assert.equal(e.code, 0, e.err);
    assert.match(e.out, /^accuracy\s+\d\.\d{4}$/m);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(json.task, { type: 'sequence-classification', numLabels: 2 });
    assert.equal(json.metrics.accuracy, r.accuracy);
    assert.ok(json.metrics.roc_auc >= 0.9);
  });

  test('`edgetune demo sentiment` prints the accuracy curve and leaves an adapter for eval', async () => {
    const prev = process.env.EDGETUNE_DATA_DIR;
    process.env.EDGETUNE_DATA_DIR = join(dir, 'cli');
    try {
      const r = await cli(['demo', 'sentiment', '--steps', '10']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /^\$ edgetune train --model \S+ --data \S+train.jsonl .*--task sequence-classification .*--eval-on-start/m);
      assert.match(r.out, /^\s+0\s+\d+\.\d%/m);
      assert.match(r.out, /^\s+10\s+\d+\.\d%.*train loss/m);
      assert.ok(existsSync(join(dir, 'cli', 'demo-sentiment', 'adapter', 'adapter_model.safetensors')));
      assert.equal((await cli(['demo', 'sentiment', '--lr=0'])).code, 2);
    } finally {
      if (prev === undefined) delete process.env.EDGETUNE_DATA_DIR;
      else process.env.EDGETUNE_DATA_DIR = prev;
    }
    const help = await cli(['demo', '--help']);
    assert.match(help.out, /edgetune demo sentiment/);
  });
});

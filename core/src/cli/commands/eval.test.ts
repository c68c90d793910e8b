import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { tinyModel } from '../../plugin/conformance-models.ts';
import { cli } from './test-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'edgetune-eval-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const model = tinyModel('gpt2').dir;

test('edgetune eval without an adapter scores the base model as a causal LM and writes JSON', async () => {
  const data = join(dir, 'lm.jsonl');
  writeFileSync(data, '{"text": "the cat sat"}\n\n{"prompt": "q: aa", "completion": "a"}\n');
  const out = join(dir, 'lm.json');
  const r = await cli(['eval', '--model', model, '--data', data, '--out', out]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^causal-lm: 2 examples/m);
  assert.match(r.out, /^perplexity\s+\d+\.\d{4}$/m);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(json.adapter, null);
  assert.deepEqual(Object.keys(json.metrics), ['loss', 'perplexity', 'token_accuracy', 'exact_match']);
  assert.ok(Math.abs(Math.log(json.metrics.perplexity) - json.metrics.loss) < 1e-9);
});

test('edgetune eval explains what is missing for a head task', async () => {
  const data = join(dir, 'cls.jsonl');
  writeFileSync(data, '{"text": "good", "label": 1}\n');
  const noLabels = await cli(['eval', '--model', model, '--data', data, '--task', 'sequence-classification']);
  assert.equal(noLabels.code, 2);
  assert.match(noLabels.err, /needs --num-labels N \(or --labels\)/);
  const noAdapter = await cli(['eval', '--model', model, '--data', data, '--task', 'sequence-classification', '--labels', 'neg,pos']);
  assert.equal(noAdapter.code, 1);
  assert.match(noAdapter.err, /sequence-classification \(2 labels\) needs an adapter trained with that head/);
  const bad = await cli(['eval', '--model', model, '--data', join(dir, 'missing.jsonl')]);
  assert.equal(bad.code, 1);
});

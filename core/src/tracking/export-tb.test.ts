// A real run's metrics → TensorBoard event file → read back with our reader, value for value.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { tinyModel } from '../plugin/conformance-models.ts';
import { train } from '../train/trainer.ts';
import { exportTensorBoard } from './export-tb.ts';
import { FILE_VERSION, readEvents } from './tb-event.ts';
import { frameRecord, readRecords, TfRecordError } from './tfrecord.ts';

const dir = mkdtempSync(join(tmpdir(), 'edgetune-tb-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a trained run exports every metric as a scalar at its step, plus the config as text', async () => {
  const data = Array.from({ length: 16 }, (_, i) => ({ kind: 'completion' as const, prompt: `q${i % 4}:`, completion: ` a${i % 4}` }));
  const out = join(dir, 'run');
  await train({ model: tinyModel('gpt2').dir, data, validation: data.slice(0, 4), out, method: 'lora', methodConfig: { r: 2 }, steps: 4, batch: 4, seq: 16, evalEvery: 2, seed: 3 });
  const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const r = exportTensorBoard(out, join(dir, 'tb'), 1_700_000_000_000);
  const events = readEvents(readFileSync(r.file));
  assert.equal(events.length, r.events);
  assert.equal(events[0]!.fileVersion, FILE_VERSION);
  assert.equal(events[0]!.wallTime, 1_700_000_000);
  const config = events[1]!.values[0]!;
  assert.ok('text' in config && config.tag === 'config');
  assert.deepEqual(JSON.parse(config.text.replace(/^```json\n|\n```$/g, '')), JSON.parse(readFileSync(join(out, 'train_config.json'), 'utf8')));
  const scalars = events.slice(2);
  assert.equal(scalars.length, lines.length);
  let count = 0;
  lines.forEach((m, i) => {
    assert.equal(scalars[i]!.step, m.step);
    const got = new Map(scalars[i]!.values.map((v) => [v.tag, 'scalar' in v ? v.scalar : NaN]));
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== 'number' || ['step', 'epoch', 'elapsed_s'].includes(k)) continue;
      assert.equal(got.get(`${m.split}/${k}`), Math.fround(v), `${m.split}/${k} at step ${m.step}`);
      count++;
    }
  });
  assert.equal(count, r.scalars);
  assert.ok(scalars.some((e) => e.values.some((v) => v.tag === 'validation/loss')), 'validation curves are exported too');
});

test('the reader rejects a damaged or truncated record and names it', () => {
  const file = Buffer.concat([frameRecord(Uint8Array.of(1, 2, 3)), frameRecord(Uint8Array.of(4, 5, 6, 7))]);
  assert.deepEqual(readRecords(file).map((r) => [...r]), [[1, 2, 3], [4, 5, 6, 7]]);
  const badData = Uint8Array.from(file);
  badData[19 + 12 + 1]! ^= 0x10;
  assert.throws(() => readRecords(badData), (e: Error) => e instanceof TfRecordError && /record 1 at byte 19: data CRC mismatch/.test(e.message));
  const badLength = Uint8Array.from(file);
  badLength[0] = 9;
  assert.throws(() => readRecords(badLength), /record 0 at byte 0: length CRC mismatch/);
  assert.throws(() => readRecords(file.subarray(0, file.length - 2)), /record 1 .*truncated data/);
});

test('exporting a folder without metrics.jsonl says what is missing', () => {
  writeFileSync(join(dir, 'stray.txt'), 'x');
  assert.throws(() => exportTensorBoard(dir), /has no metrics\.jsonl/);
});

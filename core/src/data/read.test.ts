import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { DataError } from './errors.ts';
import { readRecords, type LineRecord, type ReadOptions } from './read.ts';
import type { ChunkSource } from './types.ts';

async function read(source: ChunkSource, opts: ReadOptions = {}) {
  const errors: DataError[] = [];
  const records: LineRecord[] = [];
  for await (const r of readRecords(source, { onError: (e) => errors.push(e), ...opts })) records.push(r);
  return { records, errors };
}

const good = (i: number) => JSON.stringify({ prompt: `p${i}`, completion: `c${i}` });

test('a bad record reports its line and failing field, and reading continues (collect)', async () => {
  const lines = Array.from({ length: 20 }, (_, i) => good(i));
  lines[16] = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }, { role: 'robot', content: 'x' }] });
  const { records, errors } = await read([lines.join('\n') + '\n']);
  assert.equal(records.length, 19);
  assert.equal(errors.length, 1);
  const e = errors[0]!;
  assert.equal(e.code, 'invalid_record');
  assert.equal(e.line, 17);
  assert.equal(e.field, 'messages.1.role');
  assert.match(e.message, /^line 17: field "messages\.1\.role": Invalid option/);
  assert.equal(e.status, 422);
});

test('fail-fast throws the first bad record', async () => {
  await assert.rejects(read([good(1) + '\n{"prompt": 1, "completion": "x"}\n' + good(3)], { mode: 'fail-fast' }), (e: unknown) => {
    assert.ok(e instanceof DataError);
    assert.equal(e.line, 2);
    assert.equal(e.field, 'prompt');
    return true;
  });
});

test('invalid JSON is a parse_error with its line; blank lines are skipped but counted', async () => {
  const { records, errors } = await read([`${good(1)}\n\n  \n{oops\r\n${good(2)}`]);
  assert.deepEqual(records.map((r) => r.line), [1, 5]);
  assert.equal(errors[0]!.code, 'parse_error');
  assert.equal(errors[0]!.line, 4);
});

test('explicit kind is enforced; auto detects each record', async () => {
  const src = [`${good(1)}\n{"text":"t","label":"x"}\n`];
  const auto = await read(src);
  assert.deepEqual(auto.records.map((r) => r.kind), ['completion', 'classification']);
  const explicit = await read(src, { kind: 'completion' });
  assert.equal(explicit.records.length, 1);
  assert.equal(explicit.errors[0]!.line, 2);
  assert.equal(explicit.errors[0]!.field, 'prompt');
  const unknown = await read(['{"foo":1}\n']);
  assert.match(unknown.errors[0]!.message, /cannot detect the record kind/);
});

test('records split across chunks, one byte at a time, with multi-byte UTF-8', async () => {
  const text = `${JSON.stringify({ prompt: 'héllo €', completion: '日本 🎉' })}\n${good(2)}\n`;
  const bytes = new TextEncoder().encode(text);
  const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
  const { records, errors } = await read(Readable.from(chunks));
  assert.equal(errors.length, 0);
  assert.equal(records.length, 2);
  assert.deepEqual(records[0]!.data, { prompt: 'héllo €', completion: '日本 🎉' });
});

test('record size limit: record_too_large for the line, others still read', async () => {
  const big = JSON.stringify({ prompt: 'x'.repeat(500), completion: 'y' });
  for (const chunkSize of [7, 100000]) {
    const text = `${good(1)}\n${big}\n${good(3)}\n`;
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += chunkSize) chunks.push(text.slice(i, i + chunkSize));
    const { records, errors } = await read(chunks, { maxRecordBytes: 100 });
    assert.deepEqual(records.map((r) => r.line), [1, 3]);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.code, 'record_too_large');
    assert.equal(errors[0]!.line, 2);
    assert.equal(errors[0]!.status, 413);
  }
  const last = await read([`${good(1)}\n${big}`], { maxRecordBytes: 100 });
  assert.equal(last.errors[0]!.code, 'record_too_large');
  assert.equal(last.errors[0]!.line, 2);
});

test('file size limit: file_too_large stops the read even in collect mode', async () => {
  const chunks = Array.from({ length: 10 }, (_, i) => good(i) + '\n');
  await assert.rejects(read(chunks, { maxFileBytes: 60 }), (e: unknown) => e instanceof DataError && e.code === 'file_too_large');
  const ok = await read(chunks, { maxFileBytes: 10_000 });
  assert.equal(ok.records.length, 10);
});

test('byte progress is reported', async () => {
  const seen: number[] = [];
  await read([good(1) + '\n', good(2) + '\n'], { onBytes: (n) => seen.push(n) });
  assert.equal(seen.length, 2);
  assert.equal(seen[1], 2 * (good(1).length + 1));
});

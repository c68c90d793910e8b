import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteChunks } from './source.ts';
import { csvRows, type CsvRow } from './csv.ts';
import { readRecords, type LineRecord } from './read.ts';
import type { DataError } from './errors.ts';

async function rows(text: string, chunkSize = Infinity, maxRecordBytes?: number): Promise<CsvRow[]> {
  const chunks: string[] = [];
  if (chunkSize === Infinity) chunks.push(text);
  else for (let i = 0; i < text.length; i += chunkSize) chunks.push(text.slice(i, i + chunkSize));
  const out: CsvRow[] = [];
  for await (const r of csvRows(byteChunks(chunks), { maxRecordBytes })) out.push(r);
  return out;
}

const sample = 'text,label\r\n"line one\nline two, with comma",pos\r\n"she said ""hi""",neg\r\nplain,neu\r\n';

test('quoted fields with embedded newlines, commas, escaped quotes; lines are where records start', async () => {
  for (const chunk of [Infinity, 1, 2, 5]) {
    const out = await rows(sample, chunk);
    assert.deepEqual(out.map((r) => r.row), [
      { text: 'line one\nline two, with comma', label: 'pos' },
      { text: 'she said "hi"', label: 'neg' },
      { text: 'plain', label: 'neu' },
    ], `chunk ${chunk}`);
    assert.deepEqual(out.map((r) => r.line), [2, 4, 5], `chunk ${chunk}`);
  }
});

test('LF endings, no trailing newline, empty fields and blank lines', async () => {
  const out = await rows('a,b,c\n1,,3\n\n"",x,\n4,5,6');
  assert.deepEqual(out.map((r) => r.row), [
    { a: '1', b: '', c: '3' },
    { a: '', b: 'x', c: '' },
    { a: '4', b: '5', c: '6' },
  ]);
  assert.deepEqual(out.map((r) => r.line), [2, 4, 5]);
});

test('malformed rows are parse errors with their line', async () => {
  const out = await rows('a,b\n1,2,3\n"x"y,2\n"open,1\n');
  assert.equal(out[0]!.error?.code, 'parse_error');
  assert.equal(out[0]!.error?.line, 2);
  assert.match(out[0]!.error!.message, /expected 2 fields, got 3/);
  assert.equal(out[1]!.error?.line, 3);
  assert.match(out[1]!.error!.message, /after a closing quote/);
  assert.equal(out[2]!.error?.line, 4);
  assert.match(out[2]!.error!.message, /unterminated/);
});

test('CSV record size limit', async () => {
  const out = await rows(`text,label\n"${'x'.repeat(300)}\nmore",a\nok,b\n`, 16, 100);
  assert.equal(out[0]!.error?.code, 'record_too_large');
  assert.equal(out[0]!.error?.line, 2);
  assert.deepEqual(out[1]!.row, { text: 'ok', label: 'b' });
  assert.equal(out[1]!.line, 4);
});

test('CSV rows become typed records: regression values, tagging lists, validation errors', async () => {
  const read = async (text: string) => {
    const errors: DataError[] = [];
    const records: LineRecord[] = [];
    for await (const r of readRecords([text], { format: 'csv', onError: (e) => errors.push(e) })) records.push(r);
    return { records, errors };
  };
  const reg = await read('text,value\nhello,0.5\nbad,abc\n');
  assert.deepEqual(reg.records[0]!.data, { text: 'hello', value: 0.5 });
  assert.equal(reg.errors[0]!.line, 3);
  assert.equal(reg.errors[0]!.field, 'value');
  const tag = await read('tokens,tags\n"John lives in Paris","B-PER O O B-LOC"\n');
  assert.equal(tag.records[0]!.kind, 'tagging');
  assert.deepEqual(tag.records[0]!.data, { tokens: ['John', 'lives', 'in', 'Paris'], tags: ['B-PER', 'O', 'O', 'B-LOC'] });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanRecords, type CleanOptions } from './clean.ts';

const jsonl = (rows: unknown[]) => [rows.map((r) => JSON.stringify(r)).join('\n') + '\n'];
const clean = (rows: unknown[], opts: CleanOptions = {}) => cleanRecords(jsonl(rows), { clean: opts });

// 50 distinct words, deterministic
const words = Array.from({ length: 50 }, (_, i) => ['alpha', 'beta', 'gamma', 'delta', 'omega'][i % 5] + String.fromCharCode(97 + ((i * 7) % 26)) + i);
const text = words.join(' ');

test('exact duplicates are removed after normalization (NFD and NFC spellings are the same record)', async () => {
  const { records, report } = await clean([
    { text: 'Café au lait', label: 'a' },
    { text: 'Cafe\u0301 au lait', label: 'a' },
    { text: 'Café au lait', label: 'b' }, // another label: a different record
  ], { nearDedup: false });
  assert.equal(records.length, 2);
  assert.equal(report.dropped.exact_duplicate, 1);
  assert.deepEqual(report.examples.exact_duplicate?.[0], { line: 2, preview: 'Café au lait', duplicateOfLine: 1 });
  assert.equal((records[0]!.data as { text: string }).text, 'Café au lait'.normalize('NFC'));
});

test('exact dedup tells records apart by every field, and by where one field ends and the next starts', async () => {
  const rows = [
    { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'yo' }] },
    { messages: [{ role: 'system', content: 'hi' }, { role: 'assistant', content: 'yo' }] }, // a role
    { messages: [{ role: 'user', content: 'hiyo' }, { role: 'assistant', content: '' }] }, // a boundary
    { messages: [{ role: 'user', content: 'yo' }, { role: 'assistant', content: 'hi' }] }, // an order
    { prompt: 'hi', completion: 'yo' }, // a kind
    { question: 'q', answer: 'a' },
    { context: '', question: 'q', answer: 'a' }, // an empty context is still a context
    { text: 'x', label: 1 },
    { text: 'x', label: '1' }, // a label's type
    { text: 'x', value: 1 },
    { tokens: ['ab', 'c'], tags: ['O', 'O'] },
    { tokens: ['a', 'bc'], tags: ['O', 'O'] }, // a token split
    { tokens: ['ab', 'c'], tags: ['O', 'B-X'] }, // a tag
  ];
  const { records, report } = await clean([...rows, ...rows], { nearDedup: false });
  assert.deepEqual(records.map((r) => r.line), rows.map((_, i) => i + 1));
  assert.equal(report.dropped.exact_duplicate, rows.length);
});

test('a near duplicate (one word changed in 50) is removed; a ~50% overlap is kept', async () => {
  const near = [...words];
  near[20] = 'replaced';
  const half = [...words.slice(0, 25), ...Array.from({ length: 25 }, (_, i) => `fresh${i}`)];
  const { records, report } = await clean([
    { prompt: 'Summarize:', completion: text },
    { prompt: 'Summarize:', completion: near.join(' ') },
    { prompt: 'Summarize:', completion: half.join(' ') },
  ]);
  assert.deepEqual(records.map((r) => r.line), [1, 3]);
  assert.equal(report.dropped.near_duplicate, 1);
  assert.equal(report.examples.near_duplicate?.[0]?.duplicateOfLine, 1);
});

test('near-dedup can be turned off or tuned', async () => {
  const near = [...words];
  near[20] = 'replaced';
  const rows = [{ text, value: 1 }, { text: near.join(' '), value: 1 }];
  assert.equal((await clean(rows, { nearDedup: false })).records.length, 2);
  assert.equal((await clean(rows, { nearDedup: { threshold: 0.95 } })).records.length, 2);
  assert.equal((await clean(rows, { nearDedup: { unit: 'char', size: 5 } })).records.length, 1);
});

test('empty and over-long records are dropped; the report counts in/out by reason', async () => {
  const { records, report } = await clean([
    { prompt: 'q', completion: '   ' },
    { messages: [{ role: 'user', content: '' }] },
    { text: 'x'.repeat(101), label: 1 },
    { text: 'fine', label: 1 },
    { text: '\u0000\u0001', label: 2 }, // empty once control characters are stripped
    '{not json',
  ], { maxChars: 100 });
  assert.equal(records.length, 1);
  assert.equal(report.recordsIn, 6);
  assert.equal(report.recordsOut, 1);
  assert.equal(report.dropped.empty, 3);
  assert.equal(report.dropped.too_long, 1);
  assert.equal(report.dropped.invalid, 1);
  assert.equal(report.examples.empty?.length, 3);
  assert.equal(report.examples.too_long?.[0]?.line, 3);
});

test('report examples are capped per reason', async () => {
  const rows = Array.from({ length: 10 }, () => ({ text: 'same', label: 'a' }));
  const { report } = await cleanRecords(jsonl(rows), { clean: { examplesPerReason: 2 } });
  assert.equal(report.dropped.exact_duplicate, 9);
  assert.equal(report.examples.exact_duplicate?.length, 2);
});

test('records without words are not near duplicates of each other', async () => {
  const { records } = await clean([{ text: '???', label: 'a' }, { text: '!!!', label: 'a' }]);
  assert.equal(records.length, 2);
});

test('many short unrelated records are not taken for near duplicates', async () => {
  // one or two shingles each: few independent MinHash samples, the hard case for truncated signatures
  const rows = Array.from({ length: 3000 }, (_, i) => ({ text: `item ${i} ${(i * 7919) % 3001}`, label: i % 3 }));
  const { report } = await clean(rows);
  assert.equal(report.dropped.near_duplicate, 0);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPlainValid } from './fast-validate.ts';
import { RECORD_KINDS, recordSchemas } from './schemas.ts';
import { validateRecord } from './validate.ts';

const values: unknown[] = [
  { prompt: 'p', completion: 'c' },
  { prompt: 'p', completion: 'c', extra: 1 },
  { prompt: 'p', completion: 2 },
  { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: '' }] },
  { messages: [] },
  { messages: [{ role: 'robot', content: 'x' }] },
  { messages: [{ role: 'user', content: 'x', name: 'n' }] },
  { messages: [null] },
  { text: 't', label: 'pos' },
  { text: 't', label: '' },
  { text: 't', label: 3 },
  { text: 't', label: 1.5 },
  { text: 't', label: 2 ** 60 },
  { text: 't', value: 0.25 },
  { text: 't', value: '1' },
  { question: 'q', answer: 'a' },
  { context: 'c', question: 'q', answer: 'a' },
  { context: null, question: 'q', answer: 'a' },
  { tokens: ['a'], tags: ['O'] },
  JSON.parse('{"__proto__": 1, "prompt": "p", "completion": "c"}'),
  [],
  null,
  'text',
];

test('fast validation accepts only what zod accepts unchanged, and validateRecord agrees with zod', () => {
  for (const v of values) {
    for (const k of RECORD_KINDS) {
      const z = recordSchemas[k].safeParse(v);
      if (isPlainValid(v, k)) {
        assert.ok(z.success, `${JSON.stringify(v)} as ${k}`);
        assert.deepEqual(z.data, v);
      }
      const r = validateRecord(v, k, 7);
      if (z.success) assert.deepEqual(r, { kind: k, data: z.data });
      else assert.equal((r as Error).message.length > 0, true);
    }
  }
  // errors still come from zod, with line and field
  const e = validateRecord({ messages: [{ role: 'robot', content: 'x' }] }, 'auto', 3) as Error & { line?: number; field?: string };
  assert.equal(e.line, 3);
  assert.equal(e.field, 'messages.0.role');
});

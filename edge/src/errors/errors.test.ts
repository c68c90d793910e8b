import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { DataError } from '@edgetune/core/data/index.ts';
import { EdgetuneError, fromZod, toEdgetuneError } from './index.ts';

test('an EdgetuneError knows its status and OpenAI-shaped body', async () => {
  const e = new EdgetuneError('invalid_field', 'bad', { field: 'a.b', line: 3 });
  const res = e.toResponse();
  assert.equal(res.status, 422);
  assert.deepEqual(await res.json(), { error: { type: 'invalid_request_error', code: 'invalid_field', message: 'bad', param: 'a.b', line: 3 } });
});

test('zod issues name the failing field, unknown keys included', () => {
  const S = z.strictObject({ a: z.object({ b: z.number() }) });
  const r1 = S.safeParse({ a: { b: 'x' } });
  assert.equal(fromZod(r1.error!).field, 'a.b');
  const r2 = S.safeParse({ a: { b: 1 }, extra: 1 });
  assert.equal(fromZod(r2.error!).field, 'extra');
  assert.equal(fromZod(r1.error!, ['body']).field, 'body.a.b');
});

test('core errors keep their status, line and field; unknown errors become a quiet 500', () => {
  const d = toEdgetuneError(new DataError('invalid_record', 'bad', { line: 7, field: 'prompt' }));
  assert.deepEqual([d.status, d.line, d.field], [422, 7, 'prompt']);
  assert.equal(toEdgetuneError(new DataError('file_too_large', 'big')).status, 413);
  const x = toEdgetuneError(new Error('secret internals'));
  assert.deepEqual([x.status, x.message], [500, 'internal error']);
});

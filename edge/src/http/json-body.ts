// JSON bodies: malformed → 400, schema violations → 422 naming the field.
import type { Context } from 'hono';
import type { z } from 'zod';
import { EdgetuneError, parseOr } from '../errors/index.ts';
import { tryParseJson } from '../util/json.ts';

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (type !== '' && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new EdgetuneError('invalid_request', `expected Content-Type: application/json, got '${type}'`);
  }
  const text = await c.req.text();
  if (text.trim() === '') throw new EdgetuneError('invalid_json', 'request body is empty; expected a JSON object');
  const parsed = tryParseJson(text);
  if (!parsed.ok) throw new EdgetuneError('invalid_json', `malformed JSON: ${parsed.message}`);
  return parseOr(schema, parsed.value);
}

/** Query parameters (strings) checked by a schema, which may coerce; 422 names the parameter. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseOr(schema, c.req.query());
}

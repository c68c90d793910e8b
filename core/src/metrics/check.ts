// Recomputes every metric of a golden metrics file (layout of shared/fixtures/metrics/golden.json)
// from the inputs it holds; backs `edgetune metrics check FILE`.
import type { z } from 'zod';
import { METADATA_KEYS, SECTIONS, type Section } from './check-sections.ts';

export interface Unrecognized {
  /** Dotted path of the key in the golden file. */
  path: string;
  reason: string;
}

/** The computed values in the golden file's layout, plus what could not be checked. */
export type GoldenCheck = { [section: string]: unknown; unrecognized: Unrecognized[] };

export class GoldenFormatError extends Error {
  override name = 'GoldenFormatError';
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function formatIssues(path: string, error: z.ZodError): string {
  return error.issues.map((i) => `${[path, ...i.path.map(String)].join('.')}: ${i.message}`).join('; ');
}

function runSection(section: Section, raw: unknown, path: string, unrecognized: Unrecognized[]): Record<string, unknown> {
  if (!isObject(raw)) throw new GoldenFormatError(`${path}: expected an object`);
  const parsed = section.schema.safeParse(raw);
  if (!parsed.success) throw new GoldenFormatError(`invalid golden file: ${formatIssues(path, parsed.error)}`);
  const children = section.children ?? {};
  const outputs: string[] = [];
  for (const key of Object.keys(raw)) {
    if (section.inputs.includes(key) || Object.hasOwn(children, key)) continue;
    const kind = section.output(key);
    if (kind === true) outputs.push(key);
    else unrecognized.push({ path: `${path}.${key}`, reason: typeof kind === 'string' ? kind : 'unknown key; not checked' });
  }
  const out: Record<string, unknown> = {};
  for (const key of outputs.length > 0 ? outputs : section.defaults) {
    try {
      out[key] = section.compute(parsed.data, key, raw[key]);
    } catch (err) {
      throw new GoldenFormatError(`${path}.${key}: ${(err as Error).message}`, { cause: err });
    }
  }
  for (const [key, child] of Object.entries(children)) {
    if (Object.hasOwn(raw, key)) out[key] = runSection(child(parsed.data), raw[key], `${path}.${key}`, unrecognized);
  }
  return out;
}

/**
 * Reads a golden file's content (already JSON-parsed), validates each known section's inputs and
 * returns the recomputed values in the same layout. Sections and keys we do not know are listed in
 * `unrecognized` instead of being skipped silently; malformed inputs throw GoldenFormatError.
 */
export function checkGolden(golden: unknown): GoldenCheck {
  if (!isObject(golden)) throw new GoldenFormatError('golden file: expected a JSON object at the top level');
  const computed: Record<string, unknown> = {};
  const unrecognized: Unrecognized[] = [];
  for (const [name, raw] of Object.entries(golden)) {
    // Own keys only: a section named 'constructor' must not reach Object.prototype.
    if (Object.hasOwn(SECTIONS, name)) computed[name] = runSection(SECTIONS[name], raw, name, unrecognized);
    else if (!METADATA_KEYS.includes(name)) unrecognized.push({ path: name, reason: 'unknown section; not checked' });
  }
  return { ...computed, unrecognized };
}

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A usage error: printed with the command's help, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with errors turned into UsageError and required flags checked. */
export function parse<O extends Options>(argv: string[], options: O, required: (keyof O & string)[] = []) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const values = parsed.values as Record<string, unknown>;
  for (const name of required) if (values[name] === undefined) throw new UsageError(`--${name} is required`);
  return parsed;
}

export function intOption(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got '${String(value)}'`);
  return n;
}

/** A Hugging Face model folder argument: a usage error naming it when it has no config.json. */
export function requireModelFolder(dir: string, label = dir): void {
  if (!existsSync(join(dir, 'config.json'))) throw new UsageError(`${label}: ${dir} has no config.json (a Hugging Face model folder is expected)`);
}

/** `DIR` or `ID=DIR`: a model folder and, optionally, the id it is served under. */
export function parseModelSpec(spec: string): { id?: string; dir: string } {
  const eq = spec.indexOf('=');
  return eq > 0 ? { id: spec.slice(0, eq), dir: resolve(spec.slice(eq + 1)) } : { dir: resolve(spec) };
}

/** Repeated `--model DIR|ID=DIR` values (also comma-separated), each folder checked: one `DIR|ID=DIR,…` list. */
export function modelSpecList(values: readonly string[]): string {
  const specs = values.flatMap((m) => m.split(',')).map((m) => m.trim()).filter(Boolean);
  for (const spec of specs) requireModelFolder(parseModelSpec(spec).dir, `--model ${spec}`);
  return specs.join(',');
}

import { z } from 'zod';
import { methods } from '../../plugin/index.ts';
import { parse } from '../args.ts';

export const summary = 'list fine-tuning methods and their config fields';
export const usage = 'edgetune methods [--plugins name,pkg,./path] [--json]';

/** One line per config field: name, type, default, description (from the zod schema). */
function describeFields(schema: z.ZodType): { field: string; type: string; default?: unknown; description?: string }[] {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as { properties?: Record<string, Record<string, unknown>> };
  return Object.entries(json.properties ?? {}).map(([field, p]) => ({
    field,
    type: String(p.type ?? (p.anyOf ? 'union' : 'any')),
    default: p.default,
    description: p.description as string | undefined,
  }));
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { plugins: { type: 'string' }, json: { type: 'boolean' } });
  for (const spec of values.plugins?.split(',').filter(Boolean) ?? []) await methods.load(spec);
  const all = await methods.all();
  const rows = all.map((p) => ({ name: p.name, peftType: p.peftType ?? null, description: p.description, fields: describeFields(p.config) }));
  if (values.json) {
    console.log(JSON.stringify(rows, null, 2));
    return 0;
  }
  for (const r of rows) {
    console.log(`${r.name}${r.peftType ? ` (PEFT ${r.peftType})` : ''}: ${r.description}`);
    for (const f of r.fields) {
      const def = f.default === undefined ? '' : ` = ${JSON.stringify(f.default)}`;
      console.log(`  ${f.field}: ${f.type}${def}${f.description ? `  — ${f.description}` : ''}`);
    }
  }
  return 0;
}

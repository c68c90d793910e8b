import { readFileSync } from 'node:fs';
import { checkGolden, compareToGolden, GoldenFormatError } from '../../metrics/index.ts';
import { parse, UsageError } from '../args.ts';

export const summary = 'recompute every metric of a golden metrics file and compare with the stored values';
export const usage = `edgetune metrics check FILE.json

FILE has the layout of shared/fixtures/metrics/golden.json: sections (classification, binary, multiclass_auc,
regression, generation, qa, perplexity) holding their inputs and, optionally, expected values. Prints the
recomputed values as JSON in the same layout. Values the file also holds are compared (BLEU, chrF and ROUGE
within 1e-4 absolute, everything else 1e-6 relative): exit 1 if any differs. Keys that cannot be checked
are listed on stderr.`;

export async function run(argv: string[]): Promise<number> {
  const { positionals } = parse(argv, {});
  const [sub, file, ...extra] = positionals;
  if (sub !== 'check') throw new UsageError(sub ? `unknown subcommand '${sub}'` : 'a subcommand is required');
  if (!file || extra.length > 0) throw new UsageError('give exactly one FILE');
  let golden: unknown;
  try {
    golden = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  let result;
  try {
    result = checkGolden(golden);
  } catch (err) {
    if (err instanceof GoldenFormatError) throw new Error(err.message);
    throw err;
  }
  const { unrecognized, ...computed } = result;
  console.log(JSON.stringify(computed, null, 2));
  for (const u of unrecognized) console.error(`not checked: ${u.path} (${u.reason})`);
  const comparisons = compareToGolden(golden, computed);
  const bad = comparisons.filter((c) => !c.ok);
  for (const c of bad) console.error(`mismatch: ${c.path}: expected ${JSON.stringify(c.expected)}, computed ${JSON.stringify(c.actual)}`);
  console.error(`${comparisons.length - bad.length} of ${comparisons.length} stored values match`);
  return bad.length > 0 ? 1 : 0;
}

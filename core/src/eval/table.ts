import { describeTask } from '../heads/index.ts';
import type { EvalResult } from './evaluate.ts';

/** A two-column text table of scalar metrics; the confusion matrix goes underneath. */
export function formatMetricsTable(r: EvalResult): string {
  const rows = Object.entries(r.metrics).filter(([, v]) => !Array.isArray(v)) as [string, number | null][];
  const width = Math.max(6, ...rows.map(([k]) => k.length));
  const lines = [`${describeTask(r.task)}: ${r.examples} examples (rows of up to ${r.seq} tokens)`, '', `${'metric'.padEnd(width)}  value`, `${'-'.repeat(width)}  ${'-'.repeat(10)}`];
  for (const [k, v] of rows) lines.push(`${k.padEnd(width)}  ${v === null ? 'n/a' : format(v)}`);
  const cm = r.metrics.confusion_matrix;
  if (Array.isArray(cm)) {
    lines.push('', 'confusion matrix (rows: true, columns: predicted)');
    const cell = Math.max(3, ...cm.flat().map((x) => String(x).length));
    for (const row of cm) lines.push(`  ${row.map((x) => String(x).padStart(cell)).join(' ')}`);
  }
  return lines.join('\n');
}

function format(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(4) : x.toFixed(4);
}

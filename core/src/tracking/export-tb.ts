// A run folder → one TensorBoard event file: every numeric field of metrics.jsonl becomes a scalar
// under `<split>/<field>` (train/loss, validation/accuracy, …) at its step, and train_config.json
// becomes a text summary, so `tensorboard --logdir` shows the curves next to the settings.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { encodeEvent, FILE_VERSION, type TbValue } from './tb-event.ts';
import { frameRecord } from './tfrecord.ts';

/** Bookkeeping fields that are not curves. */
const SKIP = new Set(['split', 'step', 'epoch', 'elapsed_s']);

export interface ExportResult {
  file: string;
  events: number;
  scalars: number;
}

export function exportTensorBoard(runDir: string, outDir = join(runDir, 'tb'), now = Date.now()): ExportResult {
  const metricsPath = join(runDir, 'metrics.jsonl');
  if (!existsSync(metricsPath)) throw new Error(`${runDir} has no metrics.jsonl (is it an edgetune train --out folder?)`);
  const start = now / 1000;
  const records = [frameRecord(encodeEvent({ wallTime: start, step: 0, fileVersion: FILE_VERSION, values: [] }))];
  const configPath = join(runDir, 'train_config.json');
  if (existsSync(configPath)) {
    const text = `\`\`\`json\n${readFileSync(configPath, 'utf8').trim()}\n\`\`\``;
    records.push(frameRecord(encodeEvent({ wallTime: start, step: 0, values: [{ tag: 'config', text }] })));
  }
  let scalars = 0;
  const lines = readFileSync(metricsPath, 'utf8').split('\n').filter((l) => l.trim());
  lines.forEach((line, i) => {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(line) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`${metricsPath}:${i + 1}: not JSON (${(e as Error).message})`);
    }
    const split = typeof m.split === 'string' ? m.split : 'train';
    const values: TbValue[] = Object.entries(m)
      .filter(([k, v]) => !SKIP.has(k) && typeof v === 'number' && Number.isFinite(v))
      .map(([k, v]) => ({ tag: `${split}/${k}`, scalar: v as number }));
    if (values.length === 0) return;
    // wall time: the run's own clock where the line has it, so TensorBoard's relative axis is real
    const wallTime = start + (typeof m.elapsed_s === 'number' ? m.elapsed_s : 0);
    records.push(frameRecord(encodeEvent({ wallTime, step: Number(m.step ?? 0), values })));
    scalars += values.length;
  });
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `events.out.tfevents.${Math.floor(start)}.${hostname()}`);
  writeFileSync(file, Buffer.concat(records));
  return { file, events: records.length, scalars };
}

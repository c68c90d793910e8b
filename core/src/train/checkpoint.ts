// Checkpoints in OUT/checkpoints/step-NNNNNN: staged in a hidden folder, then renamed in, so a reader (or
// a resume after a crash) never sees half of one.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeAdapterDir } from '../engine/adapter-dir.ts';
import type { HostTensor } from '../graph/index.ts';
import type { AdapterFiles } from '../plugin/index.ts';
import { readSafetensors, writeSafetensors, writeTextAtomic } from '../weights/index.ts';
import { TrainError } from './errors.ts';
import type { CheckpointMeta } from './run-state.ts';

export interface Checkpoint {
  meta: CheckpointMeta;
  /** Trainable tensors under the method's in-memory names, exactly as trained. */
  params: Map<string, HostTensor>;
  /** Optimizer state by `param::slot`. */
  optimizer: Map<string, HostTensor>;
  /** EWC's Fisher and anchor (`fisher.NAME`, `anchor.NAME`), when the run uses EWC. */
  ewc?: Map<string, HostTensor>;
}

const STEP_DIR = /^step-(\d+)$/;
export const checkpointName = (step: number) => `step-${String(step).padStart(6, '0')}`;

/** Writes `ck` (and the servable adapter files) as ROOT/step-NNNNNN; returns its path. */
export function writeCheckpoint(root: string, ck: Checkpoint, adapter: AdapterFiles): string {
  const name = checkpointName(ck.meta.step);
  const staging = join(root, `.${name}.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeSafetensors(join(staging, 'params.safetensors'), ck.params);
  writeSafetensors(join(staging, 'optimizer.safetensors'), ck.optimizer);
  if (ck.ewc) writeSafetensors(join(staging, 'ewc.safetensors'), ck.ewc);
  writeAdapterDir(join(staging, 'adapter'), adapter);
  writeTextAtomic(join(staging, 'trainer_state.json'), `${JSON.stringify(ck.meta, null, 2)}\n`);
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return dir;
}

export function readCheckpoint(dir: string): Checkpoint {
  const read = (f: string) => readSafetensors(join(dir, f)).tensors;
  let meta: CheckpointMeta;
  try {
    meta = JSON.parse(readFileSync(join(dir, 'trainer_state.json'), 'utf8'));
  } catch (err) {
    throw new TrainError('invalid_config', `cannot read checkpoint ${dir}: ${(err as Error).message}`, { field: 'resume' });
  }
  const ewc = existsSync(join(dir, 'ewc.safetensors')) ? read('ewc.safetensors') : undefined;
  return { meta, params: read('params.safetensors'), optimizer: read('optimizer.safetensors'), ewc };
}

/** Checkpoint steps under `root`, ascending. */
export function listCheckpoints(root: string): number[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((n) => STEP_DIR.exec(n)?.[1] ?? []).map(Number).sort((a, b) => a - b);
}

/** Removes all but the newest `keepLast` checkpoints and the one at `bestStep`. */
export function pruneCheckpoints(root: string, keepLast: number, bestStep: number | null): void {
  const steps = listCheckpoints(root);
  const keep = new Set(steps.slice(-keepLast));
  if (bestStep !== null) keep.add(bestStep);
  for (const s of steps) if (!keep.has(s)) rmSync(join(root, checkpointName(s)), { recursive: true, force: true });
}

/** A checkpoint folder, or a run folder (its newest checkpoint). */
export function resolveCheckpoint(path: string): string {
  if (existsSync(join(path, 'trainer_state.json'))) return path;
  const root = join(path, 'checkpoints');
  const last = listCheckpoints(root).at(-1);
  if (last === undefined) throw new TrainError('invalid_config', `${path} is neither a checkpoint nor a run folder with checkpoints`, { field: 'resume' });
  return join(root, checkpointName(last));
}

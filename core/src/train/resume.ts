// Resuming: a checkpoint back into the parameter store, the optimizer state and the run state.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HostTensor } from '../graph/index.ts';
import type { ParameterStore } from '../plugin/index.ts';
import { checkpointName, listCheckpoints, readCheckpoint, resolveCheckpoint, type Checkpoint } from './checkpoint.ts';
import { TrainError } from './errors.ts';
import type { EwcReference } from './ewc-fisher.ts';
import type { CheckpointMeta, RunState } from './run-state.ts';
import type { TrainConfig } from './train-config.ts';

/** Reads the checkpoint at `path` and checks it belongs to a run like this one (method, batch, seq, seed). */
export function loadResume(path: string, cfg: TrainConfig, method: string): { dir: string; ck: Checkpoint } {
  const dir = resolveCheckpoint(path);
  const ck = readCheckpoint(dir);
  const m = ck.meta;
  const want: Partial<CheckpointMeta> = { method, batch: cfg.batch, seq: cfg.seq, seed: cfg.seed };
  for (const [k, v] of Object.entries(want)) {
    if (m[k as keyof CheckpointMeta] !== v) {
      throw new TrainError('invalid_config', `checkpoint ${dir} was written with ${k} ${JSON.stringify(m[k as keyof CheckpointMeta])}, this run has ${JSON.stringify(v)}`, { field: k });
    }
  }
  if (cfg.ewc && !ck.ewc) throw new TrainError('invalid_config', `checkpoint ${dir} has no EWC reference (Fisher and anchor)`, { field: 'ewc' });
  return { dir, ck };
}

export function runStateOf(m: CheckpointMeta): RunState {
  const { version: _v, method: _m, batch: _b, seq: _s, seed: _seed, ...state } = m;
  return structuredClone({ ...state, tokens: state.tokens ?? 0 }); // (checkpoints before the count had none)
}

/** The checkpoint's optimizer state into the runner's, tensor for tensor; the names must match exactly. */
export function restoreOptimizer(target: Map<string, HostTensor>, ck: Checkpoint, params: ParameterStore, names: readonly string[]): void {
  const missing = [...target.keys()].filter((k) => !ck.optimizer.has(k)).concat(names.filter((n) => !ck.params.has(n)));
  if (missing.length || ck.optimizer.size !== target.size) {
    throw new TrainError('invalid_config', `checkpoint does not match this method's tensors (missing: ${missing.slice(0, 3).join(', ') || 'none'}; extra state)`, { field: 'resume' });
  }
  for (const k of target.keys()) target.set(k, ck.optimizer.get(k)!);
  for (const n of names) params.values.set(n, ck.params.get(n)!);
}

/** Checkpoints in `root` past the resumed step belong to the abandoned future: remove them. */
export function dropLaterCheckpoints(root: string, step: number): void {
  for (const s of listCheckpoints(root)) if (s > step) rmSync(join(root, checkpointName(s)), { recursive: true, force: true });
}

export function ewcTensors(e: EwcReference): Map<string, HostTensor> {
  const out = new Map<string, HostTensor>();
  for (const [k, v] of e.fisher) out.set(`fisher.${k}`, v);
  for (const [k, v] of e.anchor) out.set(`anchor.${k}`, v);
  return out;
}

export function ewcFromTensors(m: ReadonlyMap<string, HostTensor>): EwcReference {
  const pick = (prefix: string) => new Map([...m].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v] as const));
  return { fisher: pick('fisher.'), anchor: pick('anchor.') };
}

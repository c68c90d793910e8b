// The trainer's resumable state besides tensors: everything a checkpoint needs to continue bit for bit.
import type { StreamState } from './batches.ts';
import type { EarlyStopState } from './early-stopping.ts';
import type { LossScalerState } from './loss-scaler.ts';
import type { PlateauState } from './plateau.ts';

export interface RunState {
  /** Optimizer steps done. */
  step: number;
  /** Micro-batches drawn from the training stream (epochs = consumed / batches per epoch). */
  consumed: number;
  /** Real (non-pad) tokens trained on so far, the steps before a resume included. */
  tokens: number;
  /** The data order: its epoch and position (the order itself is a function of the seed and epoch). */
  stream: StreamState;
  scaler?: LossScalerState;
  plateau?: PlateauState;
  earlyStop?: EarlyStopState;
  /** The monitored metric's best value and step: that checkpoint is kept whatever keepLast says. */
  best: { metric: string; value: number | null; step: number | null };
}

/** What a checkpoint's trainer_state.json holds: the state plus what it must be resumed with. */
export interface CheckpointMeta extends RunState {
  version: 1;
  method: string;
  batch: number;
  seq: number;
  seed: number;
}

import { hostTensor, type HostTensor } from '../graph/index.ts';
import type { ParamScale } from './layer-decay.ts';
import { LR_SCALE, PARAM_STEP } from './update.ts';

/**
 * Feeds per-tensor LR multipliers (a method's `lrScale`, layer-wise decay) to the step graph, and each
 * tensor's own AdamW step (how many steps it has been trained, this one included), as torch counts it
 * for a tensor that joins late. Counts advance incrementally; a jump (resume) recounts from step 0.
 */
export class ParamSchedule {
  private readonly counts: Float64Array;
  private next = 0;

  constructor(
    private readonly names: readonly string[],
    private readonly scale: ParamScale,
  ) {
    this.counts = new Float64Array(names.length);
  }

  /** lr_scale and param_step [P] for 0-based step `step`. */
  feeds(step: number): Record<string, HostTensor> {
    if (step !== this.next) {
      this.counts.fill(0);
      for (let s = 0; s < step; s++) this.scales(s);
    }
    const scales = this.scales(step);
    this.next = step + 1;
    const steps = Float32Array.from(this.counts, (c) => Math.max(1, c)); // t >= 1 keeps AdamW's 1 - b^t nonzero
    return { [LR_SCALE]: hostTensor('float32', [scales.length], scales), [PARAM_STEP]: hostTensor('float32', [steps.length], steps) };
  }

  private scales(step: number): Float32Array {
    return Float32Array.from(this.names, (name, i) => {
      const s = this.scale(name, step);
      if (s > 0) this.counts[i]! += 1;
      return s;
    });
  }
}

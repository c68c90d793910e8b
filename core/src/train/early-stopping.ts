// Early stopping as a pure function of its state and the next value of the monitored metric.

export interface Monitor {
  mode: 'min' | 'max';
  /** An improvement must beat the best by more than this. */
  minDelta: number;
}

export interface EarlyStopState {
  /** Best value so far (null before the first finite one) and the step it was logged at. */
  best: number | null;
  bestStep: number | null;
  /** Checks since the last improvement. */
  bad: number;
}

export const initialEarlyStop = (): EarlyStopState => ({ best: null, bestStep: null, bad: 0 });

/** Whether `value` improves on `best` by more than minDelta (NaN never does; anything beats null). */
export function improves(value: number, best: number | null, m: Monitor): boolean {
  if (Number.isNaN(value)) return false;
  if (best === null) return true;
  return m.mode === 'min' ? value < best - m.minDelta : value > best + m.minDelta;
}

/**
 * One check, as Keras' and transformers' callbacks count: an improvement resets the count, anything else
 * adds one, and the run stops once `patience` checks in a row failed to improve.
 */
export function earlyStopUpdate(s: EarlyStopState, value: number, step: number, cfg: Monitor & { patience: number }) {
  const improved = improves(value, s.best, cfg);
  const state: EarlyStopState = improved ? { best: value, bestStep: step, bad: 0 } : { ...s, bad: s.bad + 1 };
  return { state, improved, stop: state.bad >= cfg.patience };
}

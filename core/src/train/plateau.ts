// ReduceLROnPlateau with torch.optim.lr_scheduler's semantics, as a pure function over a small state.

export interface PlateauConfig {
  mode: 'min' | 'max';
  factor: number;
  patience: number;
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  cooldown: number;
  minLr: number;
  eps: number;
}

export interface PlateauState {
  /** null stands for torch's initial ±inf. */
  best: number | null;
  bad: number;
  cooldown: number;
  /** Multiplier of the peak learning rate, fed to the step graph as lr_factor. */
  factor: number;
}

export const initialPlateau = (): PlateauState => ({ best: null, bad: 0, cooldown: 0, factor: 1 });

function isBetter(a: number, best: number | null, c: PlateauConfig): boolean {
  if (Number.isNaN(a)) return false;
  if (best === null) return true;
  if (c.mode === 'min') return c.thresholdMode === 'rel' ? a < best * (1 - c.threshold) : a < best - c.threshold;
  return c.thresholdMode === 'rel' ? a > best * (1 + c.threshold) : a > best + c.threshold;
}

/** torch's ReduceLROnPlateau.step(metric); `peakLr` turns min_lr into a floor on the multiplier. */
export function plateauUpdate(s: PlateauState, value: number, c: PlateauConfig, peakLr: number): PlateauState {
  const next = { ...s };
  if (isBetter(value, s.best, c)) {
    next.best = value;
    next.bad = 0;
  } else {
    next.bad++;
  }
  if (next.cooldown > 0) {
    next.cooldown--;
    next.bad = 0; // bad checks during cooldown are ignored
  }
  if (next.bad > c.patience) {
    const old = peakLr * next.factor;
    const lr = Math.max(old * c.factor, c.minLr);
    if (old - lr > c.eps) next.factor = lr / peakLr;
    next.cooldown = c.cooldown;
    next.bad = 0;
  }
  return next;
}

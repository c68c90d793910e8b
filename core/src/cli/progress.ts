// Training progress: one self-rewriting line on a terminal, plain periodic lines in logs and CI.

export interface ProgressState {
  step: number;
  total: number;
  /** Smoothed loss. */
  loss: number;
  lr: number;
  tokensPerSecond: number;
  elapsedSeconds: number;
}

/** 65 → '1:05', 3725 → '1:02:05'. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const mmss = `${h ? String(m).padStart(2, '0') : m}:${String(sec).padStart(2, '0')}`;
  return h ? `${h}:${mmss}` : mmss;
}

/** 950 → '950', 12345 → '12.3k', 2.5e6 → '2.5M'. */
export function formatRate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(1)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x.toFixed(0);
}

/** `step 12/60 [######------] loss 3.412 lr 2.00e-4 1.2k tok/s eta 0:21`, the bar sized to fit `width`. */
export function formatProgress(s: ProgressState, width: number): string {
  const eta = s.step > 0 ? (s.elapsedSeconds / s.step) * (s.total - s.step) : NaN;
  const counter = `step ${String(s.step).padStart(String(s.total).length)}/${s.total}`;
  // Fixed-width fields, so the bar does not change size from one redraw to the next.
  const lr = (s.lr === 0 ? '0' : s.lr.toExponential(2)).padEnd(7);
  const rest = `loss ${s.loss.toFixed(3).padStart(6)} lr ${lr} ${formatRate(s.tokensPerSecond).padStart(5)} tok/s eta ${formatDuration(eta)}`;
  const barWidth = Math.min(30, width - counter.length - rest.length - 4);
  if (barWidth < 5) return `${counter} ${rest}`.slice(0, Math.max(0, width));
  const filled = Math.round((barWidth * Math.min(s.step, s.total)) / Math.max(1, s.total));
  return `${counter} [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${rest}`;
}

/** Bias-corrected exponential moving average, so the first values are not pulled toward zero. */
export class Ema {
  private avg = 0;
  private n = 0;
  constructor(private readonly beta = 0.9) {}

  push(x: number): number {
    this.n++;
    this.avg = this.beta * this.avg + (1 - this.beta) * x;
    return this.value;
  }

  get value(): number {
    return this.n ? this.avg / (1 - this.beta ** this.n) : NaN;
  }
}

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Defaults to stderr, so stdout stays clean for results. */
  out?: ProgressSink;
  /** Non-TTY: a line at least this often (ms) ... */
  intervalMs?: number;
  /** ... or every this many steps, whichever comes first. */
  everySteps?: number;
  now?: () => number;
}

/** What the trainer reports each step: the state's fields, with the raw (unsmoothed) loss. */
export type ProgressUpdate = ProgressState;

export class Progress {
  private readonly out: ProgressSink;
  private readonly loss = new Ema();
  private readonly rate = new Ema();
  private last = -Infinity;
  private drawn = false;

  constructor(private readonly opts: ProgressOptions = {}) {
    this.out = opts.out ?? process.stderr;
  }

  update(u: ProgressUpdate): void {
    const state: ProgressState = { ...u, loss: this.loss.push(u.loss), tokensPerSecond: this.rate.push(u.tokensPerSecond) };
    const now = this.opts.now?.() ?? performance.now();
    const final = u.step >= u.total;
    if (this.out.isTTY) {
      // Redraw at most ~10 times a second: terminals are slow and steps can be milliseconds.
      if (!final && now - this.last < 100) return;
      const width = Math.max(20, (this.out.columns || 80) - 1);
      this.out.write(`\r${formatProgress(state, width).padEnd(width)}`);
      this.drawn = true;
    } else {
      const due = u.step === 1 || final || u.step % (this.opts.everySteps ?? 50) === 0 || now - this.last >= (this.opts.intervalMs ?? 2000);
      if (!due) return;
      this.out.write(`${formatProgress(state, 100)}\n`);
    }
    this.last = now;
  }

  /** Ends the TTY line so later output starts on a fresh one. */
  done(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}

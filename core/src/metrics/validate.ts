// Input checks shared by every metric; messages name the metric so CLI users can find the bad input.

/** Throws unless both inputs pair up item by item. */
export function assertSameLength(what: string, a: { length: number }, b: { length: number }): void {
  if (a.length !== b.length) {
    throw new RangeError(`${what}: inputs have different lengths (${a.length} vs ${b.length})`);
  }
}

/** Empty inputs make every mean 0/0; the references warn and return NaN, we refuse instead. */
export function assertNonEmpty(what: string, a: { length: number }): void {
  if (a.length === 0) throw new RangeError(`${what}: input is empty`);
}

export function assertFinite(what: string, xs: ArrayLike<number>): void {
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i])) throw new RangeError(`${what}: value at index ${i} is not a finite number (${xs[i]})`);
  }
}

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

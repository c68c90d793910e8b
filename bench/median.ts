/** The median of the samples (the upper one of an even count), as every bench quotes it. */
export const median = (xs: readonly number[]): number => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;

/** A copy of a typed array in a new one of the given size (at least a.length). */
export function grow<T extends Int32Array | Uint32Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

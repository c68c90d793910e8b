// Class labels as scikit-learn orders them: the sorted union of what appears (np.unique).
export type Label = number | string;

/** Orders strings by code point like numpy's unicode sort (JS `<` compares UTF-16 units). */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareCodePoints(String(a), String(b));
}

/** Sorted unique labels of all arrays; mixing numbers and strings is refused, as sklearn does. */
export function uniqueLabels(...arrays: readonly (readonly Label[])[]): Label[] {
  const seen = new Set<Label>();
  for (const arr of arrays) {
    for (const x of arr) {
      if (typeof x === 'number' && Number.isNaN(x)) throw new TypeError('labels: NaN is not a valid label');
      seen.add(x);
    }
  }
  const out = [...seen];
  const kinds = new Set(out.map((x) => typeof x));
  if (kinds.size > 1) {
    throw new TypeError(`labels: mix of numbers and strings (${out.slice(0, 6).join(', ')}); use one type`);
  }
  return out.sort(compareLabels);
}

export function formatLabel(x: Label): string {
  return typeof x === 'string' ? JSON.stringify(x) : String(x);
}

import { hostTensor, type HostTensor } from '../graph/index.ts';
import { loraRank, type ServeAdapter } from './adapter.ts';
import { loraA, loraB } from './names.ts';
import type { ServeSite } from './sites.ts';

/**
 * LoRA stacks for the adapters of one batch, entry u = adapters[u]: A^T [U, in, R] and scaling·B^T
 * [U, R, out] per site, zero-padded to the largest rank R (and zero where an adapter skips a site, or for
 * a null entry), which leaves each entry's product exact.
 */
export function loraStacks(adapters: readonly (ServeAdapter | null)[], sites: readonly ServeSite[]): Record<string, HostTensor> {
  const U = adapters.length;
  const R = Math.max(1, ...adapters.map((ad) => (ad ? loraRank(ad) : 0)));
  const feeds: Record<string, HostTensor> = {};
  for (const s of sites) {
    const only = U === 1 ? adapters[0]?.lora?.get(s.path) : undefined;
    if (only && only.rank === R) {
      // one adapter at full rank: its prepared arrays already are the [1, in, R] / [1, R, out] stacks, so
      // feed views (a hot-swapped adapter's first prefill copies nothing)
      feeds[loraA(s.path)] = hostTensor('float32', [1, s.inFeatures, R], only.a);
      feeds[loraB(s.path)] = hostTensor('float32', [1, R, s.outFeatures], only.b);
      continue;
    }
    const a = new Float32Array(U * s.inFeatures * R);
    const b = new Float32Array(U * R * s.outFeatures);
    adapters.forEach((ad, u) => {
      const f = ad?.lora?.get(s.path);
      if (!f) return;
      if (f.rank === R) a.set(f.a, u * s.inFeatures * R);
      else for (let i = 0; i < s.inFeatures; i++) a.set(f.a.subarray(i * f.rank, (i + 1) * f.rank), (u * s.inFeatures + i) * R);
      b.set(f.b, u * R * s.outFeatures); // rows k < rank of [R, out]
    });
    feeds[loraA(s.path)] = hostTensor('float32', [U, s.inFeatures, R], a);
    feeds[loraB(s.path)] = hostTensor('float32', [U, R, s.outFeatures], b);
  }
  return feeds;
}

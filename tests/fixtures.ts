import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readSafetensors } from '@edgetune/core';
import type { HostTensor } from '@edgetune/core';

/** The reference fixtures live beside the repository (../shared); tests fail loudly if they are missing. */
export const FIXTURES = fileURLToPath(new URL('../../shared/fixtures/', import.meta.url));
export const HF = join(FIXTURES, 'hf');

export function requireFixtures(): void {
  if (!existsSync(HF)) throw new Error(`reference fixtures not found at ${HF}; they are expected in ../shared beside the repository`);
}

export function readExpected(dir: string): Map<string, HostTensor> {
  return readSafetensors(join(dir, 'expected', 'expected.safetensors')).tensors;
}

export function maxAbsDiff(a: HostTensor, b: HostTensor, mask?: (i: number) => boolean): number {
  if (a.data.length !== b.data.length) throw new Error(`size mismatch: [${a.shape}] vs [${b.shape}]`);
  let m = 0;
  for (let i = 0; i < a.data.length; i++) if (!mask || mask(i)) m = Math.max(m, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return m;
}

/** ‖a − b‖ / ‖b‖ in float64. */
export function relError(a: HostTensor, b: HostTensor): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.data.length; i++) {
    const d = Number(a.data[i]) - Number(b.data[i]);
    num += d * d;
    den += Number(b.data[i]) ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-30);
}

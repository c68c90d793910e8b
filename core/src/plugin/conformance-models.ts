import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBaseModel, type BaseModel } from '../engine/base-model.ts';
import { hostTensor, type HostTensor } from '../graph/index.ts';
import { writeTinyRandomModel } from '../weights/index.ts';

/** The PEFT reference fixtures beside the repository. */
export const HF_FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/hf/', import.meta.url));

const cache = new Map<string, BaseModel>();

/** A generated 2-layer model of each architecture (GQA for Llama), made once per process. */
export function tinyModel(arch: 'gpt2' | 'llama'): BaseModel {
  let m = cache.get(arch);
  if (!m) {
    const dir = join(mkdtempSync(join(tmpdir(), `edgetune-conformance-${arch}-`)), 'model');
    writeTinyRandomModel(dir, { arch, vocabSize: 300, hidden: 32, layers: 2, heads: 4, kvHeads: arch === 'llama' ? 2 : 4, maxPositions: 64, seed: 3 });
    m = loadBaseModel(dir);
    cache.set(arch, m);
  }
  return m;
}

/** Deterministic input ids [B, T] within the tiny vocabulary. */
export function sampleIds(batch = 2, seq = 8, vocab = 300): HostTensor {
  return hostTensor('int64', [batch, seq], BigInt64Array.from({ length: batch * seq }, (_, i) => BigInt((i * 97 + 13) % vocab)));
}

export function maxAbs(a: HostTensor, b: HostTensor): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return m;
}

export function relError(a: HostTensor, b: HostTensor): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.data.length; i++) {
    num += (Number(a.data[i]) - Number(b.data[i])) ** 2;
    den += Number(b.data[i]) ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-30);
}

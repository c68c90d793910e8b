// Shared by this folder's tests: fixture paths, temp folders and hand-made safetensors bytes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** shared/fixtures/hf beside the repository (transformers 5.17 outputs). */
export const HF_FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/hf/', import.meta.url));

export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'edgetune-weights-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A safetensors file from an arbitrary header object (or raw header text) and data bytes. */
export function craftSafetensors(header: unknown, data: Uint8Array | number, lengthOverride?: bigint): Uint8Array {
  const text = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + text.length + body.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(text.length), true);
  out.set(text, 8);
  out.set(body, 8 + text.length);
  return out;
}

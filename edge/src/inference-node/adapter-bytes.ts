// Packed adapter blobs an inference node was sent, by sha256, least recently used dropped first
// once they pass the byte budget. Dropping is safe: the node answers `adapter_not_found` and the
// Worker sends the bytes again.
import { sha256Hex } from '../util/crypto.ts';

export class AdapterBytes {
  private readonly blobs = new Map<string, Uint8Array>(); // insertion order = recency
  private bytes = 0;

  constructor(readonly budgetBytes: number) {}

  get size(): number {
    return this.blobs.size;
  }

  get(sha256: string): Uint8Array | undefined {
    const blob = this.blobs.get(sha256);
    if (blob) {
      this.blobs.delete(sha256);
      this.blobs.set(sha256, blob);
    }
    return blob;
  }

  /** Keeps the blob when its content has that hash; false otherwise (nothing stored). */
  put(sha256: string, blob: Uint8Array): boolean {
    if (sha256Hex(blob) !== sha256) return false;
    if (!this.blobs.has(sha256)) this.bytes += blob.byteLength;
    this.blobs.delete(sha256);
    this.blobs.set(sha256, blob);
    for (const [key, old] of this.blobs) {
      if (this.bytes <= this.budgetBytes || key === sha256) break;
      this.blobs.delete(key);
      this.bytes -= old.byteLength;
    }
    return true;
  }
}

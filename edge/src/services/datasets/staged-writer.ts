// Buffers small writes into ~64 KiB chunks for a staged blob and hashes what it writes.
import { createHash } from 'node:crypto';
import type { StagedBlob } from '../../ports/blob-store.ts';

const CHUNK = 64 * 1024;

export class HashingWriter {
  private readonly hash = createHash('sha256');
  private readonly encoder = new TextEncoder();
  private parts: Uint8Array[] = [];
  private pending = 0;
  bytes = 0;

  constructor(private readonly staged: StagedBlob) {}

  async writeText(text: string): Promise<void> {
    const b = this.encoder.encode(text);
    this.hash.update(b);
    this.parts.push(b);
    this.pending += b.length;
    this.bytes += b.length;
    if (this.pending >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const out = new Uint8Array(this.pending);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    this.parts = [];
    this.pending = 0;
    await this.staged.write(out);
  }

  /** Flushes and returns the sha256 of everything written. */
  async finish(): Promise<string> {
    await this.flush();
    return this.hash.digest('hex');
  }
}

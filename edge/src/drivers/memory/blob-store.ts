// In-memory blob store for tests; staged writes live outside the key space until commit.
import type { BlobHead, BlobObject, BlobStore, StagedBlob } from '../../ports/blob-store.ts';
import { concatBytes } from '../../util/bytes.ts';

export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, Uint8Array>();
  /** Staged writes not yet committed or aborted (tests assert this drains to 0). */
  staging = 0;

  async put(key: string, bytes: Uint8Array): Promise<BlobHead> {
    this.blobs.set(key, bytes.slice());
    return { key, size: bytes.length };
  }

  async get(key: string): Promise<BlobObject | null> {
    const bytes = this.blobs.get(key);
    if (!bytes) return null;
    return {
      key,
      size: bytes.length,
      bytes: async () => bytes.slice(),
      stream: () => new ReadableStream({ start(c) { c.enqueue(bytes.slice()); c.close(); } }),
    };
  }

  async head(key: string): Promise<BlobHead | null> {
    const bytes = this.blobs.get(key);
    return bytes ? { key, size: bytes.length } : null;
  }

  async delete(key: string): Promise<void> {
    this.blobs.delete(key);
  }

  async list(prefix = ''): Promise<string[]> {
    return [...this.blobs.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  async stage(): Promise<StagedBlob> {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let open = true;
    this.staging++;
    const close = () => {
      if (open) this.staging--;
      open = false;
    };
    return {
      get size() {
        return size;
      },
      write: async (chunk) => {
        if (!open) throw new Error('staged blob is closed');
        chunks.push(chunk.slice());
        size += chunk.length;
      },
      commit: async (key) => {
        if (!open) throw new Error('staged blob is closed');
        close();
        return this.put(key, concatBytes(chunks));
      },
      abort: async () => close(),
    };
  }
}

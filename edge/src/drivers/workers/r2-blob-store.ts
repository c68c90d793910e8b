// Blob store on R2. R2 puts are atomic (an object is visible only once every byte is stored), but
// a Worker cannot rename or copy objects, and a multipart upload needs its final key up front,
// which callers of `stage()` only know at commit (datasets and artifacts are named after their
// hash). So a staged write buffers its chunks in memory, up to `maxStagedBytes`, and `commit`
// streams them into one put through a FixedLengthStream (no second copy of the bytes). Abort just
// drops the buffer: nothing reaches R2 until commit, so a failed upload leaves no object.
import type { BlobHead, BlobObject, BlobStore, StagedBlob } from '../../ports/blob-store.ts';
import { EdgetuneError } from '../../errors/index.ts';
import type { R2BucketLike } from './bindings.ts';

const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** Workers' FixedLengthStream: an identity stream whose length R2 knows before the body arrives. */
type FixedLengthStreamCtor = new (length: number) => { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> };

export class R2BlobStore implements BlobStore {
  constructor(
    private readonly bucket: R2BucketLike,
    /** Largest staged write (Worker memory is 128 MB per isolate). */
    readonly maxStagedBytes: number,
  ) {}

  private check(key: string): string {
    if (!KEY.test(key) || key.split('/').some((p) => p === '..' || p === '.')) throw new Error(`invalid blob key '${key}'`);
    return key;
  }

  async put(key: string, bytes: Uint8Array): Promise<BlobHead> {
    await this.bucket.put(this.check(key), bytes);
    return { key, size: bytes.length };
  }

  async get(key: string): Promise<BlobObject | null> {
    const obj = await this.bucket.get(this.check(key));
    if (!obj) return null;
    return { key, size: obj.size, bytes: async () => new Uint8Array(await obj.arrayBuffer()), stream: () => obj.body };
  }

  async head(key: string): Promise<BlobHead | null> {
    const obj = await this.bucket.head(this.check(key));
    return obj ? { key, size: obj.size } : null;
  }

  async delete(key: string): Promise<void> {
    await this.bucket.delete(this.check(key));
  }

  async list(prefix = ''): Promise<string[]> {
    const keys: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.bucket.list({ prefix, ...(cursor ? { cursor } : {}) });
      for (const o of page.objects) keys.push(o.key);
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    return keys.sort();
  }

  async stage(): Promise<StagedBlob> {
    let chunks: Uint8Array[] = [];
    let size = 0;
    let state: 'open' | 'committed' | 'aborted' = 'open';
    const closed = () => new Error('staged blob is closed');
    return {
      get size() {
        return size;
      },
      write: async (chunk) => {
        if (state !== 'open') throw closed();
        if (size + chunk.length > this.maxStagedBytes) {
          throw new EdgetuneError('payload_too_large', `uploads on this deployment are limited to ${this.maxStagedBytes} bytes`);
        }
        chunks.push(chunk.slice()); // callers may reuse their buffer
        size += chunk.length;
      },
      commit: async (key) => {
        if (state !== 'open') throw closed();
        this.check(key);
        state = 'committed';
        const parts = chunks;
        chunks = [];
        await this.putChunks(key, parts, size);
        return { key, size };
      },
      abort: async () => {
        if (state !== 'open') return;
        state = 'aborted';
        chunks = [];
      },
    };
  }

  private async putChunks(key: string, parts: Uint8Array[], size: number): Promise<void> {
    if (parts.length <= 1) {
      await this.bucket.put(key, parts[0] ?? new Uint8Array(0));
      return;
    }
    const Fixed = (globalThis as { FixedLengthStream?: FixedLengthStreamCtor }).FixedLengthStream;
    if (!Fixed) {
      // Outside workerd (no FixedLengthStream): one contiguous copy.
      const all = new Uint8Array(size);
      let at = 0;
      for (const p of parts) all.set(p, (at += p.length) - p.length);
      await this.bucket.put(key, all);
      return;
    }
    const { readable, writable } = new Fixed(size);
    const w = writable.getWriter();
    // A failed put (the object never appears) stops the feed, so no write waits forever.
    const upload = this.bucket.put(key, readable).catch((e: unknown) => {
      void w.abort(e).catch(() => {});
      throw e;
    });
    upload.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
    try {
      // shift() lets each chunk be collected as soon as R2 has read it
      for (let p = parts.shift(); p; p = parts.shift()) await w.write(p);
      await w.close();
    } catch (e) {
      await upload; // the put's own error says more than the stream's
      throw e;
    }
    await upload;
  }
}

// Port: the blob store (datasets, adapters, checkpoints). Workers: R2. Node: a local folder.
// Writes are all-or-nothing: `put` and a staged write's `commit` make a key visible only once
// every byte is stored, and an aborted staged write leaves nothing behind.

export interface BlobObject {
  readonly key: string;
  readonly size: number;
  bytes(): Promise<Uint8Array>;
  stream(): ReadableStream<Uint8Array>;
}

export interface BlobHead {
  readonly key: string;
  readonly size: number;
}

/** A write in progress: chunks go to a staging area, `commit` moves them under a key atomically. */
export interface StagedBlob {
  write(chunk: Uint8Array): Promise<void>;
  /** Bytes written so far. */
  readonly size: number;
  /** Makes the bytes visible under `key` (replacing what was there). */
  commit(key: string): Promise<BlobHead>;
  /** Drops the staged bytes; safe to call twice or after commit (then a no-op). */
  abort(): Promise<void>;
}

export interface BlobStore {
  put(key: string, bytes: Uint8Array): Promise<BlobHead>;
  get(key: string): Promise<BlobObject | null>;
  head(key: string): Promise<BlobHead | null>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Committed keys under a prefix, sorted (staging areas are never listed). */
  list(prefix?: string): Promise<string[]>;
  stage(): Promise<StagedBlob>;
}

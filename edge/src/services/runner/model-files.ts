// A base model's Hugging Face folder as a manifest of files with content hashes, so a remote runner
// downloads each file once and caches the folder by one key. Only where the deployment has the
// folder on disk (Node): node:fs is imported on first use, so the Workers bundle never runs it.
import { createHash } from 'node:crypto';

export interface ModelFile {
  name: string;
  bytes: number;
  sha256: string;
}

// Hashing a multi-GB folder takes a while: once per (path, size, mtime) per process.
const hashes = new Map<string, Promise<string>>();

async function fileSha256(path: string, size: number, mtimeMs: number): Promise<string> {
  const key = `${path}\0${size}\0${mtimeMs}`;
  let hit = hashes.get(key);
  if (!hit) {
    hit = (async () => {
      const { createReadStream } = await import('node:fs');
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
      return hash.digest('hex');
    })();
    hashes.set(key, hit);
    hit.catch(() => hashes.delete(key));
  }
  return hit;
}

/** The folder's regular top-level files (hidden ones skipped), by name. */
export async function modelFiles(dir: string): Promise<ModelFile[]> {
  const { readdir, stat } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const out: ModelFile[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (name.startsWith('.')) continue;
    const s = await stat(join(dir, name));
    if (s.isFile()) out.push({ name, bytes: s.size, sha256: await fileSha256(join(dir, name), s.size, s.mtimeMs) });
  }
  return out;
}

/** One cache key for the folder: the hash of its sorted (name, sha256) lines. */
export function manifestSha256(files: readonly ModelFile[]): string {
  return createHash('sha256').update(files.map((f) => `${f.name}\t${f.sha256}\n`).join('')).digest('hex');
}

export async function openModelFile(dir: string, name: string): Promise<ReadableStream<Uint8Array>> {
  const { createReadStream } = await import('node:fs');
  const { Readable } = await import('node:stream');
  const { join } = await import('node:path');
  return Readable.toWeb(createReadStream(join(dir, name))) as ReadableStream<Uint8Array>;
}

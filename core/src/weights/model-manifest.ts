// A model folder as a manifest of its files with sizes and sha256, so runners download each file
// once and verify it, and a deployment without local folders (R2 on Workers) can serve the list
// without hashing gigabytes per request: `edgetune model-manifest DIR` writes it next to the files.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { MANIFEST_FILE, MANIFEST_FORMAT, type ModelFile } from './model-manifest-format.ts';

export { MANIFEST_FILE, type ModelFile };

// Hashing a multi-GB folder takes a while: once per (path, size, mtime) per process.
const hashes = new Map<string, Promise<string>>();

function fileSha256(path: string, size: number, mtimeMs: number): Promise<string> {
  const key = `${path}\0${size}\0${mtimeMs}`;
  let hit = hashes.get(key);
  if (!hit) {
    hit = (async () => {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
      return hash.digest('hex');
    })();
    hashes.set(key, hit);
    hit.catch(() => hashes.delete(key));
  }
  return hit;
}

/** The folder's regular top-level files by name (hidden files and the manifest itself skipped). */
export async function hashModelFolder(dir: string): Promise<ModelFile[]> {
  const out: ModelFile[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (name.startsWith('.') || name === MANIFEST_FILE) continue;
    const s = await stat(join(dir, name));
    if (s.isFile()) out.push({ name, bytes: s.size, sha256: await fileSha256(join(dir, name), s.size, s.mtimeMs) });
  }
  return out;
}

export async function writeModelManifest(dir: string): Promise<{ path: string; files: ModelFile[] }> {
  const files = await hashModelFolder(dir);
  const path = join(dir, MANIFEST_FILE);
  await writeFile(path, `${JSON.stringify({ format: MANIFEST_FORMAT, version: 1, files }, null, 1)}\n`);
  return { path, files };
}

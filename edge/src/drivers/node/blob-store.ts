// Blob store in a local folder: key `a/b/c` is the file ROOT/a/b/c. Writes go to ROOT/.staging
// first and are renamed into place (same filesystem, so the rename is the atomic commit).
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { BlobHead, BlobObject, BlobStore, StagedBlob } from '../../ports/blob-store.ts';
import { randomSecret } from '../../util/ids.ts';

const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
export const STAGING = '.staging';

export class FolderBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  private path(key: string): string {
    if (!KEY.test(key) || key.split('/').some((p) => p === '..' || p === '.')) throw new Error(`invalid blob key '${key}'`);
    return join(this.root, ...key.split('/'));
  }

  async put(key: string, bytes: Uint8Array): Promise<BlobHead> {
    const staged = await this.stage();
    try {
      await staged.write(bytes);
      return await staged.commit(key);
    } finally {
      await staged.abort();
    }
  }

  async get(key: string): Promise<BlobObject | null> {
    const head = await this.head(key);
    if (!head) return null;
    const path = this.path(key);
    return {
      ...head,
      bytes: async () => new Uint8Array(await readFile(path)),
      stream: () => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
    };
  }

  async head(key: string): Promise<BlobHead | null> {
    try {
      const s = await stat(this.path(key));
      return s.isFile() ? { key, size: s.size } : null;
    } catch {
      return null;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async list(prefix = ''): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return;
      }
      for (const name of names) {
        if (name.startsWith('.')) continue; // staging and temp files
        const p = join(dir, name);
        if ((await stat(p)).isDirectory()) await walk(p);
        else out.push(relative(this.root, p).split(sep).join('/'));
      }
    };
    await walk(this.root);
    return out.filter((k) => k.startsWith(prefix)).sort();
  }

  /** Files in the staging folder (tests assert none are left behind). */
  async stagingFiles(): Promise<string[]> {
    try {
      return await readdir(join(this.root, STAGING));
    } catch {
      return [];
    }
  }

  async stage(): Promise<StagedBlob> {
    const dir = join(this.root, STAGING);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, randomSecret(12));
    const fh = await open(tmp, 'wx');
    let size = 0;
    let state: 'open' | 'committed' | 'aborted' = 'open';
    return {
      get size() {
        return size;
      },
      write: async (chunk) => {
        if (state !== 'open') throw new Error('staged blob is closed');
        for (let done = 0; done < chunk.length;) done += (await fh.write(chunk, done, chunk.length - done)).bytesWritten;
        size += chunk.length;
      },
      commit: async (key) => {
        if (state !== 'open') throw new Error('staged blob is closed');
        const target = this.path(key);
        await fh.sync();
        await fh.close();
        state = 'committed';
        try {
          await mkdir(dirname(target), { recursive: true });
          await rename(tmp, target);
        } catch (e) {
          await rm(tmp, { force: true });
          throw e;
        }
        return { key, size };
      },
      abort: async () => {
        if (state !== 'open') return;
        state = 'aborted';
        await fh.close().catch(() => {});
        await rm(tmp, { force: true });
      },
    };
  }
}

// The runner's download cache, keyed by content hash: a dataset by its sha256, a base model folder
// by its manifest's sha256. Entries are written beside their final name and renamed in, so two
// runners sharing a work dir (or a crash mid-download) never see a partial entry. Every download is
// checked against the hash it was asked for.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex, type LeasedFile, type RunnerClient } from './client.ts';

const HEX64 = /^[0-9a-f]{64}$/;

export class DownloadError extends Error {
  readonly code = 'download_failed';
}

function checkHash(bytes: Uint8Array, want: string, what: string): void {
  const got = sha256Hex(bytes);
  if (got !== want) throw new DownloadError(`${what}: content hash ${got} does not match the expected ${want}`);
}

function unique(path: string): string {
  return `${path}.partial-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

export class ContentCache {
  constructor(readonly root: string, private readonly log?: (m: string) => void) {}

  /** A dataset's bytes, downloaded once per sha256. */
  async dataset(client: RunnerClient, file: LeasedFile): Promise<Uint8Array> {
    if (!HEX64.test(file.sha256)) throw new DownloadError(`dataset ${file.id}: bad sha256 '${file.sha256}'`);
    const path = join(this.root, 'datasets', `${file.sha256}.jsonl`);
    if (existsSync(path)) return readFileSync(path);
    const bytes = await client.downloadBytes(file.url);
    checkHash(bytes, file.sha256, `dataset ${file.id}`);
    mkdirSync(join(this.root, 'datasets'), { recursive: true });
    const tmp = unique(path);
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
    this.log?.(`dataset ${file.id} cached (${bytes.byteLength} bytes, sha256 ${file.sha256.slice(0, 12)}…)`);
    return bytes;
  }

  /** A base model's Hugging Face folder, downloaded once per manifest. */
  async model(client: RunnerClient, manifestUrl: string): Promise<string> {
    const m = await client.modelManifest(manifestUrl);
    if (!HEX64.test(m.sha256)) throw new DownloadError(`model ${m.id}: bad manifest sha256`);
    const dir = join(this.root, 'models', m.sha256);
    if (existsSync(join(dir, '.complete'))) return dir;
    const staging = unique(dir);
    mkdirSync(staging, { recursive: true });
    try {
      for (const f of m.files) {
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(f.name)) throw new DownloadError(`model ${m.id}: unsafe file name '${f.name}'`);
        const bytes = await client.downloadBytes(f.url);
        checkHash(bytes, f.sha256, `model ${m.id} ${f.name}`);
        writeFileSync(join(staging, f.name), bytes);
      }
      writeFileSync(join(staging, '.complete'), `${m.id}\n`);
      mkdirSync(join(this.root, 'models'), { recursive: true });
      renameSync(staging, dir); // fails when another runner renamed its copy in first
    } catch (e) {
      rmSync(staging, { recursive: true, force: true });
      if (existsSync(join(dir, '.complete'))) return dir; // another runner finished it first
      throw e;
    }
    this.log?.(`base model ${m.id} cached (${m.files.length} files) in ${dir}`);
    return dir;
  }
}

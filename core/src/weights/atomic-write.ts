// Staged writes: a reader never sees a half-written file, because the rename is the commit.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

const CHUNK = 1 << 30;

/** Writes all of `bytes` at the fd's current position (writeSync may write less than asked). */
export function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) {
    done += writeSync(fd, bytes, done, Math.min(CHUNK, bytes.length - done));
  }
}

/** Runs `write` against `path.tmp-<pid>`, fsyncs, then renames over `path`. */
export function writeFileAtomic(path: string, write: (fd: number) => void): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    write(fd);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function writeTextAtomic(path: string, text: string): void {
  writeFileAtomic(path, (fd) => writeAll(fd, new TextEncoder().encode(text)));
}

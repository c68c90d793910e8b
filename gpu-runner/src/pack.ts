// A folder (a trainer checkpoint: safetensors, trainer_state.json, adapter/) as one blob, so it
// uploads as one content-addressed artifact. Deterministic (sorted paths, no timestamps): the same
// checkpoint always hashes the same. Layout:
//   "ETPACK1\n" | u32 LE header length | header JSON {files: [{path, bytes}]} | file bytes in order
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MAGIC = new TextEncoder().encode('ETPACK1\n');
const SEGMENT = /^[A-Za-z0-9._-]+$/;

export class PackError extends Error {}

function walk(root: string, rel = ''): string[] {
  return readdirSync(join(root, rel)).sort().flatMap((name) => {
    const path = rel ? `${rel}/${name}` : name;
    return statSync(join(root, path)).isDirectory() ? walk(root, path) : [path];
  });
}

export function packDir(root: string): Uint8Array {
  const paths = walk(root);
  const bodies = paths.map((p) => readFileSync(join(root, p)));
  const header = new TextEncoder().encode(JSON.stringify({ files: paths.map((path, i) => ({ path, bytes: bodies[i]!.byteLength })) }));
  const out = new Uint8Array(MAGIC.length + 4 + header.length + bodies.reduce((n, b) => n + b.byteLength, 0));
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(MAGIC.length, header.length, true);
  let at = MAGIC.length + 4;
  out.set(header, at);
  at += header.length;
  for (const b of bodies) {
    out.set(b, at);
    at += b.byteLength;
  }
  return out;
}

export function isPack(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length + 4 && MAGIC.every((b, i) => bytes[i] === b);
}

/** The files of a pack, checked: known layout, safe relative paths, sizes that add up. */
export function readPack(bytes: Uint8Array): { path: string; data: Uint8Array }[] {
  if (!isPack(bytes)) throw new PackError('not a packed folder (bad magic)');
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
  let at = MAGIC.length + 4;
  if (at + len > bytes.length) throw new PackError('truncated header');
  let files: { path: unknown; bytes: unknown }[];
  try {
    files = (JSON.parse(new TextDecoder().decode(bytes.subarray(at, at + len))) as { files: { path: unknown; bytes: unknown }[] }).files;
  } catch (e) {
    throw new PackError(`bad header: ${(e as Error).message}`);
  }
  if (!Array.isArray(files)) throw new PackError('bad header: no file list');
  at += len;
  const out: { path: string; data: Uint8Array }[] = [];
  for (const f of files) {
    const { path, bytes: n } = f;
    if (typeof path !== 'string' || !path.split('/').every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')) throw new PackError(`unsafe path ${JSON.stringify(path)}`);
    if (!Number.isSafeInteger(n) || (n as number) < 0 || at + (n as number) > bytes.length) throw new PackError(`bad size for ${path}`);
    out.push({ path, data: bytes.subarray(at, at + (n as number)) });
    at += n as number;
  }
  if (at !== bytes.length) throw new PackError(`${bytes.length - at} trailing bytes`);
  return out;
}

/** Unpacks into `dest` (replaced), staged beside it so a reader never sees half of it. */
export function unpackTo(bytes: Uint8Array, dest: string): void {
  const files = readPack(bytes);
  const staging = `${dest}.unpacking-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const f of files) {
    mkdirSync(dirname(join(staging, f.path)), { recursive: true });
    writeFileSync(join(staging, f.path), f.data);
  }
  mkdirSync(staging, { recursive: true });
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dirname(dest), { recursive: true });
  renameSync(staging, dest);
}

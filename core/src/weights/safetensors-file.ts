// Reading safetensors files from disk. Each tensor is read straight into its own aligned typed
// array: no whole-file buffer, no second copy, and files past the 2 GiB readFile limit work.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { allocate, BYTES_PER_ELEMENT } from '../graph/dtype.ts';
import { hostTensor, type HostTensor } from '../graph/host-tensor.ts';
import { headerLength, parseHeader } from './safetensors-header.ts';
import { assertLittleEndian } from './safetensors-parse.ts';
import type { SafetensorsData, SafetensorsHeader } from './safetensors-format.ts';

const CHUNK = 1 << 30; // a single read() is capped near 2 GiB

function readExactly(fd: number, into: Uint8Array, position: number, path: string): void {
  for (let done = 0; done < into.length;) {
    const n = readSync(fd, into, done, Math.min(CHUNK, into.length - done), position + done);
    if (n === 0) throw new Error(`safetensors ${path}: unexpected end of file at byte ${position + done}`);
    done += n;
  }
}

function readHeaderFd(fd: number, path: string): SafetensorsHeader {
  const size = fstatSync(fd).size;
  const prefix = new Uint8Array(8);
  if (size >= 8) readExactly(fd, prefix, 0, path);
  const n = headerLength(prefix, size, path);
  const headerBytes = new Uint8Array(n);
  readExactly(fd, headerBytes, 8, path);
  return parseHeader(headerBytes, size, path);
}

/** Names, dtypes, shapes and metadata of a file, without reading tensor data. */
export function readSafetensorsHeader(path: string): SafetensorsHeader {
  const fd = openSync(path, 'r');
  try {
    return readHeaderFd(fd, path);
  } finally {
    closeSync(fd);
  }
}

export interface ReadOptions {
  /** Load only the tensors this accepts (e.g. skip a tied lm_head). */
  readonly filter?: (name: string) => boolean;
}

export function readSafetensors(path: string, options: ReadOptions = {}): SafetensorsData {
  assertLittleEndian();
  const fd = openSync(path, 'r');
  try {
    const header = readHeaderFd(fd, path);
    const tensors = new Map<string, HostTensor>();
    for (const e of header.entries) {
      if (options.filter && !options.filter(e.name)) continue;
      const n = e.shape.reduce((a, b) => a * b, 1);
      const data = allocate(e.dtype, n);
      readExactly(fd, new Uint8Array(data.buffer, data.byteOffset, n * BYTES_PER_ELEMENT[e.dtype]), header.dataStart + e.begin, path);
      tensors.set(e.name, hostTensor(e.dtype, e.shape, data));
    }
    return { tensors, metadata: header.metadata };
  } finally {
    closeSync(fd);
  }
}

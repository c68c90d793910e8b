// Splits a byte stream on '\n' without holding more than one line. Lines over the limit are
// skipped as they stream by (only their size is kept), so a huge line cannot exhaust memory.

export interface Line {
  /** 1-based line number. */
  line: number;
  /** The line's bytes without '\n' (a view, valid until the next chunk); undefined when over the limit. */
  bytes: Uint8Array | undefined;
  /** Byte length (also for skipped lines). */
  size: number;
}

/** Synchronous core: feed chunks, get lines through a callback. */
export class LineSplitter {
  private pending: Uint8Array[] = []; // pieces of a line that spans chunks
  private pendingLen = 0;
  private oversize = false;
  private line = 0;

  constructor(private readonly maxLineBytes = Infinity) {}

  push(chunk: Uint8Array, onLine: (l: Line) => void): void {
    let pos = 0;
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) {
        const rest = chunk.length - pos;
        if (rest > 0) {
          if (!this.oversize && this.pendingLen + rest > this.maxLineBytes) {
            this.oversize = true;
            this.pending = [];
          }
          // copy: the caller may reuse the chunk's memory
          if (!this.oversize) this.pending.push(chunk.slice(pos));
          this.pendingLen += rest;
        }
        return;
      }
      const size = this.pendingLen + nl - pos;
      let bytes: Uint8Array | undefined;
      if (!this.oversize && size <= this.maxLineBytes) bytes = this.pendingLen === 0 ? chunk.subarray(pos, nl) : concat(this.pending, chunk.subarray(pos, nl), size);
      this.pending = [];
      this.pendingLen = 0;
      this.oversize = false;
      pos = nl + 1;
      onLine({ line: ++this.line, bytes, size });
    }
  }

  /** Emits the last line when the stream does not end with '\n'. */
  end(onLine: (l: Line) => void): void {
    if (this.pendingLen === 0) return;
    const bytes = this.oversize ? undefined : concat(this.pending, new Uint8Array(0), this.pendingLen);
    onLine({ line: ++this.line, bytes, size: this.pendingLen });
    this.pending = [];
    this.pendingLen = 0;
  }
}

export async function* splitLines(chunks: AsyncIterable<Uint8Array>, maxLineBytes = Infinity): AsyncGenerator<Line> {
  const splitter = new LineSplitter(maxLineBytes);
  const lines: Line[] = [];
  const collect = (l: Line) => void lines.push(l);
  for await (const chunk of chunks) {
    splitter.push(chunk, collect);
    yield* lines.splice(0);
  }
  splitter.end(collect);
  yield* lines;
}

function concat(parts: Uint8Array[], last: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  out.set(last, o);
  return out;
}

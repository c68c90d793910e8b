export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Reads a stream to the end, failing once more than `max` bytes arrived. */
export async function readAll(stream: ReadableStream<Uint8Array>, max = Infinity, onTooLarge?: () => Error): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let n = 0;
  for await (const c of stream as unknown as AsyncIterable<Uint8Array>) {
    n += c.length;
    if (n > max) throw onTooLarge ? onTooLarge() : new Error(`more than ${max} bytes`);
    chunks.push(c);
  }
  return concatBytes(chunks);
}

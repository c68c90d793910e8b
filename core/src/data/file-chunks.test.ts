import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { BYTE_TOKENIZER_MODULE, ByteTokenizer } from './byte-tokenizer.ts';
import { fileChunks } from './file-chunks.ts';
import { prepareDataset, type PipelineOptions } from './pipeline.ts';

const dir = mkdtempSync(join(tmpdir(), 'edgetune-file-chunks-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('fileChunks yields the file byte for byte, in chunks of at most chunkBytes', async () => {
  const text = 'héllo wörld ✓ 😀\n'.repeat(20);
  const path = file('text.txt', text);
  const copies: Uint8Array[] = [];
  for await (const chunk of fileChunks(path, { chunkBytes: 7 })) {
    assert.ok(chunk.length > 0 && chunk.length <= 7);
    copies.push(chunk.slice()); // chunks are reused: a caller that keeps one copies it
  }
  assert.equal(Buffer.concat(copies).toString('utf8'), text);
  assert.deepEqual(await collect(fileChunks(file('empty.txt', ''))), []);
});

test('fileChunks: stopping early closes the file; bad arguments are clear errors', async () => {
  const path = file('big.txt', 'x'.repeat(100));
  for await (const chunk of fileChunks(path, { chunkBytes: 10 })) {
    assert.equal(chunk.length, 10);
    break; // the read already in flight is awaited, then the handle closed
  }
  await assert.rejects(collect(fileChunks(join(dir, 'missing.jsonl'))), /ENOENT/);
  await assert.rejects(collect(fileChunks(path, { chunkBytes: 0 })), RangeError);
});

test('the pipeline reads a file through fileChunks as it reads the whole text (reused buffers are safe)', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 200; i++) lines.push(JSON.stringify({ text: `récit ${i} about item ${i * 13}`, label: ['a', 'b'][i % 2] }));
  lines.push(lines[3]!);
  const text = lines.join('\n') + '\n';
  const path = file('data.jsonl', text);
  const tokenizer = new ByteTokenizer();
  const opts = (workers: number): PipelineOptions => ({ encode: { tokenizer, maxLength: 64 }, split: { seed: 3 }, workers, workerTokenizer: { module: BYTE_TOKENIZER_MODULE } });
  const whole = await prepareDataset([text], opts(0));
  assert.equal(whole.report.dropped.exact_duplicate, 1);
  const ids = (r: typeof whole) => Object.values(r.splits).map((s) => s.map((e) => Array.from(e.input_ids)));
  // chunk boundaries fall inside lines and inside multi-byte characters
  for (const workers of [0, 1]) {
    const r = await prepareDataset(fileChunks(path, { chunkBytes: 97 }), opts(workers));
    assert.deepEqual(r.report, whole.report, `workers: ${workers}`);
    assert.deepEqual(ids(r), ids(whole), `workers: ${workers}`);
  }
});

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of chunks) out.push(c.slice());
  return out;
}

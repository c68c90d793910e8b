import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { BYTE_TOKENIZER_MODULE, ByteTokenizer } from './byte-tokenizer.ts';
import { DataError } from './errors.ts';
import { prepareDataset, runPipeline, type PipelineOptions, type PipelineProgress } from './pipeline.ts';
import { IGNORE_INDEX } from './types.ts';

const tokenizer = new ByteTokenizer();
const labels = ['pos', 'neg', 'neutral'];
function dataset(): string {
  const lines: string[] = [];
  for (let i = 0; i < 300; i++) lines.push(JSON.stringify({ text: `review number ${i} says item ${i * 7} was ${labels[i % 3]}`, label: labels[i % 3] }));
  lines.push(lines[5]!); // exact duplicate
  lines.push('{"text": 5, "label": "pos"}'); // invalid
  for (let i = 0; i < 40; i++) lines.push(JSON.stringify({ prompt: `Question ${i}?`, completion: ` Answer ${i}.` }));
  return lines.join('\n') + '\n';
}
const opts = (extra: Partial<PipelineOptions> = {}): PipelineOptions => ({ encode: { tokenizer, maxLength: 64 }, split: { seed: 7 }, ...extra });
const chunked = (s: string) => Readable.from(Buffer.from(s).reduce<Buffer[]>((acc, _, i, buf) => (i % 1000 === 0 ? [...acc, buf.subarray(i, i + 1000)] : acc), []));

test('pipeline: parse, validate, clean, dedup, stratified split and tokenize in one stream', async () => {
  const progress: PipelineProgress[] = [];
  const r = await prepareDataset(chunked(dataset()), opts({ onProgress: (p) => progress.push(p), progressEvery: 4000 }));
  assert.equal(r.report.recordsIn, 342);
  assert.equal(r.report.dropped.exact_duplicate, 1);
  assert.equal(r.report.dropped.invalid, 1);
  assert.match(r.report.examples.invalid![0]!.detail!, /^line 302: field "text"/);
  assert.equal(r.report.recordsOut, 340);
  assert.deepEqual(r.labels, labels);
  const { train, validation, test: testSplit } = r.splits;
  assert.equal(train.length + validation.length, 340);
  assert.equal(testSplit.length, 0);
  for (let c = 0; c < 3; c++) {
    const v = validation.filter((e) => e.target === c).length;
    assert.ok(Math.abs(v - 100 * 0.15) <= 1, `class ${c}: ${v}`);
  }
  const comp = validation.filter((e) => e.kind === 'completion').length;
  assert.ok(Math.abs(comp - 40 * 0.15) <= 1);
  for (const e of [...train, ...validation]) {
    assert.ok(e.input_ids instanceof Int32Array && e.input_ids.length <= 64);
    if (e.kind === 'completion') assert.ok(e.labels.some((l) => l !== IGNORE_INDEX));
  }
  assert.ok(progress.length >= 3);
  assert.equal(progress.at(-1)!.bytesRead, Buffer.byteLength(dataset()));
  assert.equal(progress.at(-1)!.kept, 340);
  // deterministic
  const again = await prepareDataset([dataset()], opts());
  assert.deepEqual(again.splits.validation.map((e) => Array.from(e.input_ids)), validation.map((e) => Array.from(e.input_ids)));
});

test('augmentation adds copies to train only', async () => {
  const r = await prepareDataset([dataset()], opts({ augment: { copies: 2, seed: 1 } }));
  assert.equal(r.augmented, 2 * (340 - r.examples.validation));
  assert.equal(r.examples.train, 340 - r.examples.validation + r.augmented);
});

test('fail-fast stops at the first invalid record; a file over the limit always stops', async () => {
  await assert.rejects(runPipeline([dataset()], opts({ mode: 'fail-fast' }), () => {}), (e: unknown) => e instanceof DataError && e.line === 302);
  await assert.rejects(runPipeline([dataset()], opts({ maxFileBytes: 1000 }), () => {}), (e: unknown) => e instanceof DataError && e.code === 'file_too_large');
});

test('records without trainable tokens after truncation are dropped and reported', async () => {
  const src = [JSON.stringify({ prompt: 'x'.repeat(50), completion: 'y' }) + '\n'];
  const r = await prepareDataset(src, { encode: { tokenizer, maxLength: 10 } });
  assert.equal(r.report.dropped.no_trainable_tokens, 1);
  assert.equal(r.report.recordsOut, 0);
});

test('CSV input and an async sink', async () => {
  const csv = 'text,label\n"multi\nline",a\nplain,b\n"x, y",a\n';
  const seen: string[] = [];
  const r = await runPipeline([csv], { format: 'csv', encode: { tokenizer }, split: { validation: 0 } }, async (ex, split) => {
    await new Promise((res) => setImmediate(res));
    seen.push(`${split}:${ex.target}`);
  });
  assert.deepEqual(seen, ['train:0', 'train:0', 'train:1']);
  assert.deepEqual(r.labels, ['a', 'b']);
});

test('an async sink gets the same examples in the same order as a sync one, one call at a time', async () => {
  const base = opts({ augment: { copies: 2, seed: 3, synonyms: { review: ['critique'] } }, split: { seed: 5, blockSize: 16 } });
  const key = (ex: { input_ids: Int32Array }, split: string, line: number) => `${split}:${line}:${Array.from(ex.input_ids).join(',')}`;
  const sync: string[] = [];
  await runPipeline(chunked(dataset()), base, (ex, split, line) => void sync.push(key(ex, split, line)));
  const async: string[] = [];
  let inSink = 0;
  let overlapped = 0; // calls made before the previous call's promise settled
  const r = await runPipeline(chunked(dataset()), base, async (ex, split, line) => {
    if (inSink++ > 0) overlapped++;
    await new Promise((res) => setImmediate(res));
    async.push(key(ex, split, line));
    inSink--;
  });
  assert.equal(overlapped, 0);
  assert.ok(r.augmented > 0);
  assert.equal(async.length, sync.length);
  assert.deepEqual(async, sync);
});

test('worker threads give exactly the in-thread result (order, splits, labels, report)', async () => {
  const extra = [
    JSON.stringify({ tokens: ['John', 'visited', 'Paris'], tags: ['B-PER', 'O', 'B-LOC'] }),
    JSON.stringify({ tokens: ['Acme', 'hired', 'Ann'], tags: ['B-ORG', 'O', 'B-PER'] }),
    JSON.stringify({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello there' }] }),
    'not json',
  ];
  const text = dataset() + extra.join('\n') + '\n';
  const base: PipelineOptions = opts({ augment: { copies: 1, seed: 3, synonyms: { review: ['critique'] } }, split: { seed: 5, test: 0.1, blockSize: 16 } });
  const inThread = await prepareDataset([text], base);
  // (mainThreadBatches: false, or this thread could do every batch while the workers start)
  const workers = await prepareDataset(chunked(text), { ...base, workers: 2, batchBytes: 3000, mainThreadBatches: false, workerTokenizer: { module: BYTE_TOKENIZER_MODULE } });
  const flat = (r: typeof inThread) => Object.fromEntries(Object.entries(r.splits).map(([k, v]) => [k, v.map((e) => [e.kind, Array.from(e.input_ids), Array.from(e.labels), e.target])]));
  assert.deepEqual(flat(workers), flat(inThread));
  assert.deepEqual(workers.report, inThread.report);
  assert.deepEqual([workers.labels, workers.tags], [inThread.labels, inThread.tags]);
  assert.deepEqual(inThread.tags, ['B-PER', 'O', 'B-LOC', 'B-ORG']);
  assert.ok(inThread.augmented > 0);
});

test('workers: fail-fast and size limits behave as in-thread; a missing tokenizer spec is refused', async () => {
  const w = { workers: 1, mainThreadBatches: false, workerTokenizer: { module: BYTE_TOKENIZER_MODULE } };
  await assert.rejects(runPipeline([dataset()], { ...opts({ mode: 'fail-fast' }), ...w }, () => {}), (e: unknown) => e instanceof DataError && e.line === 302 && e.field === 'text');
  await assert.rejects(runPipeline([dataset()], { ...opts({ maxFileBytes: 1000 }), ...w }, () => {}), (e: unknown) => e instanceof DataError && e.code === 'file_too_large');
  const big = await prepareDataset([dataset()], { ...opts({ maxRecordBytes: 60 }), ...w });
  assert.ok(big.report.dropped.invalid > 0);
  assert.match(big.report.examples.invalid![0]!.detail!, /exceeds the limit of 60 bytes/);
  await assert.rejects(runPipeline([dataset()], { ...opts(), workers: 1 }, () => {}), /workerTokenizer/);
  await assert.rejects(runPipeline([dataset()], { ...opts(), workers: 1, workerTokenizer: { module: BYTE_TOKENIZER_MODULE, export: 'nope' } }, () => {}), /failed to start/);
});

test('label errors that only the whole file reveals are caught in both modes', async () => {
  // integer labels first, then a string label in a later batch: only the global vocabulary sees the mix
  const lines = [
    ...Array.from({ length: 40 }, (_, i) => JSON.stringify({ text: `number ${i} text`, label: i % 2 })),
    JSON.stringify({ text: 'a string label', label: 'two' }),
  ];
  const text = lines.join('\n') + '\n';
  const base = opts({ split: { validation: 0 } });
  for (const mode of [{}, { workers: 1, batchBytes: 200, mainThreadBatches: false, workerTokenizer: { module: BYTE_TOKENIZER_MODULE } }]) {
    const r = await prepareDataset([text], { ...base, ...mode });
    assert.equal(r.report.dropped.invalid, 1);
    assert.match(r.report.examples.invalid![0]!.detail!, /^line 41: field "label": labels mix integers and strings/);
    assert.deepEqual(r.splits.train.map((e) => e.target).sort(), Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 1)));
  }
});

test('workers: batches in either thread map labels of records and of their augmented copies to the global indices', async () => {
  // labels in an irregular order, so each thread's local label order differs from the global one
  const names = ['c', 'a', 'b', 'd'];
  const label = (i: number) => names[(i * i + (i >> 3)) % 4]!;
  const lines = Array.from({ length: 200 }, (_, i) => JSON.stringify({ text: `sample text number ${i} about ${label(i)}`, label: label(i) }));
  lines.push(JSON.stringify({ tokens: ['Ann', 'met', 'Bob'], tags: ['B-PER', 'O', 'B-PER'] }), JSON.stringify({ tokens: ['Acme', 'in', 'Oslo'], tags: ['B-ORG', 'O', 'B-LOC'] }));
  const text = lines.join('\n') + '\n';
  const base = opts({ augment: { copies: 1, seed: 2, synonyms: { sample: ['example'] } }, split: { seed: 3, blockSize: 8 } });
  const inThread = await prepareDataset([text], base);
  const flat = (r: typeof inThread) => Object.values(r.splits).flatMap((v) => v.map((e) => [e.kind, Array.from(e.input_ids), Array.from(e.labels), e.target]));
  assert.ok(inThread.augmented > 50);
  // a source that starts late gives the worker time to start, so that batches go to both threads
  async function* late() {
    await new Promise((res) => setTimeout(res, 1500));
    yield* chunked(text);
  }
  for (const [mainThreadBatches, source] of [[true, late()], [true, chunked(text)], [false, chunked(text)]] as const) {
    const w = await prepareDataset(source, { ...base, workers: 1, batchBytes: 150, mainThreadBatches, workerTokenizer: { module: BYTE_TOKENIZER_MODULE } });
    assert.deepEqual(flat(w), flat(inThread));
    assert.deepEqual(w.report, inThread.report);
    assert.deepEqual([w.labels, w.tags], [inThread.labels, inThread.tags]);
  }
});

test('borrowed examples: a sink that copies gets the owned result in every mode, from reused buffers', async () => {
  const extra = [
    JSON.stringify({ tokens: ['Ann', 'met', 'Bob'], tags: ['B-PER', 'O', 'B-PER'] }),
    JSON.stringify({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello there' }] }),
  ];
  const text = dataset() + extra.join('\n') + '\n';
  const base = opts({ augment: { copies: 1, seed: 3, synonyms: { review: ['critique'] } }, split: { seed: 5, test: 0.1, blockSize: 16 } });
  const owned = await prepareDataset([text], base);
  const expected = Object.entries(owned.splits).flatMap(([split, v]) => v.map((e) => `${split}:${e.kind}:${e.target}:${e.input_ids.join(',')}|${e.labels.join(',')}`));
  const workers = { workers: 1, batchBytes: 3000, mainThreadBatches: false, workerTokenizer: { module: BYTE_TOKENIZER_MODULE } };
  for (const [mode, extraOpts] of [['in-thread', {}], ['workers', workers]] as const) {
    for (const asyncSink of [false, true]) {
      const seen: Record<string, string[]> = { train: [], validation: [], test: [] };
      const buffers = new Set<ArrayBufferLike>();
      let count = 0;
      const sink = (e: import('./types.ts').EncodedExample, split: string) => {
        seen[split]!.push(`${split}:${e.kind}:${e.target}:${e.input_ids.join(',')}|${e.labels.join(',')}`);
        buffers.add(e.input_ids.buffer);
        count++;
      };
      await runPipeline(chunked(text), { ...base, ...extraOpts, borrowExamples: true }, asyncSink ? async (e, s) => (await new Promise((r) => setImmediate(r)), sink(e, s)) : sink);
      assert.deepEqual(Object.values(seen).flat(), expected, `${mode}, ${asyncSink ? 'async' : 'sync'} sink`);
      // one reused scratch in this thread; a few pooled chunks for examples that wait in a split block
      assert.ok(buffers.size * 20 < count, `${mode}: ${buffers.size} buffers for ${count} examples`);
    }
  }
});

test('expectedBytes sizes the dedup state early; right, small or huge, the result is the same', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) lines.push(JSON.stringify({ text: `record ${i} about topic ${i % 97} and ${(i * 31) % 89} things`, label: labels[i % 3] }));
  for (let i = 0; i < 300; i++) lines.push(lines[i * 7]!); // exact duplicates
  for (let i = 0; i < 300; i++) lines.push(lines[i * 5]!.replace('things', 'things!')); // near duplicates
  const text = lines.join('\n') + '\n';
  const bytes = Buffer.byteLength(text);
  const run = (expectedBytes?: number) => prepareDataset(chunked(text), opts({ expectedBytes }));
  const plain = await run();
  const flat = (r: typeof plain) => [r.report, Object.values(r.splits).map((s) => s.map((e) => [Array.from(e.input_ids), e.target]))];
  assert.ok(plain.report.dropped.exact_duplicate === 300 && plain.report.dropped.near_duplicate! > 200, JSON.stringify(plain.report.dropped));
  for (const hint of [bytes, 1000, 200 * bytes, 1e15]) assert.deepEqual(flat(await run(hint)), flat(plain), `hint ${hint}`);
  // the hint is used: a far too large one reserves far more
  assert.ok((await run(200 * bytes)).stateBytes > 4 * plain.stateBytes);
});

// Data ingest throughput: generates a deterministic JSONL of completion/chat/classification
// records (with exact and near duplicates and some NFD text), then streams it through the whole
// pipeline: parse, validate, clean (NFC, control chars), exact + MinHash LSH dedup, stratified
// split and tokenize (with --pack, also packing of the training LM examples into 2048-token rows).
// The tokenizer is ByteTokenizer (one id per UTF-8 byte, ChatML specials), so the figure is
// the pipeline's cost, not a BPE's. --workers N moves the per-record work to N worker threads,
// the main thread taking batches too while they are busy (default 0: all in the main thread,
// the faster choice unless cores are idle; compare the dropped counts, the same in every mode). The ingest runs
// in a child process so that its peak RSS is its own (all threads). Progress goes to stderr;
// one JSON line last on stdout.
//   node --import tsx bench/data.ts [--mb 100] [--workers N] [--owned] [--seed 1] [--keep] [--pack] [--file F]
import { spawnSync } from 'node:child_process';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BYTE_TOKENIZER_MODULE, ByteTokenizer, fileChunks, Packer, runPipeline, type EncodedExample } from '../core/src/data/index.ts';
import { mulberry32 } from '../core/src/weights/index.ts';

const { values: a } = parseArgs({
  options: {
    mb: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    pack: { type: 'boolean', default: false },
    workers: { type: 'string', default: '0' },
    owned: { type: 'boolean', default: false }, // the sink owns its examples (the default of runPipeline)
    file: { type: 'string' }, // reuse an existing generated file
    ingest: { type: 'string' }, // internal: run the ingest on this file
  },
});
const log = (s: string) => process.stderr.write(`${s}\n`);
const rssMb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

if (a.ingest) await ingest(a.ingest);
else await main();

async function main(): Promise<void> {
  const mb = Number(a.mb);
  const file = a.file ?? join(tmpdir(), `edgetune-bench-data-${process.pid}-${mb}mb.jsonl`);
  try {
    if (!a.file) {
      const t0 = performance.now();
      const records = await generate(file, mb * 1e6, Number(a.seed));
      log(`generated ${records} records, ${(statSync(file).size / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${file}`);
    }
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--ingest', file, '--workers', a.workers!, ...(a.pack ? ['--pack'] : []), ...(a.owned ? ['--owned'] : [])];
    const child = spawnSync(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(`ingest failed with status ${child.status}`);
    process.stdout.write(child.stdout.trim().split('\n').at(-1)! + '\n');
  } finally {
    if (!a.keep && !a.file) rmSync(file, { force: true });
  }
}

async function ingest(file: string): Promise<void> {
  const tokenizer = new ByteTokenizer();
  const packer = new Packer({ seqLen: 2048, padTokenId: tokenizer.padTokenId });
  let rows = 0;
  let classification = 0;
  const sink = (ex: EncodedExample, split: string) => {
    if (ex.target !== undefined) classification++;
    else if (a.pack && split === 'train') rows += packer.add(ex).length;
  };
  const workers = Number(a.workers);
  log(`reference loop: ${referenceNsPerChar().toFixed(2)} ns/char (FNV-1a over a string; higher means a busier machine)`);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  // 1 MiB reads into two reused buffers (fileChunks)
  const result = await runPipeline(fileChunks(file), {
    encode: { tokenizer, maxLength: 2048 },
    workers,
    workerTokenizer: { module: BYTE_TOKENIZER_MODULE },
    // the sink keeps no example (the packer copies its tokens into rows)
    borrowExamples: !a.owned,
    expectedBytes: statSync(file).size,
    split: { validation: 0.1, test: 0.05, seed: 1 },
    progressEvery: 10e6,
    onProgress: (p) => {
      const s = (performance.now() - t0) / 1000;
      log(`${(p.bytesRead / 1e6).toFixed(0)} MB  ${p.records} records  ${p.kept} kept  ${(p.bytesRead / 1e6 / s).toFixed(1)} MB/s  rss ${rssMb()} MB`);
    },
  }, sink);
  rows += packer.flush().length;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const r = result.report;
  log(`dropped: ${JSON.stringify(r.dropped)}; splits ${JSON.stringify(result.examples)}; tokens ${JSON.stringify(result.tokens)}`);
  log(`${a.pack ? `packed ${rows} train rows of 2048; ` : ''}${classification} classification examples; dedup state ${(result.stateBytes / 2 ** 20).toFixed(1)} MiB ` +
    `(${(result.stateBytes / Math.max(1, r.recordsOut)).toFixed(0)} B per kept record); rss at end ${rssMb()} MB`);
  const mb = result.bytesRead / 1e6;
  log(`${workers} worker thread(s); cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s for ${seconds.toFixed(2)} s wall; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(JSON.stringify({
    bench: 'data',
    mb: Number(mb.toFixed(1)),
    seconds: Number(seconds.toFixed(2)),
    mb_per_s: Number((mb / seconds).toFixed(1)),
    records: r.recordsIn,
    kept: r.recordsOut,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    workers,
  }));
}

/** A fixed scalar loop, to read the other figures against how busy the CPU was. */
function referenceNsPerChar(): number {
  const s = 'the quick brown fox jumps over the lazy dog '.repeat(25_000);
  let h = 0;
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    best = Math.min(best, ((performance.now() - t) * 1e6) / s.length);
  }
  return h === 0.5 ? 0 : best;
}

// ---- deterministic data generation ----

async function generate(file: string, targetBytes: number, seed: number): Promise<number> {
  const rand = mulberry32(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const syll = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'te', 'vo', 'zi', 'pa', 'do', 'ge', 'hu', 'ba', 'fe', 'jo', 'ce', 'ré', 'na', 'xu'];
  const vocab = Array.from({ length: 6000 }, () => Array.from({ length: 1 + int(3) }, () => syll[int(syll.length)]).join(''));
  const words = (n: number) => {
    const w: string[] = [];
    for (let i = 0; i < n; i++) w.push(vocab[int(vocab.length)]!);
    return w;
  };
  const sentence = (n: number) => {
    const t = words(n).join(' ');
    return rand() < 0.02 ? t.normalize('NFD') : t; // some decomposed accents for NFC to fix
  };
  const labels = ['positive', 'negative', 'neutral', 'mixed'];
  const recent: object[] = [];
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let bytes = 0;
  let count = 0;
  let buf = '';
  while (bytes < targetBytes) {
    let rec: object;
    const u = rand();
    if (u < 0.03 && recent.length > 0) {
      rec = recent[int(recent.length)]!; // exact duplicate
    } else if (u < 0.06 && recent.length > 0) {
      rec = nearCopy(recent[int(recent.length)]!, () => vocab[int(vocab.length)]!, int);
    } else {
      const k = rand();
      if (k < 0.4) rec = { prompt: sentence(10 + int(50)), completion: sentence(30 + int(220)) };
      else if (k < 0.7) {
        const messages: { role: string; content: string }[] = [{ role: 'system', content: sentence(8 + int(10)) }];
        const turns = 1 + int(3);
        for (let t = 0; t < turns; t++) messages.push({ role: 'user', content: sentence(10 + int(60)) }, { role: 'assistant', content: sentence(20 + int(120)) });
        rec = { messages };
      } else rec = { text: sentence(30 + int(90)), label: labels[int(labels.length)] };
      recent.push(rec);
      if (recent.length > 1000) recent.splice(int(recent.length), 1);
    }
    const line = JSON.stringify(rec) + '\n';
    buf += line;
    bytes += Buffer.byteLength(line);
    count++;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  return count;
}

/** A copy with one word replaced in its longest text field. */
function nearCopy(rec: object, word: () => string, int: (n: number) => number): object {
  const copy = structuredClone(rec) as Record<string, unknown>;
  const change = (s: string) => {
    const w = s.split(' ');
    w[int(w.length)] = word();
    return w.join(' ');
  };
  if ('completion' in copy) copy.completion = change(copy.completion as string);
  else if ('text' in copy) copy.text = change(copy.text as string);
  else {
    const msgs = copy.messages as { content: string }[];
    let longest = msgs[0]!;
    for (const m of msgs) if (m.content.length > longest.content.length) longest = m;
    longest.content = change(longest.content);
  }
  return copy;
}

// Serving on the bench model (GPT-2 layout, 384 wide, 6 layers, 6 heads, vocab 8192) with LoRA r=8 on every
// linear (c_attn, c_proj, c_fc, as bench/train.ts). One JSON line per measurement on stdout, progress on stderr:
//   adapters  decode throughput at batch 32 with N = 0, 1, 8, 32, 64 distinct adapters (rows churning so all N
//             pass through), and its ratio to N = 0 (the base graph, no adapter inputs)
//   engine    (opt-in) end-to-end engine throughput: prefill, sampling and continuous batching included
//   swap      time from an adapter's bytes arriving (AdapterCache.put) to its first token, over 100 swaps, on a
//             GPT-2-small-shaped model (768 wide, 12 layers) with an 8-token prompt; and the base model's first token,
//             the split at put, GC pauses inside the timed spans, and the 1-minute load average (the machine is shared)
//   load      2 × (maxBatch + maxQueue) concurrent requests on mixed adapters: completions vs 'overloaded',
//             p50/p99 request latency, peak RSS against --load-rss-mb
//   memory    RSS with 0 and 500 cached adapters; growth must stay within their bytes + 10%
//   naive     merge / run / unmerge per adapter group (the merge as one ORT GEMM per weight), for comparison
//   shapes    one decode step with symbolic dims vs a static-shape session for the same batch
// Decode steps of the adapters case alternate across N and are reported as medians: the machine is shared.
//   node --import tsx bench/serve.ts [--cases adapters,swap,engine] [--steps 60] [--requests 96] [--tokens 48]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CompiledGraph, Graph, hostTensor, loadBaseModel, mulberry32, ops, writeTinyRandomModel, type AdapterFiles, type HostTensor } from '@edgetune/core';
import {
  AdapterCache, buildServeGraph, BASE_FEATURES, KvCache, names, packAdapter, prepareAdapter, ServeEngine, ServeRunner, serveSites,
  ServeError, ServeSessions, stepInputs, type BaseForServing, type ServeAdapter,
} from '@edgetune/core/serve/index.ts';
import { median } from './median.ts';

const { values: a } = parseArgs({
  options: {
    'n-embd': { type: 'string', default: '384' }, 'n-layer': { type: 'string', default: '6' }, 'n-head': { type: 'string', default: '6' },
    vocab: { type: 'string', default: '8192' }, batch: { type: 'string', default: '32' }, rank: { type: 'string', default: '8' },
    prompt: { type: 'string', default: '64' }, tokens: { type: 'string', default: '48' }, requests: { type: 'string', default: '96' },
    steps: { type: 'string', default: '80' }, churn: { type: 'string', default: '2' }, swaps: { type: 'string', default: '100' },
    cached: { type: 'string', default: '500' }, adapters: { type: 'string', default: '0,1,8,32,64' },
    'swap-prompt': { type: 'string', default: '8' }, 'swap-vocab': { type: 'string', default: '8192' },
    'load-batch': { type: 'string', default: '8' }, 'load-queue': { type: 'string', default: '24' }, 'load-rss-mb': { type: 'string', default: '2048' },
    cases: { type: 'string', default: 'adapters,swap,memory,naive,shapes,load' }, // also: engine
  },
});
const n = (k: keyof typeof a) => Number(a[k]);
const [batch, rank, promptLen, tokens] = [n('batch'), n('rank'), n('prompt'), n('tokens')];
const cases = new Set(a.cases!.split(','));
const log = (s: string) => process.stderr.write(`${s}\n`);
const out = (o: Record<string, unknown>) => console.log(JSON.stringify(o));
const quantile = (xs: number[], q: number) => [...xs].sort((p, r) => p - r)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const round = (x: number, d = 1) => Number(x.toFixed(d));

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
const rssMb = () => {
  gc();
  gc();
  return process.memoryUsage().rss / 2 ** 20;
};

/** A random LoRA adapter in PEFT's saved format, r = rank on every linear. */
function loraFiles(model: BaseForServing, seed: number): AdapterFiles {
  const rand = mulberry32(seed);
  const tensors = new Map<string, HostTensor>();
  const t = (shape: number[]) => {
    const data = new Float32Array(shape[0]! * shape[1]!); // a plain loop: Float32Array.from's callback left young-generation garbage
    for (let i = 0; i < data.length; i++) data[i] = (rand() - 0.5) * 0.05;
    return hostTensor('float32', shape, data);
  };
  for (const s of serveSites(model.config)) {
    tensors.set(`base_model.model.${s.path}.lora_A.weight`, t([rank, s.inFeatures]));
    tensors.set(`base_model.model.${s.path}.lora_B.weight`, t([s.outFeatures, rank]));
  }
  const config = { peft_type: 'LORA', r: rank, lora_alpha: 2 * rank, target_modules: ['c_attn', 'c_proj', 'c_fc'], fan_in_fan_out: true, task_type: 'CAUSAL_LM' };
  return { config, tensors };
}

const promptOf = (i: number, len = promptLen) => Array.from({ length: len }, (_, t) => (i * 131 + t * 17 + 1) % n('vocab'));

interface Lane {
  count: number;
  runner: ServeRunner;
  next: number; // next adapter of the cycle
  tokens: number[];
  wall: number[];
  cpu: number[];
}

/**
 * Decode throughput at batch 32 with `count` distinct adapters (0: the base graph). One runner per count,
 * sharing sessions; decode steps alternate between them so load on the shared machine hits all alike.
 * Every `churn` steps one row leaves and a new request joins on the next adapter of the cycle (untimed
 * prefill), so 64 adapters pass through 32 rows. Time per step: wall clock and process CPU time.
 */
async function adaptersCase(model: BaseForServing, adapters: ServeAdapter[]): Promise<void> {
  const counts = a.adapters!.split(',').map(Number);
  const sessions = new ServeSessions(model.config, model.tensors);
  const lanes: Lane[] = counts.map((count) => ({ count, runner: new ServeRunner(model, { maxRows: batch, sessions }), next: 0, tokens: [], wall: [], cpu: [] }));
  const adapterFor = (lane: Lane) => (lane.count === 0 ? null : adapters[lane.next++ % lane.count]!);
  for (const lane of lanes) {
    await lane.runner.prefill(Array.from({ length: batch }, (_, i) => ({ adapter: adapterFor(lane), ids: promptOf(i) })));
    lane.tokens = Array.from({ length: batch }, (_, i) => i);
  }
  const steps = n('steps');
  const churn = n('churn');
  for (let s = -3; s < steps; s++) { // 3 warm-up steps
    for (const lane of lanes) {
      if (s >= 0 && s % churn === churn - 1) {
        const row = s % batch; // oldest-first, round robin
        lane.runner.remove(row);
        lane.tokens[row] = lane.tokens.at(-1)!;
        lane.tokens.pop();
        await lane.runner.prefill([{ adapter: adapterFor(lane), ids: promptOf(s + 100) }]);
        lane.tokens.push(1);
      }
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const logits = await lane.runner.decode(lane.tokens);
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      lane.tokens = lane.tokens.map((_, r) => argmax(logits, r * model.config.vocabSize, model.config.vocabSize));
      if (s >= 0) {
        lane.wall.push(wall);
        lane.cpu.push((cpu.user + cpu.system) / 1000);
      }
    }
  }
  const baseLane = lanes.find((l) => l.count === 0) ?? lanes[0]!;
  const [baseWall, baseCpu] = [median(baseLane.wall), median(baseLane.cpu)];
  for (const lane of lanes) {
    const [wall, cpu] = [median(lane.wall), median(lane.cpu)];
    out({
      case: 'adapters', adapters: lane.count, tokens_per_s: Math.round((batch * 1000) / wall), ratio: round(baseWall / wall, 3),
      cpu_ratio: round(baseCpu / cpu, 3), ms_per_step: round(wall, 2), cpu_ms_per_step: round(cpu, 2), decode_batch: batch, rank,
      steps: lane.wall.length, window: lane.runner.cache.capacity, distinct_adapters_seen: Math.min(lane.next, lane.count),
    });
  }
  await sessions.release();
}

function argmax(x: Float32Array, offset: number, len: number): number {
  let best = 0;
  for (let i = 1; i < len; i++) if (x[offset + i]! > x[offset + best]!) best = i;
  return best;
}

/** End-to-end engine throughput (prefill, sampling and joins included) with `count` distinct adapters. */
async function engineCase(model: BaseForServing, cache: AdapterCache, ids: string[]): Promise<void> {
  const engine = new ServeEngine(model, { maxBatch: batch, maxQueue: 4096, adapters: cache });
  for (const count of a.adapters!.split(',').map(Number)) {
    const requests = n('requests');
    const run = async () => {
      const t0 = performance.now();
      const gens = Array.from({ length: requests }, (_, i) => engine.generate({
        prompt: promptOf(i), adapter: count === 0 ? null : ids[i % count]!,
        sampling: { temperature: 0, ignoreEos: true, maxTokens: Math.max(1, Math.round(tokens * (0.5 + ((i * 37) % 100) / 100))) },
      }));
      const generated = (await Promise.all(gens.map((g) => g.result))).reduce((sum, r) => sum + r.tokens.length, 0);
      return (generated * 1000) / (performance.now() - t0);
    };
    await run(); // warm-up: compiles this count's sessions
    out({ case: 'engine', adapters: count, tokens_per_s: Math.round(await run()), requests, max_batch: batch });
  }
  await engine.close();
}

/**
 * Swap-in on a GPT-2-small-shaped model (768 wide, 12 layers, 12 heads; vocab --swap-vocab, 8192 by
 * default to keep the random model quick to write, the real 50257 only grows the LM head): AdapterCache.put
 * of a packed r=8 adapter (hash, parse, validate, lay out) through the first token streamed, which is the
 * prefill of a --swap-prompt (8) token prompt plus sampling; a different adapter and prompt every swap.
 * base_first_token_ms is the same request without an adapter: the floor. put_p50_ms and first_token_p50_ms split
 * the swap at the moment the adapter is servable; gc_ms is the mean V8 pause per swap inside the timed span
 * (uploads are megabytes of ArrayBuffers, which bring on full collections).
 */
async function swapCase(model: BaseForServing, shape: Record<string, number>): Promise<void> {
  const cache = new AdapterCache({ base: model, budgetBytes: 2 ** 30 });
  const engine = new ServeEngine(model, { maxBatch: batch, adapters: cache });
  const firstToken = async (prompt: number[], adapter: string | null) => {
    const gen = engine.generate({ prompt, adapter, sampling: { maxTokens: 1, ignoreEos: true } });
    for await (const _ of gen) break;
    return gen;
  };
  const gcs: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => void gcs.push(...list.getEntries().map((e) => ({ start: e.startTime, end: e.startTime + e.duration }))));
  observer.observe({ entryTypes: ['gc'] });
  const [times, puts, firsts, baseTimes]: number[][] = [[], [], [], []];
  const windows: [number, number][] = [];
  const swaps = n('swaps');
  const len = n('swap-prompt');
  for (let i = -3; i < swaps; i++) { // 3 warm-up swaps compile the sessions
    const bytes = packAdapter(loraFiles(model, 10_000 + i));
    const prompt = promptOf(i + 3, len).map((t) => t % model.config.vocabSize);
    let t0 = performance.now();
    const id = await cache.put(bytes);
    const t1 = performance.now();
    const gen = await firstToken(prompt, id);
    const t2 = performance.now();
    if (i >= 0) {
      times.push(t2 - t0);
      puts.push(t1 - t0);
      firsts.push(t2 - t1);
      windows.push([t0, t2]);
    }
    await gen.result;
    cache.unload(id);
    t0 = performance.now();
    const base = await firstToken(prompt, null);
    if (i >= 0) baseTimes.push(performance.now() - t0);
    await base.result;
  }
  await new Promise((resolve) => setTimeout(resolve, 10)); // the last gc entries
  observer.disconnect();
  let gcMs = 0;
  for (const g of gcs) for (const [s, e] of windows) gcMs += Math.max(0, Math.min(e, g.end) - Math.max(s, g.start));
  out({
    case: 'swap', p50_ms: round(quantile(times, 0.5)), p99_ms: round(quantile(times, 0.99)), base_first_token_ms: round(quantile(baseTimes, 0.5)),
    put_p50_ms: round(quantile(puts, 0.5), 2), first_token_p50_ms: round(quantile(firsts, 0.5)), gc_ms: round(gcMs / swaps, 2), swaps,
    prompt_tokens: len, ...shape, rank, adapter_mb: round(packAdapter(loraFiles(model, 0)).byteLength / 2 ** 20, 2), load_1m: round(loadavg()[0]!, 2),
  });
  await engine.close();
}

/**
 * 2 × (maxBatch + maxQueue) requests at once, on mixed adapters (and the base): each completes or is
 * refused with ServeError 'overloaded' at submit; anything else is a failure. RSS is sampled throughout
 * and must stay under --load-rss-mb.
 */
async function loadCase(model: BaseForServing, cache: AdapterCache, ids: string[]): Promise<void> {
  const [maxBatch, maxQueue] = [n('load-batch'), n('load-queue')];
  const engine = new ServeEngine(model, { maxBatch, maxQueue, adapters: cache });
  const total = 2 * (maxBatch + maxQueue);
  let rssPeak = process.memoryUsage().rss;
  const sample = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
  const latencies: number[] = [];
  let [overloaded, other] = [0, 0];
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    if (i > 0 && i % maxBatch === 0) await new Promise((resolve) => setImmediate(resolve)); // arrivals in bursts of maxBatch
    const start = performance.now();
    const adapter = i % 5 === 4 ? null : ids[i % Math.min(ids.length, 16)]!;
    try {
      const gen = engine.generate({ prompt: promptOf(i, 8 + (i % 24)), adapter, sampling: { temperature: 0.8, seed: i, ignoreEos: true, maxTokens: 8 + (i % 17) } });
      pending.push(gen.result.then(() => void latencies.push(performance.now() - start), () => void other++));
    } catch (err) {
      if (err instanceof ServeError && err.code === 'overloaded') overloaded++;
      else other++;
    }
  }
  await Promise.all(pending);
  const wall = performance.now() - t0;
  clearInterval(sample);
  const rssMbPeak = rssPeak / 2 ** 20;
  const bound = n('load-rss-mb');
  out({
    case: 'load', requests: total, max_batch: maxBatch, max_queue: maxQueue, completed: latencies.length, overloaded, failed: other,
    p50_ms: round(quantile(latencies, 0.5)), p99_ms: round(quantile(latencies, 0.99)), wall_ms: Math.round(wall), rss_peak_mb: Math.round(rssMbPeak), rss_bound_mb: bound,
    ok: other === 0 && latencies.length + overloaded === total && rssMbPeak <= bound,
  });
  await engine.close();
}

async function memoryCase(model: BaseForServing): Promise<void> {
  const cache = new AdapterCache({ base: model, budgetBytes: 2 ** 40 });
  cache.unload(await cache.put(packAdapter(loraFiles(model, 1)))); // loads the method plugins first
  const rss0 = rssMb();
  const count = n('cached');
  for (let i = 0; i < count; i++) await cache.put(packAdapter(loraFiles(model, 20_000 + i)));
  const rss1 = rssMb();
  const adapterMb = cache.bytes / 2 ** 20;
  const growth = rss1 - rss0;
  out({ case: 'memory', adapters: cache.size, rss_0_mb: Math.round(rss0), rss_n_mb: Math.round(rss1), adapters_mb: round(adapterMb), growth_mb: round(growth), growth_ratio: round(growth / adapterMb, 3), ok: growth <= adapterMb * 1.1 });
}

/** The decode graph with the adapted weights as inputs, so a merged copy can be fed without a rebuild. */
function weightInputGraph(model: BaseForServing): { g: Graph; weights: Map<string, Float32Array> } {
  const g = buildServeGraph({ config: model.config, tensors: model.tensors, features: BASE_FEATURES });
  const weights = new Map<string, Float32Array>();
  const wanted = new Set(serveSites(model.config).map((s) => `${s.path}.weight`));
  for (const [id, init] of [...g.initializers]) {
    if (!wanted.has(init.value.name)) continue;
    g.initializers.delete(id);
    g.inputs.push(init.value);
    weights.set(init.value.name, init.data as Float32Array);
  }
  return { g, weights };
}

/** W' = W + A^T·B^T (scaling folded in B) for every site, as one ORT graph of GEMMs. */
function mergeGraph(model: BaseForServing): Graph {
  const g = new Graph('merge');
  for (const s of serveSites(model.config)) {
    const w = g.input(`${s.path}.weight`, 'float32', [s.inFeatures, s.outFeatures]);
    const at = g.input(names.loraA(s.path), 'float32', [s.inFeatures, rank]);
    const bt = g.input(names.loraB(s.path), 'float32', [rank, s.outFeatures]);
    g.output(ops.add(w, ops.matmul(at, bt)), `merged.${s.path}.weight`);
  }
  return g;
}

async function naiveCase(model: BaseForServing, adapters: ServeAdapter[]): Promise<void> {
  const { g, weights } = weightInputGraph(model);
  const [decode, merge] = await Promise.all([CompiledGraph.create(g), CompiledGraph.create(mergeGraph(model))]);
  const { config } = model;
  const sites = serveSites(config);
  const cache = new KvCache(config, batch, promptLen + tokens); // cached values do not change the timing
  for (let r = 0; r < batch; r++) cache.addRow();
  cache.lengths.fill(promptLen);
  const weightFeeds = (w: (name: string) => Float32Array) =>
    Object.fromEntries(sites.map((s) => [`${s.path}.weight`, hostTensor('float32', [s.inFeatures, s.outFeatures], w(`${s.path}.weight`))]));
  for (const count of [1, 8, 32]) {
    // rows sorted by adapter so each group is a contiguous slice of the cache
    const groups = Array.from({ length: count }, (_, gi) => ({ adapter: adapters[gi]!, first: Math.floor((gi * batch) / count), size: 0 }));
    groups.forEach((grp, gi) => (grp.size = (gi + 1 < count ? groups[gi + 1]!.first : batch) - grp.first));
    const times: number[] = [];
    for (let step = -1; step < 3; step++) { // step -1 warms up this batch size
      const t0 = performance.now();
      for (const grp of groups) {
        const f: Record<string, HostTensor> = { ...weightFeeds((k) => weights.get(k)!) };
        for (const s of sites) {
          const lf = grp.adapter.lora!.get(s.path)!;
          f[names.loraA(s.path)] = hostTensor('float32', [s.inFeatures, rank], lf.a);
          f[names.loraB(s.path)] = hostTensor('float32', [rank, s.outFeatures], lf.b);
        }
        const merged = await merge.run(f); // merge
        const rows = Array.from({ length: grp.size }, (_, r) => ({ ids: [r % config.vocabSize], start: cache.lengths[grp.first + r]!, past: cache.lengths[grp.first + r]! }));
        const feeds: Record<string, HostTensor> = { ...stepInputs(rows, 1, cache.capacity, 1, config.maxPositions), ...weightFeeds((k) => merged[`merged.${k}`]!.data as Float32Array) };
        for (let l = 0; l < config.layers; l++) {
          feeds[names.pastKey(l)] = cache.view(2 * l, grp.first, grp.size);
          feeds[names.pastValue(l)] = cache.view(2 * l + 1, grp.first, grp.size);
        }
        await decode.run(feeds); // run; unmerge = the next group merges from the pristine weights again
      }
      if (step >= 0) times.push(performance.now() - t0);
    }
    const ms = median(times);
    out({ case: 'naive', adapters: count, tokens_per_s: round((batch * 1000) / ms), ms_per_step: Math.round(ms), decode_batch: batch });
  }
  await Promise.all([decode.release(), merge.release()]);
}

async function shapesCase(model: BaseForServing): Promise<void> {
  const make = (shapes: 'symbolic' | 'static') => new ServeRunner(model, { maxRows: batch, shapes });
  const runners = { symbolic: make('symbolic'), static: make('static') };
  for (const r of Object.values(runners)) await r.prefill(Array.from({ length: batch }, (_, i) => ({ adapter: null, ids: promptOf(i) })));
  const times: Record<string, number[]> = { symbolic: [], static: [] };
  for (let s = 0; s < 14; s++) { // the window stays put, so the static session compiles once
    for (const [k, r] of Object.entries(runners)) {
      const t0 = performance.now();
      await r.decode(Array.from({ length: batch }, (_, i) => (i + s) % n('vocab')));
      if (s >= 2) times[k]!.push(performance.now() - t0);
    }
  }
  out({ case: 'shapes', symbolic_ms: round(median(times.symbolic!)), static_ms: round(median(times.static!)), decode_batch: batch, window: runners.symbolic.cache.capacity });
  await Promise.all(Object.values(runners).map((r) => r.release()));
}

const dir = mkdtempSync(join(tmpdir(), 'edgetune-bench-serve-'));
try {
  writeTinyRandomModel(dir, { arch: 'gpt2', vocabSize: n('vocab'), hidden: n('n-embd'), layers: n('n-layer'), heads: n('n-head'), maxPositions: 1024, seed: 0 });
  const model = loadBaseModel(dir);
  if (cases.has('memory')) await memoryCase(model); // first, so memory freed by other cases cannot hide growth
  const needed = ['adapters', 'engine', 'naive', 'load'].some((c) => cases.has(c)) ? Math.max(...a.adapters!.split(',').map(Number), 32) : 0;
  const cache = new AdapterCache({ base: model, budgetBytes: 2 ** 32 });
  const ids: string[] = [];
  for (let i = 0; i < needed; i++) ids.push(await cache.put(packAdapter(loraFiles(model, i))));
  if (needed) log(`${needed} adapters of ${(prepareAdapter('x', loraFiles(model, 0), model).bytes / 2 ** 20).toFixed(2)} MB prepared`);
  if (cases.has('shapes')) await shapesCase(model);
  const prepared = await Promise.all(ids.map((id) => cache.acquire(id)));
  if (cases.has('adapters')) await adaptersCase(model, prepared);
  if (cases.has('engine')) await engineCase(model, cache, ids);
  if (cases.has('load')) await loadCase(model, cache, ids);
  if (cases.has('swap')) {
    // the acceptance target's shape, not the bench model's
    const shape = { n_embd: 768, n_layer: 12, n_head: 12, vocab: n('swap-vocab') };
    const small = join(dir, 'gpt2-small');
    writeTinyRandomModel(small, { arch: 'gpt2', vocabSize: shape.vocab, hidden: shape.n_embd, layers: shape.n_layer, heads: shape.n_head, maxPositions: 1024, seed: 0 });
    await swapCase(loadBaseModel(small), shape);
  }
  if (cases.has('naive')) await naiveCase(model, prepared);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Every registered fine-tuning method on the bench model of bench/train.ts (GPT-2 layout, 384 wide, 6 layers,
// 6 heads, vocab 8192, seq 256 (+64 positions), batch 8, AdamW): trainable parameters, median step time after a warm-up,
// and peak RSS. Each method runs in its own child process, so peak RSS is that method's alone. Methods
// that fail to load or build are skipped with the reason on stderr. One JSON line per method on stdout.
//   node --import tsx bench/methods.ts [--seq 256] [--batch 8] [--steps 3] [--methods lora,full] [--plugins ./path]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hostTensor, labelsFor, loadBaseModel, methods, mulberry32, ParameterStore, StepRunner, writeTinyRandomModel, type Device, type MethodPlugin } from '@edgetune/core';

const { values: a } = parseArgs({
  options: {
    'n-embd': { type: 'string', default: '384' }, 'n-layer': { type: 'string', default: '6' }, 'n-head': { type: 'string', default: '6' },
    vocab: { type: 'string', default: '8192' }, seq: { type: 'string', default: '256' }, batch: { type: 'string', default: '8' },
    steps: { type: 'string', default: '3' }, device: { type: 'string', default: 'cpu' },
    methods: { type: 'string' }, plugins: { type: 'string' },
    child: { type: 'string' }, model: { type: 'string' }, // internal: measure one method on this model folder
  },
});
const n = (k: keyof typeof a) => Number(a[k]);
const log = (s: string) => process.stderr.write(`${s}\n`);

/** Method configs for the bench; methods not listed use their defaults ({}). */
const BENCH_CONFIGS: Record<string, unknown> = {
  lora: { r: 8, lora_alpha: 16, target_modules: ['c_attn', 'c_proj', 'c_fc'], fan_in_fan_out: true }, // as bench/train.ts
  frozen: { mode: 'top_layers', layers: 2 },
};

async function loadPlugins(): Promise<void> {
  for (const spec of a.plugins?.split(',').filter(Boolean) ?? []) await methods.load(spec);
}

if (a.child) {
  // One line the parent can show as the reason for skipping this method.
  await child(a.child, a.model!).catch((err: Error) => {
    log(`bench-error: ${err.message.split('\n')[0]}`);
    process.exit(1);
  });
} else await main();

async function main(): Promise<void> {
  await loadPlugins();
  // all() stops at the first built-in that fails to import; then go name by name to skip just that one.
  const plugins: MethodPlugin[] = await methods.all().catch(async () => {
    const ok: MethodPlugin[] = [];
    for (const name of methods.names()) {
      try {
        ok.push(await methods.get(name));
      } catch (err) {
        log(`skip ${name}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    return ok;
  });
  const wanted = a.methods?.split(',').filter(Boolean);
  const names = plugins.map((p) => p.name).filter((m) => !wanted || wanted.includes(m));
  const dir = mkdtempSync(join(tmpdir(), 'edgetune-bench-methods-'));
  try {
    // 64 positions more than seq: room for the virtual tokens of prompt, P- and prefix tuning.
    writeTinyRandomModel(dir, { arch: 'gpt2', vocabSize: n('vocab'), hidden: n('n-embd'), layers: n('n-layer'), heads: n('n-head'), maxPositions: n('seq') + 64, seed: 0 });
    const self = fileURLToPath(import.meta.url);
    const pass = ['n-embd', 'n-layer', 'n-head', 'vocab', 'seq', 'batch', 'steps', 'device', 'plugins'].flatMap((k) => (a[k as keyof typeof a] ? [`--${k}`, String(a[k as keyof typeof a])] : []));
    for (const name of names) {
      log(`${name}: building and running ${n('steps')} steps after a warm-up…`);
      const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', name, '--model', dir, ...pass], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const line = r.stdout.trim().split('\n').at(-1) ?? '';
      if (r.status !== 0 || !line.startsWith('{')) {
        const lines = (r.stderr || r.error?.message || '').trim().split('\n').filter(Boolean);
        const why = lines.find((l) => l.startsWith('bench-error: '))?.slice(13) ?? (lines.at(-1) || `exit ${r.status ?? r.signal}`);
        log(`skip ${name}: ${why}`);
        continue;
      }
      console.log(line);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function child(name: string, modelDir: string): Promise<void> {
  await loadPlugins();
  const [batch, seq, steps] = [n('batch'), n('seq'), n('steps')];
  const model = loadBaseModel(modelDir);
  const plugin = await methods.get(name);
  const parsed = plugin.config.safeParse(BENCH_CONFIGS[name] ?? {});
  if (!parsed.success) throw new Error(`${name}: its default config does not parse: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const params = new ParameterStore(mulberry32(0));
  const runner = await StepRunner.create(model, {
    batch, seq, params, method: { plugin, config: parsed.data },
    optimizer: { type: 'adamw', lr: 1e-4, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 },
    schedule: { type: 'constant', warmupSteps: 0, totalSteps: steps + 1, minRatio: 0 },
  }, a.device as Device);
  const rand = mulberry32(1);
  const ids = hostTensor('int64', [batch, seq], BigInt64Array.from({ length: batch * seq }, () => BigInt(Math.floor(rand() * n('vocab')))));
  const data = { input_ids: ids, labels: labelsFor(ids) };
  await runner.step(data, 0); // warm-up: first-run allocations
  const times: number[] = [];
  for (let s = 1; s <= steps; s++) {
    const t = performance.now();
    await runner.step(data, s);
    times.push(performance.now() - t);
  }
  await runner.release();
  const trainable = params.count();
  // PEFT's print_trainable_parameters: trainable / (base + added) parameters.
  let base = 0;
  for (const t of model.tensors.values()) base += t.data.length;
  let added = 0;
  for (const [k, t] of params.values) if (!model.tensors.has(k)) added += t.data.length;
  console.log(JSON.stringify({
    method: name, trainable_params: trainable, trainable_pct: Number(((100 * trainable) / (base + added)).toFixed(4)),
    ms_per_step: Math.round([...times].sort((x, y) => x - y)[Math.floor(times.length / 2)]!),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }));
}

// Training throughput on the bench model: GPT-2 layout, LoRA on every linear, AdamW.
// Prints progress to stderr and one JSON line last on stdout.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hostTensor, labelsFor, loadBaseModel, methods, mulberry32, ParameterStore, StepRunner, writeTinyRandomModel, type Device } from '@edgetune/core';
import { median } from './median.ts';

const { values: a } = parseArgs({
  options: {
    'n-embd': { type: 'string', default: '384' }, 'n-layer': { type: 'string', default: '6' }, 'n-head': { type: 'string', default: '6' },
    vocab: { type: 'string', default: '8192' }, seq: { type: 'string', default: '256' }, batch: { type: 'string', default: '8' },
    method: { type: 'string', default: 'lora' }, rank: { type: 'string', default: '8' }, steps: { type: 'string', default: '6' },
    device: { type: 'string', default: 'cpu' }, 'gradient-checkpointing': { type: 'boolean', default: false },
    peer: { type: 'boolean', default: false },
    'compare-cpu': { type: 'boolean', default: false },
  },
});
const n = (k: keyof typeof a) => Number(a[k]);
const [batch, seq, steps] = [n('batch'), n('seq'), n('steps')];
const log = (s: string) => process.stderr.write(`${s}\n`);

const dir = mkdtempSync(join(tmpdir(), 'edgetune-bench-'));
try {
  writeTinyRandomModel(dir, { arch: 'gpt2', vocabSize: n('vocab'), hidden: n('n-embd'), layers: n('n-layer'), heads: n('n-head'), maxPositions: seq, seed: 0 });
  const model = loadBaseModel(dir);
  const plugin = await methods.get(a.method!);
  const config = plugin.config.parse(a.method === 'lora' ? { r: n('rank'), lora_alpha: 2 * n('rank'), target_modules: ['c_attn', 'c_proj', 'c_fc'], fan_in_fan_out: true } : {});
  const params = new ParameterStore(mulberry32(0));
  const t0 = performance.now();
  const spec = (store: ParameterStore) => ({
    batch, seq, params: store, method: { plugin, config },
    optimizer: { type: 'adamw' as const, lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 },
    schedule: { type: 'constant' as const, warmupSteps: 0, totalSteps: steps + 1, minRatio: 0 },
    gradientCheckpointing: a['gradient-checkpointing'],
  });
  const runner = await StepRunner.create(model, spec(params), a.device as Device);
  const initial = new Map(params.values); // the adapter before any step, for --compare-cpu
  log(`compiled in ${((performance.now() - t0) / 1000).toFixed(1)} s; trainable ${params.count()} parameters; rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB, peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  const rand = mulberry32(1);
  const ids = hostTensor('int64', [batch, seq], BigInt64Array.from({ length: batch * seq }, () => BigInt(Math.floor(rand() * n('vocab')))));
  const data = { input_ids: ids, labels: labelsFor(ids) };
  await runner.step(data, 0); // warm-up: first-run allocations
  const times: number[] = [];
  const losses: number[] = [];
  for (let s = 1; s <= steps; s++) {
    const t = performance.now();
    losses.push((await runner.step(data, s)).loss);
    times.push(performance.now() - t);
    log(`step ${s}/${steps}: ${times.at(-1)!.toFixed(0)} ms, loss ${losses.at(-1)!.toFixed(4)}`);
  }
  await runner.release();
  let cpuLosses: number[] | undefined;
  if (a['compare-cpu'] && a.device !== 'cpu') {
    // The same steps from the same initial adapter on the CPU provider: losses must agree within 1e-3.
    const store = new ParameterStore();
    for (const [k, v] of initial) store.values.set(k, v);
    const cpu = await StepRunner.create(model, spec(store), 'cpu');
    cpuLosses = [];
    for (let s = 0; s <= steps; s++) {
      const l = (await cpu.step(data, s)).loss;
      if (s > 0) cpuLosses.push(l);
    }
    await cpu.release();
  }
  const msPerStep = median(times);
  const result: Record<string, unknown> = {
    bench: 'train', method: a.method, n_embd: n('n-embd'), n_layer: n('n-layer'), vocab: n('vocab'), seq, batch, rank: n('rank'),
    gradient_checkpointing: a['gradient-checkpointing'], steps,
    ms_per_step: Math.round(msPerStep), tokens_per_s: Math.round((batch * seq * 1000) / msPerStep),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024), device: runner.device, losses,
  };
  if (cpuLosses) result.max_loss_diff_vs_cpu = Math.max(...losses.map((l, i) => Math.abs(l - cpuLosses[i]!)));
  if (a.peer) {
    // The PyTorch eager peer (../shared/peers), same shapes, measured in this same run.
    const peer = spawnSync('/usr/bin/python3', [new URL('../../shared/peers/torch_lora_train.py', import.meta.url).pathname, `steps=${steps}`, 'threads=2'], { env: { ...process.env, OMP_NUM_THREADS: '2' }, encoding: 'utf8' });
    const line = peer.stdout.trim().split('\n').at(-1) ?? '';
    try {
      const p = JSON.parse(line);
      result.peer_tokens_per_s = p.tokens_per_s;
      result.ratio_vs_peer = Number(((result.tokens_per_s as number) / p.tokens_per_s).toFixed(2));
    } catch {
      result.peer_error = (peer.stderr || line).slice(-300);
    }
  }
  console.log(JSON.stringify(result));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

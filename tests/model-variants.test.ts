import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { hostTensor, loadBaseModel, runForward, writeTinyRandomModel, type HostTensor, type TinyRandomOptions } from '@edgetune/core';

// Model folders beyond the two fixtures: the same builders must handle every config the parser accepts.
const root = mkdtempSync(join(tmpdir(), 'edgetune-variants-'));
after(() => rmSync(root, { recursive: true, force: true }));

const ids = hostTensor('int64', [2, 6], BigInt64Array.from([5n, 17n, 290n, 3n, 3n, 100n, 1n, 2n, 250n, 299n, 0n, 42n]));
const base: TinyRandomOptions = { arch: 'llama', vocabSize: 300, hidden: 32, layers: 2, heads: 4, maxPositions: 16, seed: 9 };

async function logits(name: string, o: TinyRandomOptions, edit?: (config: Record<string, unknown>) => void): Promise<HostTensor> {
  const dir = join(root, name);
  writeTinyRandomModel(dir, o);
  if (edit) {
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    edit(config);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  }
  const out = await runForward({ model: loadBaseModel(dir), inputIds: ids });
  const l = out.get('logits')!;
  assert.deepEqual(l.shape, [2, 6, 300]);
  assert.ok((l.data as Float32Array).every(Number.isFinite), `${name}: logits must be finite`);
  assert.ok(Number.isFinite(Number(out.get('loss')!.data[0])));
  return l;
}

const maxDiff = (a: HostTensor, b: HostTensor) => (a.data as Float32Array).reduce((m, v, i) => Math.max(m, Math.abs(v - (b.data as Float32Array)[i]!)), 0);

test('a sharded checkpoint gives exactly the logits of the single file', async () => {
  const single = await logits('single', base);
  const sharded = await logits('sharded', { ...base, shardBytes: 20_000 });
  assert.equal(maxDiff(single, sharded), 0);
});

test('float16 and bfloat16 checkpoints load and stay close to float32', async () => {
  const f32 = await logits('f32', { ...base, arch: 'gpt2' });
  for (const dtype of ['float16', 'bfloat16'] as const) {
    const half = await logits(dtype, { ...base, arch: 'gpt2', dtype });
    const diff = maxDiff(f32, half);
    assert.ok(diff > 0 && diff < 5e-2, `${dtype}: max logit difference ${diff}`);
  }
});

test('Llama-family variants: GQA 4:1, Qwen2 q/k/v biases, tied embeddings, Llama 3 rope scaling', async () => {
  const plain = await logits('plain', base);
  const gqa = await logits('gqa', { ...base, heads: 8, kvHeads: 2 });
  const qwen = await logits('qwen2', { ...base, modelType: 'qwen2', kvHeads: 2 });
  const tied = await logits('tied', { ...base, tieEmbeddings: true });
  const scaled = await logits('rope-llama3', base, (c) => {
    c.rope_parameters = { rope_type: 'llama3', rope_theta: 10000, factor: 8, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 4 };
  });
  // Different configs compute different functions: each variant must actually change the logits.
  for (const [name, l] of Object.entries({ gqa, qwen, tied, scaled })) assert.ok(maxDiff(plain, l) > 1e-4, `${name} should differ from the plain model`);
});

test('an unsupported activation is refused, not guessed', async () => {
  await assert.rejects(logits('bad-act', base, (c) => (c.hidden_act = 'mish')), /Invalid option/);
});

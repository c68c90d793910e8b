import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  buildLossGraph, hostTensor, loadBaseModel, mulberry32, ParameterStore, readAdapterDir, readSafetensors, runForward,
  type AdapterState, type HostTensor,
} from '@edgetune/core';
import { HF_FIXTURES, maxAbs, relError, sampleIds, tinyModel } from '@edgetune/core/plugin/conformance-models.ts';
import { testMethodPlugin } from '@edgetune/core/plugin/conformance.ts';
import pTuning, { EMBEDDING, encodePrompt, PREFIX, PTuningConfig } from './index.ts';

const ENCODER = ['mlp_head.0.weight', 'mlp_head.0.bias', 'mlp_head.2.weight', 'mlp_head.2.bias', 'mlp_head.4.weight', 'mlp_head.4.bias'];

// Tiny models: hidden 32. MLP encoder of width 8 on P = 4: embedding, Linear(32, 8), Linear(8, 8), Linear(8, 32).
testMethodPlugin({
  plugin: pTuning,
  validConfigs: [
    { num_virtual_tokens: 4, encoder_hidden_size: 8 },
    {},
    { encoder_reparameterization_type: 'LSTM', encoder_hidden_size: 4, encoder_num_layers: 2 },
    { encoder_num_layers: 5 }, // PEFT ignores it for MLP
  ],
  invalidConfigs: [
    { encoder_reparameterization_type: 'GRU' }, { encoder_hidden_size: 0 }, { encoder_dropout: 1 }, { num_virtual_tokens: -1 },
    { modules_to_save: ['lm_head'] }, { num_transformer_submodules: 2 },
  ],
  expectedTrainable: () => 4 * 32 + (32 * 8 + 8) + (8 * 8 + 8) + (8 * 32 + 32),
  fixtures: ['tiny-gpt2', 'tiny-llama'].map((model) => ({
    model,
    adapter: 'p-tuning',
    skipGrads: {
      names: [EMBEDDING, ...ENCODER.map((n) => PREFIX + n)],
      reason: 'PEFT saves only the encoder output (prompt_embeddings); the encoder weights these gradients are taken at are not in the files',
    },
  })),
});

const tensor = (m: Map<string, HostTensor>, k: string) => m.get(k)!.data as Float32Array;

for (const model of ['tiny-gpt2', 'tiny-llama']) {
  const dir = join(HF_FIXTURES, model, 'adapters', 'p-tuning');

  test(`${model}/p-tuning: PEFT's saved virtual tokens give PEFT's logits and loss`, async () => {
    const exp = readSafetensors(join(dir, 'expected', 'expected.safetensors')).tensors;
    const state = pTuning.load(readAdapterDir(dir))!;
    assert.equal(state.config.inference_mode, true);
    const out = await runForward({ model: loadBaseModel(join(HF_FIXTURES, model)), adapter: { plugin: pTuning, state }, inputIds: exp.get('input_ids')!, grads: true });
    assert.deepEqual(out.get('logits')!.shape, [2, 16, 512]);
    assert.ok(maxAbs(out.get('logits')!, exp.get('logits')!) <= 1e-4);
    assert.ok(Math.abs(Number(out.get('loss')!.data[0]) - Number(exp.get('loss')!.data[0])) <= 1e-5);

    // The encoder's last layer is out = a W^T + b on the P rows, so from G = d loss / d out [P, C] (ours):
    // grad b = sum_p G[p] exactly, and grad W [C, H] = G^T A must lie in the span of G's rows.
    const g = tensor(out, `grad.${EMBEDDING}`);
    const gb = tensor(exp, `grad.${PREFIX}mlp_head.4.bias`);
    const gw = tensor(exp, `grad.${PREFIX}mlp_head.4.weight`);
    const C = gb.length;
    const P = g.length / C;
    const H = gw.length / C;
    const sum = Float32Array.from({ length: C }, (_, c) => [...Array(P).keys()].reduce((s, p) => s + g[p * C + c]!, 0));
    assert.ok(relError(hostTensor('float32', [C], sum), exp.get(`grad.${PREFIX}mlp_head.4.bias`)!) <= 1e-3);
    assert.ok(spanResidual(g, P, C, gw, H) <= 1e-3, 'grad of mlp_head.4.weight is spanned by our prompt gradients');
  });

  test(`${model}/p-tuning: save(load(PEFT files)) reproduces PEFT's config and tensor`, () => {
    const files = readAdapterDir(dir);
    const saved = pTuning.save(pTuning.load(files)!);
    assert.deepEqual(saved.config, JSON.parse(readFileSync(join(dir, 'adapter_config.json'), 'utf8')));
    assert.deepEqual([...saved.tensors.keys()], ['prompt_embeddings']);
    assert.deepEqual(saved.tensors.get('prompt_embeddings')!.data, files.tensors.get('prompt_embeddings')!.data);
  });
}

/** ‖W − Gᵀ A‖ / ‖W‖ for the least-squares A [P, H] (normal equations, P is tiny). */
function spanResidual(g: Float32Array, P: number, C: number, w: Float32Array, H: number): number {
  const gram = [...Array(P)].map((_, i) => [...Array(P)].map((_, j) => [...Array(C).keys()].reduce((s, c) => s + g[i * C + c]! * g[j * C + c]!, 0)));
  const rhs = [...Array(P)].map((_, i) => [...Array(H)].map((_, h) => [...Array(C).keys()].reduce((s, c) => s + g[i * C + c]! * w[c * H + h]!, 0)));
  for (let i = 0; i < P; i++) { // Gauss-Jordan on [gram | rhs]
    for (let j = 0; j < P; j++) {
      if (j === i) continue;
      const f = gram[j]![i]! / gram[i]![i]!;
      for (let k = 0; k < P; k++) gram[j]![k]! -= f * gram[i]![k]!;
      for (let h = 0; h < H; h++) rhs[j]![h]! -= f * rhs[i]![h]!;
    }
  }
  let num = 0;
  let den = 0;
  for (let c = 0; c < C; c++) {
    for (let h = 0; h < H; h++) {
      const fit = [...Array(P).keys()].reduce((s, p) => s + g[p * C + c]! * (rhs[p]![h]! / gram[p]![p]!), 0);
      num += (w[c * H + h]! - fit) ** 2;
      den += w[c * H + h]! ** 2;
    }
  }
  return Math.sqrt(num / den);
}

/** A freshly initialized encoder on a tiny model, nudged off its init. */
function initialState(raw: unknown, arch: 'gpt2' | 'llama'): AdapterState<PTuningConfig> {
  const config = PTuningConfig.parse(raw);
  const params = new ParameterStore(mulberry32(31));
  buildLossGraph(tinyModel(arch), { batch: 2, seq: 8, params, method: { plugin: pTuning, config } });
  const rand = mulberry32(32);
  for (const [k, t] of params.values) params.values.set(k, hostTensor('float32', t.shape, Float32Array.from(t.data as Float32Array, (x) => x + (rand() - 0.5) * 0.1)));
  return { method: 'p-tuning', config, tensors: params.values };
}

const LSTM = { num_virtual_tokens: 3, encoder_reparameterization_type: 'LSTM', encoder_hidden_size: 4, encoder_num_layers: 2 };

for (const arch of ['gpt2', 'llama'] as const) {
  for (const [kind, raw] of [['MLP', { num_virtual_tokens: 3, encoder_hidden_size: 8 }], ['LSTM', LSTM]] as const) {
    test(`${arch}/${kind}: the encoder's saved output, served as PEFT serves it, gives the training graph's logits`, async () => {
      const state = initialState(raw, arch);
      const files = pTuning.save(state);
      assert.equal(files.config.inference_mode, true);
      assert.ok([...files.tensors.keys()].every((k) => k === 'prompt_embeddings' || k.startsWith('edgetune.prompt_encoder.')));
      const resumed = pTuning.load(files)!;
      assert.equal(resumed.config.inference_mode, false, 'edgetune files keep the encoder, so training can resume');
      assert.deepEqual([...resumed.tensors.keys()].sort(), [...state.tensors.keys()].sort());
      const peftView = pTuning.load({ config: files.config, tensors: new Map([['prompt_embeddings', files.tensors.get('prompt_embeddings')!]]) })!;
      const model = tinyModel(arch);
      const inputIds = sampleIds();
      const a = await runForward({ model, adapter: { plugin: pTuning, state }, inputIds });
      const b = await runForward({ model, adapter: { plugin: pTuning, state: peftView }, inputIds });
      assert.ok(maxAbs(a.get('logits')!, b.get('logits')!) <= 1e-5);
    });
  }

  test(`${arch}/LSTM: gradients match a central difference at eps 1e-2`, async () => {
    const state = initialState(LSTM, arch);
    const model = tinyModel(arch);
    const inputIds = sampleIds();
    const rand = mulberry32(33);
    const dirs = new Map([...state.tensors].map(([k, t]) => [k, Float32Array.from(t.data as Float32Array, () => rand() * 2 - 1)]));
    const shifted = (s: number) => ({ ...state, tensors: new Map([...state.tensors].map(([k, t]): [string, HostTensor] => [k, hostTensor('float32', t.shape, Float32Array.from(t.data as Float32Array, (x, i) => x + s * dirs.get(k)![i]!))])) });
    const loss = async (s: number) => Number((await runForward({ model, adapter: { plugin: pTuning, state: shifted(s) }, inputIds })).get('loss')!.data[0]);
    const out = await runForward({ model, adapter: { plugin: pTuning, state }, inputIds, grads: true });
    let analytic = 0;
    for (const [k, d] of dirs) tensor(out, `grad.${k}`).forEach((g, i) => (analytic += g * d[i]!));
    const numeric = ((await loss(1e-2)) - (await loss(-1e-2))) / 2e-2;
    assert.ok(Math.abs(analytic - numeric) <= 2e-2 * Math.abs(numeric), `analytic ${analytic}, numeric ${numeric}`);
  });
}

test('LSTM encoder output equals a direct transcription of torch.nn.LSTM (bidirectional, 2 layers) + mlp_head', () => {
  const state = initialState(LSTM, 'gpt2');
  const t = (n: string) => state.tensors.get(PREFIX + n)!.data as Float32Array;
  const [P, C, H] = [3, 32, 4];
  const sig = (x: number) => 1 / (1 + Math.exp(-x));
  let x: number[][] = [...Array(P)].map((_, p) => [...t('embedding.weight').subarray(p * C, (p + 1) * C)]);
  for (let l = 0; l < 2; l++) {
    const out: number[][] = [...Array(P)].map(() => []);
    for (const sfx of ['', '_reverse']) {
      const [wih, whh, bih, bhh] = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map((n) => t(`lstm_head.${n}_l${l}${sfx}`));
      const inF = x[0]!.length;
      let h = new Array(H).fill(0);
      let c = new Array(H).fill(0);
      for (const step of sfx ? [2, 1, 0] : [0, 1, 2]) {
        const z = [...Array(4 * H)].map((_, r) => bih![r]! + bhh![r]! + x[step]!.reduce((s, v, i) => s + wih![r * inF + i]! * v, 0) + h.reduce((s, v, i) => s + whh![r * H + i]! * v, 0));
        c = c.map((cv, j) => sig(z[H + j]!) * cv + sig(z[j]!) * Math.tanh(z[2 * H + j]!));
        h = c.map((cv, j) => sig(z[3 * H + j]!) * Math.tanh(cv));
        out[step]!.push(...h);
      }
    }
    x = out; // [P, 2H]: forward then backward features, as torch concatenates them
  }
  const lin = (v: number[], w: Float32Array, b: Float32Array) => [...b].map((bo, o) => bo + v.reduce((s, vi, i) => s + w[o * v.length + i]! * vi, 0));
  const want = x.flatMap((v) => lin(lin(v, t('mlp_head.0.weight'), t('mlp_head.0.bias')).map((u) => Math.max(u, 0)), t('mlp_head.2.weight'), t('mlp_head.2.bias')));
  const got = encodePrompt(state);
  assert.deepEqual(got.shape, [P, C]);
  assert.ok(maxAbs(got, hostTensor('float32', [P * C], Float32Array.from(want))) <= 1e-5);
});

test('LSTM dropout cannot be trained; a PEFT-saved LSTM adapter with dropout still serves', () => {
  const params = new ParameterStore();
  const build = (raw: unknown) => () => buildLossGraph(tinyModel('gpt2'), { batch: 1, seq: 4, params, method: { plugin: pTuning, config: PTuningConfig.parse(raw) } });
  assert.throws(build({ ...LSTM, encoder_dropout: 0.1 }), /encoder_dropout/);
  assert.doesNotThrow(build({ ...LSTM, encoder_dropout: 0.1, inference_mode: true }));
});

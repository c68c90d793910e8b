import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { gradients } from '../autodiff/index.ts';
import { runForward } from '../engine/forward.ts';
import { buildLossGraph } from '../engine/loss-graph.ts';
import { readAdapterDir } from '../engine/adapter-dir.ts';
import { CompiledGraph, hostTensor, type HostTensor } from '../graph/index.ts';
import { labelsFor } from '../engine/forward.ts';
import { mulberry32, readSafetensors, serializeSafetensors } from '../weights/index.ts';
import type { ConformanceOptions } from './conformance-types.ts';
import { HF_FIXTURES, maxAbs, relError, sampleIds, tinyModel } from './conformance-models.ts';
import { ParameterStore } from './params.ts';
import type { AdapterState, MethodPlugin } from './types.ts';

/** Initializes the method on a tiny model and nudges every tensor off its init (B = 0 hides bugs). */
function trainedState<C>(plugin: MethodPlugin<C>, config: C, arch: 'gpt2' | 'llama'): AdapterState<C> {
  const params = new ParameterStore(mulberry32(11));
  buildLossGraph(tinyModel(arch), { batch: 2, seq: 8, method: { plugin, config }, params });
  const rand = mulberry32(12);
  for (const [k, t] of params.values) {
    const data = Float32Array.from(t.data as Float32Array, (x) => x + (rand() - 0.5) * 0.1);
    params.values.set(k, hostTensor('float32', t.shape, data));
  }
  return { method: plugin.name, config, tensors: params.values };
}

function savedBytes<C>(plugin: MethodPlugin<C>, state: AdapterState<C>): { config: string; tensors: Uint8Array } {
  const files = plugin.save(state);
  const sorted = Object.fromEntries(Object.keys(files.config).sort().map((k) => [k, files.config[k]]));
  return { config: JSON.stringify(sorted), tensors: serializeSafetensors(files.tensors, { format: 'pt' }) };
}

/** Scales a direction (a tensor per parameter) to unit L2 norm, so eps is the step's real length. */
function unit(d: Map<string, Float32Array>): Map<string, Float32Array> {
  const norm = Math.sqrt([...d.values()].reduce((acc, v) => acc + v.reduce((a, x) => a + x * x, 0), 0));
  return new Map([...d].map(([k, v]) => [k, v.map((x) => x / Math.max(norm, 1e-30))]));
}

/**
 * Directional derivatives, analytic (g·d) against central differences, along two directions: the
 * analytic gradient itself (the largest signal, and a wrong gradient points elsewhere or has the wrong
 * length) and a random one, both of unit length. float32 losses put about 3e-5 of noise on the
 * differences at eps 1e-2.
 */
async function directionalCheck<C>(plugin: MethodPlugin<C>, state: AdapterState<C>, arch: 'gpt2' | 'llama') {
  const params = new ParameterStore();
  for (const [k, v] of state.tensors) params.values.set(k, v);
  const lg = buildLossGraph(tinyModel(arch), { batch: 2, seq: 8, method: { plugin, config: state.config }, params });
  const grads = gradients(lg.loss, lg.params);
  lg.g.output(lg.loss, 'loss');
  lg.params.forEach((p, i) => lg.g.output(grads[i]!, `grad.${p.name}`));
  const session = await CompiledGraph.create(lg.g);
  const ids = sampleIds();
  const at = async (direction: Map<string, Float32Array>, eps: number) => {
    const feeds: Record<string, HostTensor> = { input_ids: ids, labels: labelsFor(ids) };
    for (const p of lg.params) {
      const t = params.values.get(p.name)!;
      const d = direction.get(p.name)!;
      feeds[p.name] = hostTensor('float32', t.shape, Float32Array.from(t.data as Float32Array, (x, i) => x + eps * d[i]!));
    }
    return session.run(feeds);
  };
  const zero = new Map(lg.params.map((p) => [p.name, new Float32Array(params.values.get(p.name)!.data.length)]));
  const out = await at(zero, 0);
  const grad = new Map(lg.params.map((p) => [p.name, out[`grad.${p.name}`]!.data as Float32Array]));
  const rand = mulberry32(5);
  const directions = {
    gradient: unit(grad),
    random: unit(new Map([...grad].map(([k, g]) => [k, Float32Array.from(g, () => rand() * 2 - 1)]))),
  };
  const eps = 1e-2;
  const results: { direction: string; analytic: number; numeric: number }[] = [];
  for (const [name, d] of Object.entries(directions)) {
    let analytic = 0;
    for (const [k, g] of grad) d.get(k)!.forEach((x, i) => (analytic += x * g[i]!));
    const numeric = (Number((await at(d, eps)).loss!.data[0]) - Number((await at(d, -eps)).loss!.data[0])) / (2 * eps);
    results.push({ direction: name, analytic, numeric });
  }
  await session.release();
  return results;
}

/**
 * The conformance suite every method plugin runs (PEFT's test matrix, as one suite): config validation,
 * trainable-parameter count, gradients, save/load round trip, merge equivalence, PEFT format and fixtures.
 */
export function testMethodPlugin<C>(o: ConformanceOptions<C>): void {
  const { plugin } = o;
  const archs = o.archs ?? ['gpt2', 'llama'];
  describe(`method plugin '${plugin.name}' conformance`, () => {
    test('valid configs parse and invalid configs are rejected', () => {
      for (const c of o.validConfigs) assert.ok(plugin.config.safeParse(c).success, `should accept ${JSON.stringify(c)}`);
      for (const c of o.invalidConfigs) assert.ok(!plugin.config.safeParse(c).success, `should reject ${JSON.stringify(c)}`);
      assert.ok(o.invalidConfigs.length > 0, 'give at least one invalid config');
    });

    const config = plugin.config.parse(o.validConfigs[0]);
    for (const arch of archs) {
      test(`${arch}: trainable parameter count`, () => {
        const params = new ParameterStore(mulberry32(1));
        buildLossGraph(tinyModel(arch), { batch: 2, seq: 8, method: { plugin, config }, params });
        assert.equal(params.count(), o.expectedTrainable(arch));
      });

      test(`${arch}: gradients match finite differences`, async () => {
        const checked = o.exactGradientPlugin ?? plugin;
        for (const r of await directionalCheck(checked, trainedState(checked, config, arch), arch)) {
          const ok = Math.abs(r.analytic - r.numeric) <= 2e-2 * Math.abs(r.numeric) + 1e-4;
          assert.ok(ok, `along the ${r.direction} direction: analytic ${r.analytic}, numeric ${r.numeric}`);
        }
      });

      test(`${arch}: save -> load -> save is byte-identical`, () => {
        const state = trainedState(plugin, config, arch);
        const first = savedBytes(plugin, state);
        const files = plugin.save(state);
        const loaded = plugin.load({ config: JSON.parse(JSON.stringify(files.config)), tensors: files.tensors });
        assert.ok(loaded, 'load() must accept what save() wrote');
        const second = savedBytes(plugin, loaded);
        assert.equal(second.config, first.config);
        assert.deepEqual(Buffer.from(second.tensors), Buffer.from(first.tensors));
        if (plugin.peftType) assert.equal(files.config.peft_type, plugin.peftType, 'adapter_config.json names the PEFT type');
      });

      if (plugin.merge) {
        test(`${arch}: merged logits equal unmerged within 1e-4`, async () => {
          const model = tinyModel(arch);
          const state = trainedState(plugin, config, arch);
          const inputIds = sampleIds();
          const unmerged = await runForward({ model, adapter: { plugin, state }, inputIds });
          const tensors = plugin.merge!(state, model.tensors, model.config);
          const merged = await runForward({ model: { ...model, tensors }, inputIds });
          const err = maxAbs(merged.get('logits')!, unmerged.get('logits')!);
          assert.ok(err <= 1e-4, `merged logits differ by ${err}`);
        });
      }
    }

    for (const f of o.fixtures ?? []) {
      test(`PEFT fixture ${f.model}/${f.adapter}: logits, loss, gradients and config fields`, async () => {
        const dir = join(HF_FIXTURES, f.model, 'adapters', f.adapter);
        const exp = readSafetensors(join(dir, 'expected', 'expected.safetensors')).tensors;
        const files = readAdapterDir(dir);
        const state = plugin.load(files);
        assert.ok(state, `${plugin.name} must load the PEFT fixture`);
        const { loadBaseModel } = await import('../engine/base-model.ts');
        const out = await runForward({ model: loadBaseModel(join(HF_FIXTURES, f.model)), adapter: { plugin, state }, inputIds: exp.get('input_ids')!, grads: true });
        assert.ok(maxAbs(out.get('logits')!, exp.get('logits')!) <= 1e-4, 'logits within 1e-4');
        assert.ok(Math.abs(Number(out.get('loss')!.data[0]) - Number(exp.get('loss')!.data[0])) <= 1e-5, 'loss within 1e-5');
        for (const k of [...exp.keys()].filter((k) => k.startsWith('grad.'))) {
          if (f.skipGrads?.names.includes(k.slice(5))) continue;
          assert.ok(out.has(k), `missing ${k}`);
          const e = relError(out.get(k)!, exp.get(k)!);
          assert.ok(e <= 1e-3, `${k}: relative error ${e}`);
        }
        const saved = plugin.save(state).config;
        const peft = JSON.parse(readFileSync(join(dir, 'adapter_config.json'), 'utf8'));
        assert.deepEqual(Object.keys(saved).sort(), Object.keys(peft).sort(), 'saved config has PEFT\'s fields');
      });
    }
  });
}

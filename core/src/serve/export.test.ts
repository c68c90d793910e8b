import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import ort from 'onnxruntime-node';
import type { HostTensor } from '../graph/index.ts';
import { exportServeModel } from './export.ts';
import { BASE_FEATURES } from './features.ts';
import { mergedBase } from './merged.ts';
import { LOGITS } from './names.ts';
import { prefixPast } from './prefill-inputs.ts';
import { prepareAdapter } from './prepare.ts';
import { RowAdapters } from './row-adapters.ts';
import { ServeRunner } from './runner.ts';
import { serveSites } from './sites.ts';
import { stepInputs } from './step-inputs.ts';
import { maxDiff, randomAdapter, tinyServeModel } from './test-support.ts';

/** Runs an exported model with plain onnxruntime-node, as another service would. */
async function runExported(dir: string, feeds: Record<string, HostTensor>): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(join(dir, 'model.onnx'));
  const ortFeeds = Object.fromEntries(session.inputNames.map((n) => [n, new ort.Tensor(feeds[n]!.dtype as 'float32', feeds[n]!.data as Float32Array, feeds[n]!.shape as number[])]));
  const out = await session.run(ortFeeds);
  await session.release();
  return out[LOGITS]!.data as Float32Array;
}

test('exported hot-swap and merged models run in plain onnxruntime with the served logits', async () => {
  const model = tinyServeModel('llama');
  const files = randomAdapter(model, 'dora', 5);
  const adapter = prepareAdapter('d', files, model);
  const ids = [3, 1, 4, 1, 5, 9, 2, 6];
  const runner = new ServeRunner(model, { maxRows: 1 });
  const [served] = await runner.prefill([{ adapter, ids }]);

  const hotDir = mkdtempSync(join(tmpdir(), 'edgetune-export-'));
  assert.deepEqual(exportServeModel(model, hotDir, { features: { prompt: false } }), ['model.onnx', 'serve_config.json']);
  const rows = new RowAdapters(serveSites(model.config), 1, () => undefined);
  rows.push(adapter);
  const rep = model.config.heads / model.config.kvHeads;
  const feeds = { ...stepInputs([{ ids, start: 0, past: 0 }], ids.length, 0, rep, model.config.maxPositions), ...prefixPast([{ adapter: null, ids }], model.config), ...rows.feeds() };
  assert.ok(maxDiff(await runExported(hotDir, feeds), 0, served!, 0, served!.length) <= 1e-4, 'hot-swap export');
  const manifest = JSON.parse(readFileSync(join(hotDir, 'serve_config.json'), 'utf8'));
  assert.equal(manifest.format, 'edgetune-serve');
  assert.ok(manifest.inputs.some((i: { name: string }) => i.name.startsWith('lora.')));

  const mergedDir = mkdtempSync(join(tmpdir(), 'edgetune-export-merged-'));
  const written = exportServeModel(await mergedBase(model, files), mergedDir, { features: BASE_FEATURES, externalDataAbove: 0 });
  assert.deepEqual(written, ['model.onnx', 'model.onnx.data', 'serve_config.json']);
  const baseFeeds = { ...stepInputs([{ ids, start: 0, past: 0 }], ids.length, 0, rep, model.config.maxPositions), ...prefixPast([{ adapter: null, ids }], model.config) };
  assert.ok(maxDiff(await runExported(mergedDir, baseFeeds), 0, served!, 0, served!.length) <= 1e-4, 'merged export (external data)');
  await runner.release();
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cli } from '../cli/commands/test-support.ts';
import { MANIFEST_FILE, writeModelManifest } from './model-manifest.ts';
import { writeTinyRandomModel } from './tiny-random.ts';

const dir = mkdtempSync(join(tmpdir(), 'edgetune-manifest-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the manifest lists each top-level file with its size and sha256, not hidden files or itself', async () => {
  const model = join(dir, 'm');
  writeTinyRandomModel(model, { arch: 'gpt2', vocabSize: 300, hidden: 16, layers: 1, heads: 2, maxPositions: 16 });
  writeFileSync(join(model, '.lock'), 'x');
  const first = await writeModelManifest(model);
  const again = await writeModelManifest(model);
  assert.deepEqual(again.files, first.files, 'writing it twice lists the same files (not the manifest)');
  const written = JSON.parse(readFileSync(join(model, MANIFEST_FILE), 'utf8')) as { files: { name: string; bytes: number; sha256: string }[] };
  assert.deepEqual(written.files, first.files);
  assert.ok(written.files.some((f) => f.name === 'config.json') && written.files.some((f) => f.name === 'model.safetensors'));
  assert.ok(!written.files.some((f) => f.name.startsWith('.') || f.name === MANIFEST_FILE));
  for (const f of written.files) {
    const bytes = readFileSync(join(model, f.name));
    assert.deepEqual([f.bytes, f.sha256], [bytes.length, createHash('sha256').update(bytes).digest('hex')], f.name);
  }
  const r = await cli(['model-manifest', model]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /edgetune-manifest\.json: \d+ files/);
  assert.equal((await cli(['model-manifest', dir])).code, 2, 'a folder without config.json is refused');
});

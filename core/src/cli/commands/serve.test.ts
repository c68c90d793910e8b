// `edgetune serve` as a user runs it: a child process over a real model folder, real HTTP, SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { tinyModel } from '../../plugin/conformance-models.ts';
import { cli } from './test-support.ts';

const dir = mkdtempSync(join(tmpdir(), 'edgetune-serve-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const bin = new URL('../../../bin/edgetune.js', import.meta.url).pathname;

test('edgetune serve --model DIR serves that model over HTTP and stops cleanly on SIGTERM', async () => {
  const dataDir = join(dir, 'data');
  const child = spawn(process.execPath, [bin, 'serve', '--model', `tiny=${tinyModel('gpt2').dir}`, '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--no-runner'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  try {
    const url = await new Promise<string>((found, failed) => {
      const check = () => {
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) found(m[1]!);
      };
      child.stdout.on('data', check);
      void exited.then((code) => failed(new Error(`exited ${code}: ${out}`)));
    });
    assert.doesNotMatch(out, /no base model configured/);
    const key = readFileSync(join(dataDir, 'admin-key'), 'utf8').trim();
    const models = (await (await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).json()) as { data: { id: string }[] };
    assert.deepEqual(models.data.map((m) => m.id), ['tiny']);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0, out);
});

test('edgetune serve refuses a folder that is not a model, naming it', async () => {
  const r = await cli(['serve', '--model', dir]);
  assert.equal(r.code, 2);
  assert.match(r.err, /has no config\.json/);
});

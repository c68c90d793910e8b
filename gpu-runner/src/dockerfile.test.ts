// CI has no Docker engine, so the image is never built there: this checks the Dockerfile against
// what it runs. Its entry point and healthcheck are the package's scripts and bin, the files exist
// and work, npm ci installs without dev dependencies, and the CUDA build argument reaches it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { OPTIONS, usage } from './cli.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'gpu-runner/package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };

/** Instructions as [KEYWORD, args]: comments dropped, `\` continuations joined. */
function parseDockerfile(text: string): [string, string][] {
  const out: [string, string][] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    if (/^\s*#/.test(raw)) continue;
    const line = raw.trimEnd();
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (!full) continue;
    const m = /^(\w+)\s+([\s\S]*)$/.exec(full);
    assert.ok(m, `cannot parse: ${full}`);
    out.push([m[1]!.toUpperCase(), m[2]!]);
  }
  return out;
}

const docker = parseDockerfile(readFileSync(join(root, 'gpu-runner/Dockerfile'), 'utf8'));
const all = (k: string) => docker.filter(([kw]) => kw === k).map(([, a]) => a);
const one = (k: string) => {
  const xs = all(k);
  assert.equal(xs.length, 1, `one ${k}`);
  return xs[0]!;
};
const workdir = one('WORKDIR');
/** A script like `node bin/x.js` (run in gpu-runner/) as the argv the image runs from WORKDIR. */
const fromImage = (script: string) => {
  const [bin, file] = script.split(' ');
  return [bin, `gpu-runner/${file}`];
};

test('node:20-slim, npm ci --omit=dev, and the CUDA 12 provider behind a build argument', () => {
  assert.equal(one('FROM'), 'node:20-slim');
  assert.equal(workdir, '/app');
  const args = all('ARG').map((a) => a.split('=')[0]);
  assert.ok(args.includes('ORT_INSTALL'));
  const ci = all('RUN').find((r) => r.includes('npm ci'));
  assert.ok(ci, 'an npm ci step');
  assert.match(ci, /npm ci --omit=dev/);
  // onnxruntime-node's install script reads ONNXRUNTIME_NODE_INSTALL (skip | cuda12)
  assert.match(ci, /ONNXRUNTIME_NODE_INSTALL="\$ORT_INSTALL" npm ci/);
  const ortInstall = readFileSync(join(root, 'node_modules/onnxruntime-node/script/install-utils.js'), 'utf8');
  assert.match(ortInstall, /process\.env\.ONNXRUNTIME_NODE_INSTALL/);
  assert.match(readFileSync(join(root, 'node_modules/onnxruntime-node/script/install-metadata.js'), 'utf8'), /'linux\/x64': \['cuda12'\]/);
  for (const copy of all('COPY')) {
    const parts = copy.split(/\s+/).filter((p) => !p.startsWith('--'));
    for (const src of parts.slice(0, -1)) assert.ok(existsSync(join(root, src)), `COPY source ${src} exists`);
  }
  const workspaces = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
  const copied = all('COPY').join(' ');
  for (const w of workspaces) assert.ok(copied.includes(w.replace('/*', '')), `workspace ${w} is copied (npm ci needs every workspace)`);
});

test('ENTRYPOINT is the start script and the bin; HEALTHCHECK is the healthcheck script', () => {
  const entry = JSON.parse(one('ENTRYPOINT')) as string[];
  assert.deepEqual(entry, fromImage(pkg.scripts.start!));
  assert.equal(`gpu-runner/${pkg.bin['edgetune-runner']!.replace(/^\.\//, '')}`, entry[1]);
  const hc = /^(?:--\S+\s+)*CMD\s+(\[.*\])$/.exec(one('HEALTHCHECK'));
  assert.ok(hc, 'HEALTHCHECK … CMD [exec form]');
  assert.deepEqual(JSON.parse(hc[1]!), fromImage(pkg.scripts.healthcheck!));
  for (const file of [entry[1]!, JSON.parse(hc[1]!)[1]]) assert.ok(existsSync(join(root, file)), `${file} exists`);
  const env = all('ENV').join(' ');
  assert.match(env, /EDGETUNE_WORK_DIR=\/var\/lib\/edgetune-runner/);
  assert.equal(one('VOLUME'), '/var/lib/edgetune-runner');
});

test('the entry point runs (--help) and the healthcheck tells a live runner from a stale one', () => {
  const help = spawnSync(process.execPath, [join(root, 'gpu-runner/bin/edgetune-runner.js'), '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /--server URL --token KEY/);
  const bad = spawnSync(process.execPath, [join(root, 'gpu-runner/bin/edgetune-runner.js'), '--device', 'tpu'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);

  const dir = mkdtempSync(join(tmpdir(), 'edgetune-health-'));
  try {
    const check = (state: object) => {
      writeFileSync(join(dir, 'health.json'), JSON.stringify({ runner_id: 'r', job: null, ...state }));
      return spawnSync(process.execPath, [join(root, 'gpu-runner/bin/healthcheck.js')], { env: { ...process.env, EDGETUNE_WORK_DIR: dir } }).status;
    };
    assert.equal(check({ state: 'idle', updated_at: Date.now() }), 0);
    assert.equal(check({ state: 'training', updated_at: Date.now() - 120_000 }), 1);
    assert.equal(check({ state: 'stopped', updated_at: Date.now() }), 1);
    rmSync(join(dir, 'health.json'));
    assert.equal(spawnSync(process.execPath, [join(root, 'gpu-runner/bin/healthcheck.js')], { env: { ...process.env, EDGETUNE_WORK_DIR: dir } }).status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the README documents every runner flag and its environment variable', () => {
  const readme = readFileSync(join(root, 'gpu-runner/README.md'), 'utf8');
  for (const f of Object.keys(OPTIONS)) assert.ok(readme.includes(`| \`--${f}`), `README's table has --${f}`);
  const vars = usage.match(/EDGETUNE_[A-Z_]+/g)!;
  assert.equal(vars.length, Object.keys(OPTIONS).length, 'one variable per flag in the usage');
  for (const e of vars) assert.ok(readme.includes(`\`${e}\``), `README mentions ${e}`);
});

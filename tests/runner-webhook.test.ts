// Webhook-triggered retraining end to end, against a real edge server and a runner process: a
// signed inbound webhook makes a job from the hook's recipe, the runner trains it, the adapter is
// published and the alias moves to it, fine_tuning.job.succeeded reaches a local receiver (signed),
// and the next chat completion through the alias is served by the new version.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { signedHeaders, verifySignature } from '../edge/src/services/webhooks/signature.ts';
import { jobBody, killAll, ROWS, startRunner, startServer, tinyModel, waitFor, type Server } from '../gpu-runner/src/test-support/e2e.ts';

const tmp = mkdtempSync(join(tmpdir(), 'edgetune-runner-webhook-'));
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.writeHead(204).end();
  });
});
let server: Server;

before(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  // the receiver listens on loopback, which outbound webhooks refuse unless allowed
  server = await startServer({ dataDir: join(tmp, 'data'), model: tinyModel(join(tmp, 'model')), env: { EDGETUNE_ALLOW_PRIVATE_WEBHOOKS: 'true' } });
});
after(() => {
  killAll();
  receiver.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('signed webhook → job from the recipe → runner trains → alias moves → job.succeeded delivered → chat served by the new version', async () => {
  const ds = await server.dataset(ROWS);
  const sub = await server.json('/v1/webhooks', { json: { url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`, events: ['fine_tuning.job.succeeded'] } });
  const hook = await server.json('/v1/hooks', { json: { name: 'retrain', recipe: jobBody(ds, 20, { suffix: 'shop' }) } });
  startRunner({ server, token: await server.runnerKey(), name: 'r1', workDir: join(tmp, 'r1'), args: ['--device', 'auto'] });

  const chat = () => server.req('/v1/chat/completions', { json: { model: 'shop@latest', messages: [{ role: 'user', content: 'the red cat' }], max_tokens: 3, temperature: 0 } });
  const succeededEvent = (jobId: string) => waitFor(`fine_tuning.job.succeeded for ${jobId}`, () => received.find((r) => {
    const e = JSON.parse(r.body) as { type: string; data: { id: string } };
    return e.type === 'fine_tuning.job.succeeded' && e.data.id === jobId;
  }), 30_000);

  for (const [i, seed] of [[1, 11], [2, 12]] as const) {
    const body = JSON.stringify({ source: 'crm', overrides: { seed } });
    const res = await server.req(`/v1/hooks/${hook.id}`, { body, key: null, headers: { 'content-type': 'application/json', ...signedHeaders(hook.secret, Math.floor(Date.now() / 1000), body, `delivery-${i}`) } });
    assert.equal(res.status, 202, await res.clone().text());
    const job = ((await res.json()) as { job: Record<string, any> }).job;
    assert.equal(job.seed, seed);

    const done = await server.finished(job.id);
    assert.equal(done.status, 'succeeded', JSON.stringify(done.error));
    assert.equal(done.fine_tuned_model, `shop@${i}`);
    // the runner reports the device it chose with the job
    assert.ok((await server.events(job.id)).some((e) => /^Runner r1 \(attempt 1\) trains on (cpu|webgpu|cuda) \(auto: .+\)$/.test(e.message)));
    const adapter = await server.json('/v1/adapters/shop');
    assert.deepEqual(adapter.aliases, { latest: i }, 'the alias moved to the new version');

    const delivery = await succeededEvent(job.id);
    const h = (n: string) => delivery.headers[n] as string;
    assert.doesNotThrow(() => verifySignature(sub.secret, { timestamp: h('edgetune-timestamp'), signature: h('edgetune-signature') }, delivery.body, Date.now(), 300_000));
    assert.equal(JSON.parse(delivery.body).data.fine_tuned_model, `shop@${i}`);

    const reply = await chat();
    assert.equal(reply.status, 200, await reply.clone().text());
    assert.equal(reply.headers.get('x-edgetune-adapter'), `shop@${i}`);
    assert.equal(((await reply.json()) as { model: string }).model, `shop@${i}`);
  }
});

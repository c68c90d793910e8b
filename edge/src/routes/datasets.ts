// /v1/datasets: streamed uploads (raw JSONL/CSV body, or multipart `file`), list, get, content, delete.
import { Hono, type Context } from 'hono';
import type { DataFormat } from '@edgetune/core/data/index.ts';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { readMultipart } from '../http/multipart.ts';
import { EdgetuneError, notFound, parseOr } from '../errors/index.ts';
import { readQuery } from '../http/json-body.ts';
import { bodyLimit } from '../middleware/body-limit.ts';
import { requireScope } from '../middleware/require-scope.ts';
import { ListQuery } from '../schemas/common.ts';
import { UploadOptions } from '../schemas/datasets.ts';
import { ingestDataset, type IngestInput } from '../services/datasets/ingest.ts';
import { presentDataset } from '../services/datasets/present.ts';

/** Multipart framing on top of the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;

function guessFormat(filename: string | undefined, contentType: string): DataFormat {
  if (filename?.toLowerCase().endsWith('.csv') || /^text\/csv\b/i.test(contentType)) return 'csv';
  return 'jsonl';
}

async function uploadInput(c: Context<AppEnv>): Promise<IngestInput> {
  const tenantId = c.var.auth.tenantId;
  const type = c.req.header('content-type') ?? '';
  if (/^multipart\/form-data\b/i.test(type)) {
    const form = await readMultipart(c);
    const file = form.get('file');
    if (!(file instanceof File)) throw new EdgetuneError('invalid_request', "multipart upload needs a 'file' part", { field: 'file' });
    const fields = Object.fromEntries([...form.entries()].filter(([k, v]) => k !== 'file' && typeof v === 'string'));
    const options = parseOr(UploadOptions, { ...c.req.query(), ...fields });
    const format = options.format ?? guessFormat(file.name, file.type);
    return { tenantId, source: file.stream() as unknown as AsyncIterable<Uint8Array>, format, options, filename: file.name };
  }
  if (type !== '' && !/^(application\/(jsonl|x-ndjson|json|octet-stream)|text\/(csv|plain))\b/i.test(type)) {
    throw new EdgetuneError('invalid_request', `unsupported Content-Type '${type}': send JSONL (application/jsonl), CSV (text/csv) or multipart/form-data`);
  }
  const options = parseOr(UploadOptions, c.req.query());
  const body = c.req.raw.body;
  if (!body) throw new EdgetuneError('invalid_request', 'request body is empty', { field: 'file' });
  return { tenantId, source: body as unknown as AsyncIterable<Uint8Array>, format: options.format ?? guessFormat(undefined, type), options };
}

export function datasetRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const get = async (c: Context<AppEnv>) => {
    const row = await deps.meta.datasets.get(c.var.auth.tenantId, c.req.param('id')!);
    if (!row) throw notFound('dataset', c.req.param('id')!);
    return row;
  };

  app.post('/', requireScope('train'), bodyLimit(deps.limits.maxDatasetBytes + MULTIPART_OVERHEAD, 'dataset'), async (c) => {
    const row = await ingestDataset(deps, await uploadInput(c));
    return c.json(presentDataset(row), 201);
  });

  app.get('/', requireScope('train'), async (c) => {
    const q = readQuery(c, ListQuery);
    const page = await deps.meta.datasets.list(c.var.auth.tenantId, q);
    return c.json({ object: 'list', data: page.data.map((r) => presentDataset(r, false)), has_more: page.has_more });
  });

  app.get('/:id', requireScope('train'), async (c) => c.json(presentDataset(await get(c))));

  app.get('/:id/content', requireScope('train'), async (c) => {
    const row = await get(c);
    const blob = await deps.blobs.get(row.blob_key);
    if (!blob) throw new EdgetuneError('internal', `dataset ${row.id} has no content`);
    return new Response(blob.stream(), { headers: { 'content-type': 'application/jsonl', 'content-length': String(blob.size) } });
  });

  app.delete('/:id', requireScope('train'), async (c) => {
    const row = await deps.meta.datasets.delete(c.var.auth.tenantId, c.req.param('id'));
    if (!row) throw notFound('dataset', c.req.param('id'));
    await deps.blobs.delete(row.blob_key);
    return c.json({ id: row.id, object: 'dataset', deleted: true });
  });
  return app;
}

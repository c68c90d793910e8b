// Base models of the Worker: ids (and rank limits) from the BASE_MODELS var, each model's Hugging
// Face config.json from R2 at `models/<id>/config.json`. A Worker has no local folders, and the
// config belongs next to the weights that runners and the inference node fetch from the same
// bucket, so R2 is its one home. The catalog port is synchronous, so the configs are read once per
// isolate, before the app is built.
import { parseModelConfig } from '@edgetune/core/weights/hf-config.ts';
import { z } from 'zod';
import { MANIFEST_FILE, MANIFEST_FORMAT } from '@edgetune/core/weights/model-manifest-format.ts';
import { EdgetuneError, notFound } from '../../errors/index.ts';
import { staticCatalog, type BaseModelInfo, type ModelCatalog, type ModelFileSource } from '../../ports/models.ts';
import type { R2BucketLike } from './bindings.ts';

export const DEFAULT_MAX_RANK = 64;

export const modelConfigKey = (id: string) => `models/${id}/config.json`;

const Manifest = z.object({ format: z.literal(MANIFEST_FORMAT), files: z.array(z.object({ name: z.string().regex(/^[^/]+$/), bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })) });

/**
 * The model's files for runners, listed by the `edgetune model-manifest` file uploaded with them
 * (a Worker cannot hash gigabytes per request); runners verify every download against it.
 */
export function r2ModelFiles(bucket: R2BucketLike, id: string): ModelFileSource {
  const list = async () => {
    const obj = await bucket.get(`models/${id}/${MANIFEST_FILE}`);
    if (!obj) throw notFound('model files', `${id} (upload models/${id}/${MANIFEST_FILE}, written by \`edgetune model-manifest DIR\`)`);
    const parsed = Manifest.safeParse(JSON.parse(await obj.text()));
    if (!parsed.success) throw new EdgetuneError('internal', `models/${id}/${MANIFEST_FILE} is not a model manifest`);
    return [...parsed.data.files].sort((a, b) => (a.name < b.name ? -1 : 1));
  };
  return { list, open: async (name) => (await bucket.get(`models/${id}/${name}`))?.body ?? null };
}

/** `tiny-gpt2, llama-3b:32` → [{id, maxRank}]. */
export function parseBaseModels(spec: string | undefined): { id: string; maxRank: number }[] {
  return (spec ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [id, rank] = s.split(':');
    const maxRank = rank === undefined ? DEFAULT_MAX_RANK : Number(rank);
    if (!/^[A-Za-z0-9._-]+$/.test(id!) || !Number.isInteger(maxRank) || maxRank < 1) throw new Error(`BASE_MODELS: bad entry '${s}' (want id or id:maxRank)`);
    return { id: id!, maxRank };
  });
}

/**
 * Loads every listed model's config. A missing or invalid config.json is reported through `log`
 * and leaves that model out (jobs naming it get 422) rather than taking the whole API down.
 */
export async function r2ModelCatalog(bucket: R2BucketLike, spec: string | undefined, log: (m: string) => void): Promise<ModelCatalog> {
  const models = await Promise.all(parseBaseModels(spec).map(async ({ id, maxRank }): Promise<BaseModelInfo | null> => {
    const key = modelConfigKey(id);
    try {
      const obj = await bucket.get(key);
      if (!obj) throw new Error('not found in R2');
      return { id, maxRank, config: parseModelConfig(JSON.parse(await obj.text()), key), files: r2ModelFiles(bucket, id) };
    } catch (e) {
      log(`base model '${id}' left out: ${key}: ${(e as Error).message}`);
      return null;
    }
  }));
  return staticCatalog(models.filter((m): m is BaseModelInfo => m !== null));
}

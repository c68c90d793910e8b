// `model` of a completion request → base model and adapter (through aliases and traffic splits):
// `base`, `adapter[@version|@alias]`, or `base:adapter[@…]`, which also checks the adapter's base.
import type { AppDeps } from '../../deps.ts';
import { EdgetuneError, invalidField, notFound } from '../../errors/index.ts';
import type { InferenceRequest } from '../../ports/inference.ts';
import { parseRef, resolveAdapter, type Resolved } from '../adapters/resolve.ts';

/** The adapter version that served, and the alias the request named (if any), for tracking. */
export interface Served {
  adapterId: string;
  version: number;
  alias: string | null;
}

export async function inferenceTarget(deps: AppDeps, tenantId: string, model: string, sticky?: string): Promise<{ base: string; adapter: InferenceRequest['adapter']; name: string; served: Served | null }> {
  if (deps.models.get(model)) return { base: model, adapter: null, name: model, served: null };
  const colon = model.indexOf(':');
  const base = colon > 0 ? model.slice(0, colon) : undefined;
  if (base !== undefined && !deps.models.get(base)) throw notFound('model', model, 'model');
  let r: Resolved;
  try {
    r = await resolveAdapter(deps.meta, tenantId, base === undefined ? model : model.slice(colon + 1), sticky);
  } catch (e) {
    if (e instanceof EdgetuneError && e.status === 404) throw notFound('model', model, 'model');
    throw e;
  }
  if (base !== undefined && r.adapter.base_model !== base) {
    throw invalidField('model', `adapter '${r.adapter.name}' is for base model '${r.adapter.base_model}', not '${base}'`);
  }
  const key = r.version.blob_key;
  const selector = parseRef(base === undefined ? model : model.slice(colon + 1)).selector;
  return {
    served: { adapterId: r.adapter.id, version: r.version.version, alias: selector !== undefined && !/^\d+$/.test(selector) ? selector : null },
    base: r.adapter.base_model,
    name: `${r.adapter.name}@${r.version.version}`,
    adapter: {
      sha256: r.version.sha256,
      load: async () => {
        const blob = await deps.blobs.get(key);
        if (!blob) throw new EdgetuneError('internal', `adapter blob ${key} is missing`);
        return blob.bytes();
      },
    },
  };
}

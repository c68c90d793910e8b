// The Node flavour's drivers, all under one data folder:
//   DATA/blobs/…          blob store (content under t/<tenant>/…)
//   DATA/edgetune.sqlite  metadata and job queue (SQLite, WAL; edge/migrations/*.sql, as on D1)
//   DATA/models/…         generated tiny base model (when none is configured)
//   DATA/admin-key        the bootstrap admin key (0600)
// plus the in-process inference engine (core/src/serve) over the same base models.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeTinyRandomModel } from '@edgetune/core/weights/tiny-random.ts';
import { parseModelSpec } from '@edgetune/core/cli/args.ts';
import { Limits } from '../../config.ts';
import type { AppDeps } from '../../deps.ts';
import { systemClock, type Clock } from '../../ports/clock.ts';
import { FolderBlobStore } from './blob-store.ts';
import { sqlJobQueue } from '../sql/job-queue.ts';
import { sqlMetadata } from '../sql/metadata.ts';
import { openMigratedSqlite } from './sqlite.ts';
import { LocalInference } from './inference.ts';
import { coreMethods } from './methods.ts';
import { DEFAULT_MAX_RANK, folderCatalog } from './models.ts';

export const TINY_MODEL_ID = 'tiny-gpt2';

/** EDGETUNE_LEASE_TTL_MS and friends: each Limits field as EDGETUNE_<SNAKE_CASE>. */
export function limitsFromEnv(env: NodeJS.ProcessEnv): Limits {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(Limits.shape)) {
    const v = env[`EDGETUNE_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`];
    if (v !== undefined) raw[key] = v;
  }
  return Limits.parse(raw);
}

/** `DIR` or `ID=DIR`, comma-separated. */
export function modelSpecs(spec: string, maxRank = DEFAULT_MAX_RANK): { dir: string; id?: string; maxRank: number }[] {
  return spec.split(',').map((s) => s.trim()).filter(Boolean).map((s) => ({ ...parseModelSpec(s), maxRank }));
}

/**
 * EDGETUNE_BASE_MODEL: comma-separated Hugging Face folders, each optionally `id=path`. Without
 * one, a tiny random GPT-2 is generated once (it only exists so the pipeline runs end to end).
 */
export function baseModels(dataDir: string, env: NodeJS.ProcessEnv): { models: { dir: string; id?: string; maxRank?: number }[]; generated: string | null } {
  const spec = env.EDGETUNE_BASE_MODEL?.trim();
  const maxRank = env.EDGETUNE_MAX_RANK ? Number(env.EDGETUNE_MAX_RANK) : DEFAULT_MAX_RANK;
  if (spec) return { models: modelSpecs(spec, maxRank), generated: null };
  const dir = join(dataDir, 'models', TINY_MODEL_ID);
  if (!existsSync(join(dir, 'config.json'))) {
    writeTinyRandomModel(dir, { arch: 'gpt2', vocabSize: 512, hidden: 256, layers: 2, heads: 4, maxPositions: 128, seed: 0 });
  }
  return { models: [{ id: TINY_MODEL_ID, dir, maxRank }], generated: dir };
}

export function nodeDeps(dataDir: string, env: NodeJS.ProcessEnv = process.env, clock: Clock = systemClock): { deps: AppDeps; generatedModel: string | null } {
  const { models, generated } = baseModels(dataDir, env);
  const catalog = folderCatalog(models);
  const { db } = openMigratedSqlite(join(dataDir, 'edgetune.sqlite'));
  const deps: AppDeps = {
    blobs: new FolderBlobStore(join(dataDir, 'blobs')),
    meta: sqlMetadata(db),
    queue: sqlJobQueue(db),
    clock,
    models: catalog,
    methods: coreMethods(),
    limits: limitsFromEnv(env),
    // base models load on their first completion request; EDGETUNE_INFERENCE=0 turns serving off
    ...(env.EDGETUNE_INFERENCE === '0' ? {} : { inference: new LocalInference(catalog) }),
  };
  return { deps, generatedModel: generated };
}

// ModelCatalog from Hugging Face folders on disk (config.json read and checked by core).
import { basename } from 'node:path';
import { readModelConfig } from '@edgetune/core/weights/hf-config.ts';
import { folderFiles } from './model-files.ts';
import { staticCatalog, type BaseModelInfo, type ModelCatalog } from '../../ports/models.ts';

export const DEFAULT_MAX_RANK = 64;

export function modelFromDir(dir: string, id = basename(dir), maxRank = DEFAULT_MAX_RANK): BaseModelInfo {
  return { id, dir, config: readModelConfig(dir), maxRank, files: folderFiles(dir) };
}

export function folderCatalog(models: readonly { dir: string; id?: string; maxRank?: number }[]): ModelCatalog {
  return staticCatalog(models.map((m) => modelFromDir(m.dir, m.id, m.maxRank)));
}

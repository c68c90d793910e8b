import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readSafetensors, writeSafetensors, writeTextAtomic } from '../weights/index.ts';
import type { AdapterFiles } from '../plugin/index.ts';

export const ADAPTER_CONFIG = 'adapter_config.json';
export const ADAPTER_WEIGHTS = 'adapter_model.safetensors';

export function readAdapterDir(dir: string): AdapterFiles {
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(readFileSync(join(dir, ADAPTER_CONFIG), 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${join(dir, ADAPTER_CONFIG)}: ${(err as Error).message}`);
  }
  return { config, tensors: readSafetensors(join(dir, ADAPTER_WEIGHTS)).tensors };
}

/** Writes both files into a staging folder, then swaps it in, so a reader never sees half an adapter. */
export function writeAdapterDir(dir: string, files: AdapterFiles): void {
  const staging = join(dirname(dir), `.${dir.split('/').pop()}.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeTextAtomic(join(staging, ADAPTER_CONFIG), `${JSON.stringify(sortKeys(files.config), null, 2)}\n`);
  writeSafetensors(join(staging, ADAPTER_WEIGHTS), files.tensors, { format: 'pt' }); // as PEFT writes it
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(staging, dir);
}

/** PEFT writes adapter_config.json with sorted keys. */
function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

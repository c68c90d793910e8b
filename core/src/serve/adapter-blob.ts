// No node:crypto or file I/O here: the edge app packs adapters with this on Workers too.
import type { AdapterFiles } from '../plugin/index.ts';
import { parseSafetensors } from '../weights/safetensors-parse.ts';
import { serializeSafetensors } from '../weights/safetensors-write.ts';
import { ServeError } from './errors.ts';

/**
 * Where adapters live, addressed by content hash (R2 on Workers, a local folder on Node). The edge app's
 * BlobStore port fits, wrapped to map a hash to its blob key.
 */
export interface BlobStore {
  get(key: string): Promise<Uint8Array | { bytes(): Promise<Uint8Array> } | null | undefined>;
}

const CONFIG_KEY = 'adapter_config';

/**
 * One blob per adapter: PEFT's adapter_model.safetensors with adapter_config.json in its metadata, so the
 * content hash covers both and one fetch brings everything.
 */
export function packAdapter(files: AdapterFiles): Uint8Array {
  return serializeSafetensors(files.tensors, { format: 'pt', [CONFIG_KEY]: JSON.stringify(files.config) });
}

export function unpackAdapter(bytes: Uint8Array, id = '<blob>'): AdapterFiles {
  try {
    const { tensors, metadata } = parseSafetensors(bytes, id);
    const text = metadata[CONFIG_KEY];
    if (text === undefined) throw new Error(`no '${CONFIG_KEY}' in the safetensors metadata`);
    return { config: JSON.parse(text) as Record<string, unknown>, tensors };
  } catch (err) {
    throw new ServeError('invalid_adapter', `adapter ${id} is not a packed adapter: ${(err as Error).message}`);
  }
}

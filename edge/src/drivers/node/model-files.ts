// A base model's files from its local folder, hashed by core (once per file size and mtime).
// `open` serves only names `list` returned (the route looks them up there first), so it checks
// the name's shape rather than hashing the folder a second time per download.
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { hashModelFolder, MANIFEST_FILE } from '@edgetune/core/weights/model-manifest.ts';
import type { ModelFileSource } from '../../ports/models.ts';

const servable = (name: string) => !/[/\\]/.test(name) && !name.startsWith('.') && name !== MANIFEST_FILE;

export function folderFiles(dir: string): ModelFileSource {
  return {
    list: () => hashModelFolder(dir),
    open: async (name) =>
      servable(name) && existsSync(join(dir, name)) ? (Readable.toWeb(createReadStream(join(dir, name))) as ReadableStream<Uint8Array>) : null,
  };
}

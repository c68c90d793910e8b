// A base model's files from its local folder, hashed by core (once per file size and mtime).
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { hashModelFolder } from '@edgetune/core/weights/model-manifest.ts';
import type { ModelFileSource } from '../../ports/models.ts';

export function folderFiles(dir: string): ModelFileSource {
  return {
    list: () => hashModelFolder(dir),
    open: async (name) => {
      const listed = (await hashModelFolder(dir)).some((f) => f.name === name);
      return listed && existsSync(join(dir, name)) ? (Readable.toWeb(createReadStream(join(dir, name))) as ReadableStream<Uint8Array>) : null;
    },
  };
}

// One cache key for a base model's files: the hash of its sorted (name, sha256) lines, so a runner
// caches the folder once per content, wherever the files come from (a local folder or R2).
import { createHash } from 'node:crypto';
import type { ModelFile } from '../../ports/models.ts';

export function manifestSha256(files: readonly ModelFile[]): string {
  return createHash('sha256').update(files.map((f) => `${f.name}\t${f.sha256}\n`).join('')).digest('hex');
}

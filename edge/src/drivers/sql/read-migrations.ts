// Node: edge/migrations/*.sql as the list migrate() takes, in file-name order (as wrangler orders
// them). A Worker bundles the same files as text instead; nothing here runs at import time, so
// importing index.ts in a Worker costs nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Migration } from './migrate.ts';

/** edge/migrations, next to this source tree. */
export function migrationsDir(): string {
  return fileURLToPath(new URL('../../../migrations/', import.meta.url));
}

export function readMigrations(dir: string = migrationsDir()): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => ({ id: f.slice(0, -'.sql'.length), sql: readFileSync(join(dir, f), 'utf8') }));
}

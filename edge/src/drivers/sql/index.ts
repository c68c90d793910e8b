// SQL drivers of the metadata and job-queue ports, for D1 (`env.DB`) and for better-sqlite3 on
// Node (drivers/node/sqlite.ts): the same statements over the same edge/migrations/*.sql. Node
// reads those files with readMigrations(); a Worker bundles them as text and calls migrate().
export type { SqlDatabase, SqlResult, SqlStatement } from './database.ts';
export { migrate, type Migration } from './migrate.ts';
export { readMigrations, migrationsDir } from './read-migrations.ts';
export { sqlMetadata } from './metadata.ts';
export { sqlJobQueue } from './job-queue.ts';
export { afterReady } from './after-ready.ts';
export { splitStatements } from './split-statements.ts';

// The job queue for tests: the SQL driver over a migrated in-memory SQLite database. A class so
// `new MemoryJobQueue()` keeps working; its methods are those of sqlJobQueue().
import type { JobQueue } from '../../ports/job-queue.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { sqlJobQueue } from '../sql/job-queue.ts';
import { memorySql } from './sqlite.ts';

// declaration merging: the instance type is JobQueue, its methods are assigned in the constructor
export interface MemoryJobQueue extends JobQueue {}

export class MemoryJobQueue {
  readonly db: SqlDatabase;

  constructor(db: SqlDatabase = memorySql()) {
    this.db = db;
    Object.assign(this, sqlJobQueue(db));
  }
}

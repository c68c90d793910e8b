// The JobQueue port over every SQL driver: better-sqlite3 (file and memory) and D1 in workerd.
import { SQL_DRIVERS } from './sql/conformance/drivers.ts';
import { describeJobQueue } from './sql/conformance/job-queue.ts';

for (const driver of SQL_DRIVERS) describeJobQueue(driver);

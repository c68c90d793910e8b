// The Metadata port over every SQL driver: better-sqlite3 (file and memory) and D1 in workerd.
import { SQL_DRIVERS } from './sql/conformance/drivers.ts';
import { describeMetadata } from './sql/conformance/metadata.ts';

for (const driver of SQL_DRIVERS) describeMetadata(driver);

// Experiment tracking: TensorBoard event files from a run folder, and a reader for them.
export { crc32c, maskedCrc32c } from './crc32c.ts';
export { frameRecord, readRecords, TfRecordError } from './tfrecord.ts';
export { decodeEvent, encodeEvent, FILE_VERSION, readEvents, type TbEvent, type TbValue } from './tb-event.ts';
export { exportTensorBoard, type ExportResult } from './export-tb.ts';
export * from './drift.ts';
export { driftReport, DEFAULT_DRIFT_THRESHOLDS, type DriftReport, type DriftSample, type DriftThresholds } from './drift-report.ts';

// Evaluation: a model with an adapter (and task head) on labelled records → metrics per task.
export { evaluate, type EvaluateOptions, type EvalResult } from './evaluate.ts';
export { TaskForward, padRows, type TaskForwardSpec, type ForwardBatch } from './forward.ts';
export { sequenceLogits, tokenPredictions, lmScores, forEachOutput, argmax, type BatchShape } from './predict.ts';
export { classificationMetrics, regressionMetrics, taggingMetrics, lmMetrics, type Metrics, type MetricValue } from './task-metrics.ts';
export { parseRecords, readJsonl, type RecordsOf } from './records.ts';
export { formatMetricsTable } from './table.ts';

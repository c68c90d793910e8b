// Which dataset kinds a job can train on: the runner's record conversion, shared so job creation
// refuses a file no runner could train.
export { isTrainableKind, TRAINABLE_KINDS } from '@edgetune/gpu-runner/records.ts';

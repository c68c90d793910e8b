// Task heads on decoder models: sequence classification, regression and token classification.
export { TaskSpec, CAUSAL_LM, labelsInput, headWidth, describeTask, type TaskType } from './task.ts';
export { headLayout, headMemoryName, headSavedName, headMemoryNameOf, headSavedNameOf, CLASSIFIER_MODULES, PEFT_TASK_TYPE, PEFT_PREFIX, type HeadLayout } from './names.ts';
export { lastTokenIndex, poolAt } from './pool.ts';
export { taskHead, type HeadInputs, type HeadOutput } from './build.ts';
export { saveTaskAdapter, loadTaskAdapter, taskOfFiles, type TaskAdapter } from './adapter-io.ts';

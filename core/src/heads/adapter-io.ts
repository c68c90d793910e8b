// Adapter files with a task head: the method's own files plus the head, the way PEFT saves a
// SEQ_CLS / TOKEN_CLS adapter (task_type, "classifier" and "score" in modules_to_save, head tensors
// under their module path). Method plugins never see the head: they know nothing of modules_to_save.
import type { HostTensor } from '../graph/index.ts';
import { methods as defaultRegistry, type AdapterFiles, type MethodPlugin, type MethodRegistry } from '../plugin/index.ts';
import { CLASSIFIER_MODULES, headMemoryNameOf, headSavedNameOf, PEFT_TASK_TYPE } from './names.ts';
import { CAUSAL_LM, type TaskSpec } from './task.ts';

export interface TaskAdapter {
  plugin: MethodPlugin;
  /** The method's validated config. */
  config: unknown;
  /** Every trainable tensor by in-memory (PEFT) name: the method's and the head's. */
  tensors: Map<string, HostTensor>;
  task: TaskSpec;
  /** Class (or tag) names by index, saved as `edgetune_labels` (PEFT ignores unknown keys). */
  labels?: string[];
}

export function saveTaskAdapter(a: TaskAdapter): AdapterFiles {
  const head: [string, HostTensor][] = [];
  const own = new Map<string, HostTensor>();
  for (const [k, v] of a.tensors) {
    const saved = headSavedNameOf(k);
    if (saved) head.push([saved, v]);
    else own.set(k, v);
  }
  const files = a.plugin.save({ method: a.plugin.name, config: a.config, tensors: own });
  if (a.task.type === 'causal-lm') return files;
  const kept = Array.isArray(files.config.modules_to_save) ? (files.config.modules_to_save as string[]) : [];
  const config: Record<string, unknown> = {
    ...files.config,
    task_type: PEFT_TASK_TYPE[a.task.type],
    modules_to_save: [...kept.filter((m) => !CLASSIFIER_MODULES.includes(m)), ...CLASSIFIER_MODULES],
  };
  if (a.labels) config.edgetune_labels = a.labels;
  return { config, tensors: new Map([...files.tensors, ...head]) };
}

/** The task the files were trained for: PEFT's task_type plus the head's shape ([N, C]; N = 1 is regression). */
export function taskOfFiles(taskType: unknown, head: ReadonlyMap<string, HostTensor>): TaskSpec {
  if (taskType !== 'SEQ_CLS' && taskType !== 'TOKEN_CLS') return CAUSAL_LM;
  const weight = [...head].find(([k]) => k.endsWith('.weight'))?.[1];
  if (!weight || weight.shape.length !== 2) throw new Error(`a ${taskType} adapter needs its head (base_model.model.score.weight or .classifier.weight)`);
  const n = weight.shape[0]!;
  if (taskType === 'TOKEN_CLS') return { type: 'token-classification', numLabels: n };
  return n === 1 ? { type: 'regression' } : { type: 'sequence-classification', numLabels: n };
}

export async function loadTaskAdapter(files: AdapterFiles, registry: MethodRegistry = defaultRegistry): Promise<TaskAdapter> {
  const head = new Map<string, HostTensor>();
  const rest = new Map<string, HostTensor>();
  for (const [k, v] of files.tensors) {
    const memory = headMemoryNameOf(k);
    if (memory) head.set(memory, v);
    else rest.set(k, v);
  }
  const { edgetune_labels: rawLabels, ...config } = files.config;
  if (Array.isArray(config.modules_to_save)) {
    const left = (config.modules_to_save as string[]).filter((m) => !CLASSIFIER_MODULES.includes(m));
    config.modules_to_save = left.length > 0 ? left : null;
  }
  const plugin = await registry.forAdapter(config);
  const state = plugin.load({ config, tensors: rest });
  if (!state) throw new Error(`method '${plugin.name}' cannot read these adapter files`);
  const labels = Array.isArray(rawLabels) && rawLabels.every((l) => typeof l === 'string') ? (rawLabels as string[]) : undefined;
  const task = taskOfFiles(files.config.task_type, head);
  return { plugin, config: state.config, tensors: new Map([...state.tensors, ...head]), task, labels };
}

// The distillation teacher inside the student's step graph (see objective.ts for why not a second session).
import { ops, type Graph, type Value } from '../graph/index.ts';
import { causalLM, FrozenWeights, lmHead, ModelHooks, type BuildContext } from '../models/index.ts';
import { loadBaseModel, type BaseModel } from '../engine/base-model.ts';
import { TrainError } from './errors.ts';

/**
 * Teacher logits [N = B*T, V] for the same input_ids (and attention_mask): the teacher's weights become
 * initializers of this graph (name clashes with the student's get a suffix), no hooks, no gradient.
 */
export function teacherLogits(g: Graph, teacher: BaseModel, inputIds: Value, attentionMask?: Value): Value {
  const [batch, seq] = inputIds.shape as [number, number];
  const ctx: BuildContext = { g, config: teacher.config, weights: new FrozenWeights(g, teacher.tensors), hooks: new ModelHooks() };
  return g.scope('teacher', () => {
    const logits = lmHead(ctx, causalLM(ctx, { inputIds, attentionMask }).hidden); // [B, T, V]
    return ops.stopGradient(ops.reshape(logits, [batch * seq, teacher.config.vocabSize]));
  });
}

/** Loads the teacher folder and checks it can score the student's rows: same vocabulary, enough positions. */
export function loadTeacher(dir: string, student: BaseModel, seq: number): BaseModel {
  const teacher = loadBaseModel(dir);
  const field = { field: 'distill.teacher' };
  if (teacher.config.vocabSize !== student.config.vocabSize) {
    throw new TrainError('invalid_config', `teacher ${dir} has vocabulary ${teacher.config.vocabSize}, the student ${student.config.vocabSize}`, field);
  }
  if (seq > teacher.config.maxPositions) throw new TrainError('invalid_config', `seq ${seq} exceeds the teacher's ${teacher.config.maxPositions} positions`, field);
  return teacher;
}

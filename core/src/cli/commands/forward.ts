import { hostTensor, type Device, type HostTensor } from '../../graph/index.ts';
import { loadBaseModel } from '../../engine/base-model.ts';
import { readAdapterDir } from '../../engine/adapter-dir.ts';
import { runForward } from '../../engine/forward.ts';
import { methods } from '../../plugin/index.ts';
import { readSafetensors, writeSafetensors } from '../../weights/index.ts';
import { parse, UsageError } from '../args.ts';

export const summary = 'run one forward (and backward) pass and write logits, loss and gradients';
export const usage = `edgetune forward --model DIR [--adapter DIR] --inputs FILE.safetensors [--grads] --out FILE.safetensors [--device cpu|webgpu|cuda]
       [--plugins ./path,pkg]

Reads input_ids [B, T] and optional attention_mask from --inputs. Writes logits [B, T, V], loss (labels =
input_ids, shifted as transformers does; masked positions ignored) and, with --grads, grad.<name> for every
trainable adapter tensor under PEFT's in-memory names.`;

function asInt64(t: HostTensor | undefined, name: string): HostTensor | undefined {
  if (!t) return undefined;
  if (t.dtype === 'int64') return t;
  if (t.dtype !== 'int32') throw new UsageError(`${name} must be int64 or int32, got ${t.dtype}`);
  return hostTensor('int64', t.shape, BigInt64Array.from(t.data as Int32Array, BigInt));
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    { model: { type: 'string' }, adapter: { type: 'string' }, inputs: { type: 'string' }, out: { type: 'string' }, grads: { type: 'boolean' }, device: { type: 'string' }, plugins: { type: 'string' } },
    ['model', 'inputs', 'out'],
  );
  for (const spec of values.plugins?.split(',').filter(Boolean) ?? []) await methods.load(spec);
  const inputs = readSafetensors(values.inputs!).tensors;
  const inputIds = asInt64(inputs.get('input_ids'), 'input_ids');
  if (!inputIds || inputIds.shape.length !== 2) throw new UsageError(`${values.inputs} needs input_ids of shape [B, T]`);
  const attentionMask = asInt64(inputs.get('attention_mask'), 'attention_mask');
  const model = loadBaseModel(values.model!);
  let adapter;
  if (values.adapter) {
    const files = readAdapterDir(values.adapter);
    const plugin = await methods.forAdapter(files.config);
    adapter = { plugin, state: plugin.load(files)! };
  }
  const out = await runForward({ model, adapter, inputIds, attentionMask, grads: values.grads, device: values.device as Device });
  writeSafetensors(values.out!, out);
  return 0;
}

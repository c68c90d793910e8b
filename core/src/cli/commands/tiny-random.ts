import { writeTinyRandomModel } from '../../weights/index.ts';
import { parse } from '../args.ts';

export const summary = 'write a random Hugging Face-format model folder of any size (tests, benchmarks, demos)';
export const usage = `edgetune tiny-random --out DIR [--arch gpt2|llama] [--vocab 512] [--hidden 64] [--layers 2] [--heads 4]
       [--kv-heads N] [--intermediate N] [--positions 256] [--seed 0] [--dtype float32|float16|bfloat16]`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    {
      out: { type: 'string' }, arch: { type: 'string', default: 'gpt2' }, vocab: { type: 'string', default: '512' },
      hidden: { type: 'string', default: '64' }, layers: { type: 'string', default: '2' }, heads: { type: 'string', default: '4' },
      'kv-heads': { type: 'string' }, intermediate: { type: 'string' }, positions: { type: 'string', default: '256' },
      seed: { type: 'string', default: '0' }, dtype: { type: 'string', default: 'float32' },
    },
    ['out'],
  );
  const result = writeTinyRandomModel(values.out!, {
    arch: values.arch as 'gpt2' | 'llama',
    vocabSize: values.vocab as unknown as number,
    hidden: values.hidden as unknown as number,
    layers: values.layers as unknown as number,
    heads: values.heads as unknown as number,
    kvHeads: values['kv-heads'] as unknown as number | undefined,
    intermediate: values.intermediate as unknown as number | undefined,
    maxPositions: values.positions as unknown as number,
    seed: values.seed as unknown as number,
    dtype: values.dtype as 'float32',
  });
  console.log(`wrote ${values.out} (${JSON.stringify(result).slice(0, 200)})`);
  return 0;
}

import { inits, type Init, type Value } from '@edgetune/core';
import { loadTokenizer } from '@edgetune/core/tokenizer/index.ts';
import type { PromptTuningConfig } from './config.ts';

/** The frozen [V, C] token-embedding table behind h = Gather(table, input_ids), read from the graph being built. */
export function tokenTable(h: Value): { data: Float32Array; vocab: number; dim: number } {
  const node = h.producer;
  const table = node?.op === 'Gather' ? node.inputs[0] : null;
  const init = table ? h.graph.initializers.get(table.id) : undefined;
  if (!table || !init || !(init.data instanceof Float32Array)) {
    throw new Error('prompt-tuning: TEXT and SAMPLE_VOCAB init need the frozen token-embedding table, which this graph does not expose');
  }
  const [vocab, dim] = table.shape as [number, number];
  return { data: init.data, vocab, dim };
}

/** PEFT's init ids: the tokenized text (special tokens included, as tokenizer(text) gives), cut or repeated to P. */
export function textInitIds(cfg: PromptTuningConfig, tokens: number): number[] {
  let ids = cfg.prompt_tuning_init_ids;
  if (!ids) {
    const dir = cfg.tokenizer_name_or_path!;
    let tok;
    try {
      tok = loadTokenizer(dir);
    } catch (err) {
      throw new Error(`prompt-tuning: cannot load tokenizer '${dir}' for TEXT init (give a local model folder, or prompt_tuning_init_ids): ${(err as Error).message}`);
    }
    ids = tok.encode(cfg.prompt_tuning_init_text!);
  }
  if (ids.length === 0) throw new Error('prompt-tuning: prompt_tuning_init_text gives no tokens');
  return Array.from({ length: tokens }, (_, i) => ids[i % ids.length]!);
}

/** The initializer of the [P, C] virtual-token table for the configured prompt_tuning_init. */
export function promptInit(cfg: PromptTuningConfig, h: Value): Init {
  if (cfg.prompt_tuning_init === 'RANDOM') return inits.normal(1); // nn.Embedding's N(0, 1)
  return ([tokens, dim], rand) => {
    const table = tokenTable(h);
    if (table.dim !== dim) throw new Error(`prompt-tuning: token_dim ${dim} differs from the embedding width ${table.dim}`);
    const ids = cfg.prompt_tuning_init === 'TEXT'
      ? textInitIds(cfg, tokens!)
      : Array.from({ length: tokens! }, () => Math.floor(rand() * table.vocab)); // torch.randint(0, V, (P,))
    const out = new Float32Array(tokens! * dim!);
    ids.forEach((id, p) => {
      if (id >= table.vocab) throw new Error(`prompt-tuning: init token id ${id} is outside the vocabulary (${table.vocab})`);
      out.set(table.data.subarray(id * dim!, (id + 1) * dim!), p * dim!);
    });
    return out;
  };
}

// Reads sacrebleu's BLEU signature ("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0",
// or just a tokenizer name such as "13a") back into options, so a stored result can be recomputed.
import type { BleuOptions, SmoothMethod } from './bleu.ts';
import type { SacreTokenizerName } from './sacrebleu-tokenizers.ts';

const TOKENIZERS: readonly SacreTokenizerName[] = ['13a', 'zh', 'char', 'none'];

function tokenizer(name: string): SacreTokenizerName {
  if (!(TOKENIZERS as readonly string[]).includes(name)) {
    throw new RangeError(`BLEU signature: tokenizer '${name}' is not supported (have ${TOKENIZERS.join(', ')})`);
  }
  return name as SacreTokenizerName;
}

function smoothing(spec: string): Pick<BleuOptions, 'smoothMethod' | 'smoothValue'> {
  const m = /^(none|exp|floor|add-k)(?:\[([0-9.]+)\])?$/.exec(spec);
  if (!m) throw new RangeError(`BLEU signature: unknown smoothing '${spec}'`);
  return { smoothMethod: m[1] as SmoothMethod, ...(m[2] !== undefined ? { smoothValue: Number(m[2]) } : {}) };
}

export function parseBleuSignature(signature: string): BleuOptions {
  if (!signature.includes(':')) return { tokenize: tokenizer(signature) };
  const options: BleuOptions = {};
  for (const field of signature.split('|')) {
    const [key, value = ''] = field.split(/:(.*)/s);
    if (key === 'tok') options.tokenize = tokenizer(value);
    else if (key === 'case') options.lowercase = value === 'lc';
    else if (key === 'eff') options.effectiveOrder = value === 'yes';
    else if (key === 'smooth') Object.assign(options, smoothing(value));
    else if (key !== 'nrefs' && key !== 'version') throw new RangeError(`BLEU signature: unknown field '${field}'`);
  }
  return options;
}

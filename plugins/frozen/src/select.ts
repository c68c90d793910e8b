import { blockIndex, isFinalNorm, isNormTensor, type ModelConfig } from '@edgetune/core';
import type { FrozenConfig } from './config.ts';

/** fnmatch-style glob to an anchored regex: * any run, ? one character, [..] a class ([!..] negated). */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[' && glob.indexOf(']', i + 2) > 0) {
      const end = glob.indexOf(']', i + 2);
      const body = glob.slice(i + 1, end);
      re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else re += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^(?:${re})$`);
}

/** The trainableBase predicate for a config: HF tensor name → trained? */
export function frozenSelector(cfg: FrozenConfig, model: ModelConfig): (name: string) => boolean {
  switch (cfg.mode) {
    case 'top_layers': {
      const first = Math.max(0, model.layers - cfg.layers);
      return (name) => {
        const layer = blockIndex(name);
        return layer === null ? cfg.final_norm && isFinalNorm(name) : layer >= first;
      };
    }
    case 'patterns': {
      const res = cfg.patterns.map((p) => (cfg.pattern_syntax === 'glob' ? globToRegExp(p) : new RegExp(`^(?:${p})$`)));
      return (name) => res.some((re) => re.test(name));
    }
    case 'bitfit':
      return (name) => name.endsWith('.bias');
    case 'layernorm':
      return isNormTensor;
  }
}

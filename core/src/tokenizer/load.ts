// Loads a tokenizer from a Hugging Face model folder. Nothing is downloaded.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer, type FallbackIds } from './tokenizer.ts';

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: cannot read JSON (${(e as Error).message})`);
  }
}

function readOptionalJson(path: string): unknown {
  return existsSync(path) ? readJson(path) : undefined;
}

/** bos/eos/pad ids from generation_config.json, then config.json, for folders without tokenizer_config. */
function fallbackIds(dir: string): FallbackIds {
  const pick = (o: unknown) => (o && typeof o === 'object' ? (o as Record<string, unknown>) : {});
  const gen = pick(readOptionalJson(join(dir, 'generation_config.json')));
  const cfg = pick(readOptionalJson(join(dir, 'config.json')));
  const id = (v: unknown) => (typeof v === 'number' ? v : null);
  const eos = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? (v as number[]) : id(v));
  return {
    bos: id(gen.bos_token_id) ?? id(cfg.bos_token_id),
    eos: eos(gen.eos_token_id) ?? eos(cfg.eos_token_id),
    pad: id(gen.pad_token_id) ?? id(cfg.pad_token_id),
  };
}

/** Reads tokenizer.json, plus tokenizer_config.json and chat_template.jinja when present. */
export function loadTokenizer(dir: string): Tokenizer {
  const tokenizerPath = join(dir, 'tokenizer.json');
  if (!existsSync(tokenizerPath)) throw new Error(`${dir}: no tokenizer.json (only the fast-tokenizer format is supported)`);
  const templatePath = join(dir, 'chat_template.jinja');
  try {
    return new Tokenizer({
      tokenizerJson: readJson(tokenizerPath),
      tokenizerConfig: readOptionalJson(join(dir, 'tokenizer_config.json')),
      chatTemplate: existsSync(templatePath) ? readFileSync(templatePath, 'utf8') : null,
      fallbackIds: fallbackIds(dir),
    });
  } catch (e) {
    throw new Error(`${dir}: cannot load tokenizer: ${(e as Error).message}`);
  }
}

// Dataset records (core/src/data kinds) → the trainer's records ({text} or {prompt, completion}).
// Causal-LM adapters learn to generate, so every supported kind becomes a completion.
import { renderChatMl } from '@edgetune/core/data/index.ts';
import type { TrainRecord } from '@edgetune/core/train/records.ts';

export const TRAINABLE_KINDS = ['completion', 'chat', 'qa', 'classification'] as const;

export function isTrainableKind(kind: string): boolean {
  return (TRAINABLE_KINDS as readonly string[]).includes(kind);
}

type Data = Record<string, unknown>;

/** One stored JSONL record of a dataset of `kind`; undefined when the record teaches nothing. */
export function toTrainRecord(kind: string, d: Data): TrainRecord | undefined {
  switch (kind) {
    case 'completion':
      return { kind: 'completion', prompt: String(d.prompt), completion: String(d.completion) };
    case 'qa': {
      const context = typeof d.context === 'string' ? `${d.context}\n` : '';
      return { kind: 'completion', prompt: `${context}Question: ${String(d.question)}\nAnswer:`, completion: ` ${String(d.answer)}` };
    }
    case 'classification':
      return { kind: 'completion', prompt: `${String(d.text)}\nLabel:`, completion: ` ${String(d.label)}` };
    case 'chat': {
      const messages = d.messages as { role: 'system' | 'user' | 'assistant' | 'tool'; content: string }[];
      const last = messages.length - 1;
      if (messages[last]?.role !== 'assistant') return { kind: 'text', text: renderChatMl(messages) };
      // loss on the final assistant turn; earlier turns are the prompt
      return { kind: 'completion', prompt: renderChatMl(messages.slice(0, last), true), completion: `${messages[last]!.content}<|im_end|>` };
    }
    default:
      return undefined;
  }
}

export function parseDatasetJsonl(kind: string, text: string): TrainRecord[] {
  const out: TrainRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const rec = toTrainRecord(kind, JSON.parse(line) as Data);
    if (rec) out.push(rec);
  }
  return out;
}

// Allocation-free validation of the common, well-formed record shapes. zod's safeParse copies
// every object (it strips unknown keys); a record that already has exactly the schema's keys
// with the right types passes here as-is. Anything else returns false and goes through zod,
// which also words the error, so results and messages are unchanged.
import type { RecordKind } from './schemas.ts';

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

/** True when zod would accept `v` as kind `k` and return an equal object (no keys to strip). */
export function isPlainValid(v: unknown, k: RecordKind): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  let keys = 0;
  for (const key in o) if (Object.hasOwn(o, key)) keys++;
  switch (k) {
    case 'completion':
      return keys === 2 && typeof o.prompt === 'string' && typeof o.completion === 'string';
    case 'classification':
      return keys === 2 && typeof o.text === 'string' && (typeof o.label === 'string' ? o.label.length > 0 : Number.isSafeInteger(o.label));
    case 'regression':
      return keys === 2 && typeof o.text === 'string' && typeof o.value === 'number' && Number.isFinite(o.value);
    case 'qa':
      return keys === (o.context === undefined ? 2 : 3) && (o.context === undefined || typeof o.context === 'string') && typeof o.question === 'string' && typeof o.answer === 'string';
    case 'chat': {
      const m = o.messages;
      if (keys !== 1 || !Array.isArray(m) || m.length === 0) return false;
      for (const x of m) {
        if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
        const msg = x as Record<string, unknown>;
        let n = 0;
        for (const key in msg) if (Object.hasOwn(msg, key)) n++;
        if (n !== 2 || typeof msg.content !== 'string' || typeof msg.role !== 'string' || !ROLES.has(msg.role)) return false;
      }
      return true;
    }
    case 'tagging':
      return false; // regex and length refinement: left to zod
  }
}

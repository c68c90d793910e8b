// Per-kind views of a record: map over its strings, measure its text, feed it to a hash.
import type { Hash64 } from './hash.ts';
import type { AnyRecord } from './schemas.ts';

/** Applies `f` to every string of the record (text, roles excluded, labels included). */
export function mapRecordStrings(rec: AnyRecord, f: (s: string) => string): AnyRecord {
  switch (rec.kind) {
    case 'completion':
      return { kind: rec.kind, data: { prompt: f(rec.data.prompt), completion: f(rec.data.completion) } };
    case 'chat':
      return { kind: rec.kind, data: { messages: rec.data.messages.map((m) => ({ role: m.role, content: f(m.content) })) } };
    case 'classification':
      return { kind: rec.kind, data: { text: f(rec.data.text), label: typeof rec.data.label === 'string' ? f(rec.data.label) : rec.data.label } };
    case 'regression':
      return { kind: rec.kind, data: { text: f(rec.data.text), value: rec.data.value } };
    case 'tagging':
      return { kind: rec.kind, data: { tokens: rec.data.tokens.map(f), tags: rec.data.tags } };
    case 'qa': {
      const data = { question: f(rec.data.question), answer: f(rec.data.answer) };
      return { kind: rec.kind, data: rec.data.context === undefined ? data : { context: f(rec.data.context), ...data } };
    }
  }
}

/** Like mapRecordStrings, but rewrites the record's own data (for records the caller owns). */
export function mapRecordStringsInPlace(rec: AnyRecord, f: (s: string) => string): AnyRecord {
  switch (rec.kind) {
    case 'completion':
      rec.data.prompt = f(rec.data.prompt);
      rec.data.completion = f(rec.data.completion);
      break;
    case 'chat':
      for (const m of rec.data.messages) m.content = f(m.content);
      break;
    case 'classification':
      rec.data.text = f(rec.data.text);
      if (typeof rec.data.label === 'string') rec.data.label = f(rec.data.label);
      break;
    case 'regression':
      rec.data.text = f(rec.data.text);
      break;
    case 'tagging':
      for (let i = 0; i < rec.data.tokens.length; i++) rec.data.tokens[i] = f(rec.data.tokens[i]!);
      break;
    case 'qa':
      if (rec.data.context !== undefined) rec.data.context = f(rec.data.context);
      rec.data.question = f(rec.data.question);
      rec.data.answer = f(rec.data.answer);
      break;
  }
  return rec;
}

/** The record's content strings, in a fixed order (what near-dedup and length limits look at). */
export function recordTexts(rec: AnyRecord): string[] {
  switch (rec.kind) {
    case 'completion':
      return [rec.data.prompt, rec.data.completion];
    case 'chat':
      return rec.data.messages.map((m) => m.content);
    case 'classification':
    case 'regression':
      return [rec.data.text];
    case 'tagging':
      return [rec.data.tokens.join(' ')];
    case 'qa':
      return rec.data.context === undefined ? [rec.data.question, rec.data.answer] : [rec.data.context, rec.data.question, rec.data.answer];
  }
}

const NON_BLANK = /\S/;
const blank = (s: string) => !NON_BLANK.test(s);

/** True when the record has nothing to learn from: its target text (or all text) is blank. */
export function isEmptyRecord(rec: AnyRecord): boolean {
  switch (rec.kind) {
    case 'completion':
      return blank(rec.data.completion);
    case 'chat':
      return rec.data.messages.every((m) => blank(m.content));
    case 'classification':
    case 'regression':
      return blank(rec.data.text);
    case 'tagging':
      return rec.data.tokens.length === 0 || rec.data.tokens.every(blank);
    case 'qa':
      return blank(rec.data.question) || blank(rec.data.answer);
  }
}

/**
 * The exact-dup key in two parts, for one pass over the text (RecordPreparer): `meta` holds what
 * is not content (kind, roles, labels, and the counts or markers that keep the split
 * unambiguous), `texts` the content strings, whose words are also the record's words for near
 * dedup (for tagging the tokens: their words are those of the joined text). The fields of meta
 * and then of texts identify a record: roles, labels, field boundaries and order all count.
 */
export function recordKey(rec: AnyRecord): { meta: (string | number)[]; texts: string[] } {
  switch (rec.kind) {
    case 'chat':
      return { meta: [rec.kind, ...rec.data.messages.map((m) => m.role)], texts: rec.data.messages.map((m) => m.content) };
    case 'classification':
      return { meta: [rec.kind, typeof rec.data.label === 'number' ? rec.data.label : `s:${rec.data.label}`], texts: [rec.data.text] };
    case 'regression':
      return { meta: [rec.kind, rec.data.value], texts: [rec.data.text] };
    case 'tagging':
      return { meta: [rec.kind, rec.data.tokens.length, ...rec.data.tags], texts: rec.data.tokens };
    case 'qa':
      return rec.data.context === undefined
        ? { meta: [rec.kind, 0], texts: [rec.data.question, rec.data.answer] }
        : { meta: [rec.kind, 1], texts: [rec.data.context, rec.data.question, rec.data.answer] };
    case 'completion':
      return { meta: [rec.kind], texts: [rec.data.prompt, rec.data.completion] };
  }
}

/** Feeds the record's key to h: meta's fields, then texts'. */
export function hashRecordKey(h: Hash64, rec: AnyRecord): Hash64 {
  const { meta, texts } = recordKey(rec);
  for (const p of meta) h.field(p);
  for (const t of texts) h.field(t);
  return h;
}

/** Short one-line preview for reports; reads only the first `max` characters of the record. */
export function previewRecord(rec: AnyRecord, max = 80): string {
  let s = '';
  for (const t of recordTexts(rec)) {
    s += (s === '' ? '' : ' | ') + (t.length > max ? t.slice(0, max) : t);
    if (s.length >= max) break;
  }
  if (/[\s]{2}|[\n\r\t]/.test(s)) s = s.replace(/\s+/g, ' ');
  s = s.trim();
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

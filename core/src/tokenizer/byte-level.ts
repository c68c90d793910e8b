// GPT-2 byte-level alphabet: every byte maps to one printable character, so BPE works on text
// without unknown tokens and any byte string round-trips.

let table: string[] | null = null;

/** byte -> symbol, exactly GPT-2's bytes_to_unicode (space is 'Ġ', newline 'Ċ'). */
export function bytesToUnicode(): readonly string[] {
  if (table) return table;
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const out = new Array<string>(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) out[b] = String.fromCodePoint(printable(b) ? b : 256 + extra++);
  table = out;
  return out;
}

/** The 256 byte symbols sorted by code point: the base vocabulary order HF's trainer uses. */
export function byteAlphabet(): string[] {
  return [...bytesToUnicode()].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

/** GPT-2's pre-tokenizer split (the ByteLevel pre-tokenizer with use_regex). */
export const GPT2_SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** Text -> pre-tokenized words, each spelled in byte symbols. */
export function byteLevelWords(text: string): string[] {
  const map = bytesToUnicode();
  const enc = new TextEncoder();
  return (text.match(GPT2_SPLIT) ?? []).map((w) => Array.from(enc.encode(w), (b) => map[b]!).join(''));
}

// The word rule of word shingles, and one pass over a text that feeds both dedup hashes: the
// exact-dup Hash64 (as field() would) and the FNV-1a hashes of the text's words. Reading each
// char once for both took bench:data's two scans from ~340 to ~240 ms (90 M chars).
import { FNV32_BASIS, FNV32_PRIME, stepA, stepB, type Hash64 } from './hash.ts';

// Every UTF-16 unit mapped to its word-hash input: ASCII letters and digits lower-cased, other
// ASCII and Unicode spaces 0 (a separator), any other non-ASCII unit itself. 128 KiB, built once.
const WORD_UNIT = new Uint16Array(65536);
for (let c = 48; c <= 57; c++) WORD_UNIT[c] = c;
for (let c = 97; c <= 122; c++) WORD_UNIT[c] = WORD_UNIT[c - 32] = c;
for (let c = 128; c < 65536; c++) WORD_UNIT[c] = isSpace(c) ? 0 : c;

// Module-local copies: a loop that used the imported bindings (the basis, above 2^31, a heap
// number) loaded them on every char, and the word scan took 400 instead of 225 ms.
const BASIS = FNV32_BASIS | 0;
const PRIME = FNV32_PRIME;

/**
 * hash.field(s), and in the same pass the hashes of s's words written to units from index n (units
 * needs room for n + s.length + 1); returns the new word count. Words are runs of ASCII
 * letters/digits or any non-space non-ASCII char, ASCII lower-cased, FNV-1a 32 hashed.
 *
 * The word scan is branch-free: word ends come every ~5 chars, too often to predict, so every
 * char stores the running hash at units[n] and only a word's end moves n on (1.6× faster).
 * mask is -1 inside a word and 0 on a separator. The exact hash takes four chars a step, as
 * Hash64.update does.
 */
export function hashAndScanWords(hash: Hash64, s: string, units: Uint32Array, n: number): number {
  // locals, not the imported bindings, in the loop: calling stepA/stepB through their imports
  // made this 3.7× slower (970 against 260 ms over bench:data's texts)
  const unitOf = WORD_UNIT;
  const A = stepA;
  const B = stepB;
  const len = s.length;
  let { a, b, c, d } = hash;
  let h = BASIS;
  let inWord = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    const c2 = s.charCodeAt(i + 2);
    const c3 = s.charCodeAt(i + 3);
    a = A(a, c0 | (c1 << 16));
    b = B(b, c0 | (c1 << 16));
    c = A(c, c2 | (c3 << 16));
    d = B(d, c2 | (c3 << 16));
    let w = unitOf[c0]!;
    let mask = -w >> 31;
    units[n] = h;
    n -= inWord & ~mask; // a word just ended: keep its hash
    h = (Math.imul(h ^ w, PRIME) & mask) | (BASIS & ~mask);
    inWord = mask;
    w = unitOf[c1]!;
    mask = -w >> 31;
    units[n] = h;
    n -= inWord & ~mask;
    h = (Math.imul(h ^ w, PRIME) & mask) | (BASIS & ~mask);
    inWord = mask;
    w = unitOf[c2]!;
    mask = -w >> 31;
    units[n] = h;
    n -= inWord & ~mask;
    h = (Math.imul(h ^ w, PRIME) & mask) | (BASIS & ~mask);
    inWord = mask;
    w = unitOf[c3]!;
    mask = -w >> 31;
    units[n] = h;
    n -= inWord & ~mask;
    h = (Math.imul(h ^ w, PRIME) & mask) | (BASIS & ~mask);
    inWord = mask;
  }
  for (let j = i; j < len; j++) {
    const w = unitOf[s.charCodeAt(j)]!;
    const mask = -w >> 31;
    units[n] = h;
    n -= inWord & ~mask;
    h = (Math.imul(h ^ w, PRIME) & mask) | (BASIS & ~mask);
    inWord = mask;
  }
  units[n] = h;
  n -= inWord;
  hash.finishUpdate(s, i, a, b, c, d).endField(len);
  return n;
}

/** Unicode spaces outside ASCII (JS \\s without the ASCII ones). */
export function isSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

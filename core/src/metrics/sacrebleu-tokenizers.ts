// sacrebleu 2.6 tokenizers: '13a' (mteval-v13a, the default), 'zh', 'char' and 'none'.
import { pySplit, pyStrip } from './text.ts';

export type SacreTokenizerName = '13a' | 'zh' | 'char' | 'none';

// sacrebleu's TokenizerRegexp, rule for rule.
const RULES: [RegExp, string][] = [
  // Punctuation and symbols of ASCII: { | } ~ [ \ ] ^ _ ` space ! " # $ % & ( ) * + : ; < = > ? @ /
  [/([\x7b-\x7e\x5b-\x60\x20-\x26\x28-\x2b\x3a-\x40\x2f])/gu, ' $1 '],
  // Period and comma unless preceded by a digit
  [/([^0-9])([.,])/gu, '$1 $2 '],
  // Period and comma unless followed by a digit
  [/([.,])([^0-9])/gu, ' $1 $2'],
  // Dash when preceded by a digit
  [/([0-9])(-)/gu, '$1 $2 '],
];

export function tokenizeRegexp(line: string): string {
  for (const [re, repl] of RULES) line = line.replace(re, repl);
  return pySplit(line).join(' ');
}

export function tokenize13a(line: string): string {
  line = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (line.includes('&')) {
    line = line.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  }
  return tokenizeRegexp(` ${line} `);
}

// sacrebleu's _UCODE_RANGES as Python actually evaluates them: '\u20000' is '\u2000' + '0', so the
// "Extension B" entry compares strings and covers U+2001..U+2A6D (general punctuation such as curly
// quotes, arrows, math symbols); likewise '\u2f800'..'\u2fa1d' covers U+2F81..U+2FA1. Astral code
// points never match. We keep the quirk because it decides the scores sacrebleu reports.
const ZH_RANGES: [number, number][] = [
  [0x3400, 0x4db5], [0x4e00, 0x9fa5], [0x9fa6, 0x9fbb], [0xf900, 0xfa2d], [0xfa30, 0xfa6a], [0xfa70, 0xfad9],
  [0x2001, 0x2a6d], [0x2f81, 0x2fa1], [0xff00, 0xffef], [0x2e80, 0x2eff], [0x3000, 0x303f], [0x31c0, 0x31ef],
  [0x2f00, 0x2fdf], [0x2ff0, 0x2fff], [0x3100, 0x312f], [0x31a0, 0x31bf], [0xfe10, 0xfe1f], [0xfe30, 0xfe4f],
  [0x2600, 0x26ff], [0x2700, 0x27bf], [0x3200, 0x32ff], [0x3300, 0x33ff],
];

export function isSacreChineseChar(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return ZH_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

/** Chinese characters become single tokens; the rest goes through the 13a regexes (not its &quot; step). */
export function tokenizeZh(line: string): string {
  let out = '';
  for (const ch of pyStrip(line)) out += isSacreChineseChar(ch) ? ` ${ch} ` : ch;
  return tokenizeRegexp(out);
}

export function tokenizeChar(line: string): string {
  return Array.from(line).join(' ');
}

export function sacreTokenizer(name: SacreTokenizerName): (line: string) => string {
  switch (name) {
    case '13a': return tokenize13a;
    case 'zh': return tokenizeZh;
    case 'char': return tokenizeChar;
    case 'none': return (line) => line;
    default: throw new RangeError(`unknown sacrebleu tokenizer '${String(name)}' (have '13a', 'zh', 'char', 'none')`);
  }
}

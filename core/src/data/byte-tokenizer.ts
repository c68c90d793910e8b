// A byte-level tokenizer implementing TokenizerLike: one id per UTF-8 byte (0–255), plus
// named special tokens matched literally (e.g. ChatML's <|im_start|>). For tests and benches.
import type { TokenizerLike } from './types.ts';

export class ByteTokenizer implements TokenizerLike {
  readonly bosTokenId: number | undefined;
  readonly eosTokenId: number;
  readonly padTokenId: number;
  private readonly specials: [string, number][];
  private readonly firstChars: string[];
  private readonly encoder = new TextEncoder();
  private buf = new Uint8Array(1 << 16);

  constructor(opts: { specialTokens?: readonly string[]; bos?: boolean } = {}) {
    this.eosTokenId = 256;
    this.padTokenId = 257;
    this.bosTokenId = opts.bos ? 258 : undefined;
    this.specials = (opts.specialTokens ?? ['<|im_start|>', '<|im_end|>']).map((s, i) => [s, 259 + i]);
    this.firstChars = [...new Set(this.specials.map(([s]) => s[0]!))];
  }

  encode(text: string, opts: { addSpecialTokens?: boolean } = {}): number[] {
    const out: number[] = [];
    if (opts.addSpecialTokens && this.bosTokenId !== undefined) out.push(this.bosTokenId);
    let pos = 0;
    while (pos < text.length) {
      // next special token, if any
      let at = text.length;
      let hit: [string, number] | undefined;
      if (this.firstChars.some((c) => text.indexOf(c, pos) >= 0)) {
        for (const sp of this.specials) {
          const i = text.indexOf(sp[0], pos);
          if (i >= 0 && i < at) {
            at = i;
            hit = sp;
          }
        }
      }
      this.bytes(text.slice(pos, at), out);
      if (!hit) break;
      out.push(hit[1]);
      pos = at + hit[0].length;
    }
    return out;
  }

  private bytes(s: string, out: number[]): void {
    if (s.length * 3 > this.buf.length) this.buf = new Uint8Array(s.length * 3);
    const { written } = this.encoder.encodeInto(s, this.buf);
    for (let i = 0; i < written; i++) out.push(this.buf[i]!);
  }
}

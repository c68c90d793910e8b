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
  private bytes = new Uint8Array(1 << 16);

  constructor(opts: { specialTokens?: readonly string[]; bos?: boolean } = {}) {
    this.eosTokenId = 256;
    this.padTokenId = 257;
    this.bosTokenId = opts.bos ? 258 : undefined;
    this.specials = (opts.specialTokens ?? ['<|im_start|>', '<|im_end|>']).map((s, i) => [s, 259 + i]);
    this.firstChars = [...new Set(this.specials.map(([s]) => s[0]!))];
  }

  encode(text: string, opts: { addSpecialTokens?: boolean } = {}): number[] {
    if (this.bytes.length < text.length * 3) this.bytes = new Uint8Array(text.length * 3);
    const bos = opts.addSpecialTokens && this.bosTokenId !== undefined ? 1 : 0;
    if (!this.firstChars.some((c) => text.includes(c))) {
      // no special token: one pass into a pre-sized array (the fastest way to build number[])
      const { written } = this.encoder.encodeInto(text, this.bytes);
      const out = new Array<number>(written + bos);
      if (bos) out[0] = this.bosTokenId!;
      for (let i = 0; i < written; i++) out[i + bos] = this.bytes[i]!;
      return out;
    }
    // bytes of the text pieces go to one buffer; special ids are noted with their position
    const marks: number[] = []; // [position in output, id] pairs
    let n = 0;
    let pos = 0;
    while (pos < text.length) {
      let at = text.length;
      let hit: [string, number] | undefined;
      for (const sp of this.specials) {
        const i = text.indexOf(sp[0], pos);
        if (i >= 0 && i < at) {
          at = i;
          hit = sp;
        }
      }
      if (at > pos) n += this.encoder.encodeInto(text.slice(pos, at), this.bytes.subarray(n)).written;
      if (!hit) break;
      marks.push(n + marks.length / 2, hit[1]);
      pos = at + hit[0].length;
    }
    const total = n + marks.length / 2;
    const out = new Array<number>(total + bos);
    if (bos) out[0] = this.bosTokenId!;
    let b = 0;
    let m = 0;
    for (let o = 0; o < total; o++) out[o + bos] = m < marks.length && marks[m] === o ? (m += 2, marks[m - 1]!) : this.bytes[b++]!;
    return out;
  }
}

/** Factory for pipeline workers: `workerTokenizer: { module: BYTE_TOKENIZER_MODULE, options }`. */
export function createTokenizer(opts?: ConstructorParameters<typeof ByteTokenizer>[0]): ByteTokenizer {
  return new ByteTokenizer(opts);
}

export const BYTE_TOKENIZER_MODULE: string = import.meta.url;

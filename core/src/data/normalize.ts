// Text normalization: Unicode NFC and removal of C0/C1 control characters except \t and \n.
// Both have fast paths, since almost all text is already clean.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// Every code point below U+0300 is NFC-stable and none of them combines with a neighbour,
// so a string without any char >= U+0300 is already in NFC.
const MAYBE_NOT_NFC = /[^\u0000-\u02FF]/;
// One scan that rules out both steps for the common, already clean string.
// eslint-disable-next-line no-control-regex
const MAYBE_DIRTY = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u0300-\uFFFF]/;

export interface NormalizeOptions {
  nfc?: boolean;
  stripControl?: boolean;
}

export function normalizeText(s: string, opts: NormalizeOptions = {}): string {
  if (!MAYBE_DIRTY.test(s)) return s;
  if (opts.stripControl !== false && HAS_CONTROL.test(s)) s = s.replace(CONTROL, '');
  if (opts.nfc !== false && MAYBE_NOT_NFC.test(s)) s = s.normalize('NFC');
  return s;
}

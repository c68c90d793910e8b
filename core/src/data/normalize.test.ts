import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeText } from './normalize.ts';

test('NFC composes decomposed characters', () => {
  const nfd = 'Cafe\u0301 \u1100\u1161'; // e + combining acute, Hangul jamo
  const out = normalizeText(nfd);
  assert.equal(out, 'Café 가');
  assert.equal(out, nfd.normalize('NFC'));
  assert.notEqual(out.length, nfd.length);
});

test('control characters are stripped except newline and tab', () => {
  assert.equal(normalizeText('a\u0000b\u0007c\r\nd\te\u007f\u0085f\u001b[0m'), 'abc\nd\tef[0m');
});

test('clean ASCII passes through unchanged; options turn steps off', () => {
  const s = 'plain text\nwith\ttabs';
  assert.equal(normalizeText(s), s);
  assert.equal(normalizeText('e\u0301', { nfc: false }), 'e\u0301');
  assert.equal(normalizeText('a\u0000', { stripControl: false }), 'a\u0000');
});

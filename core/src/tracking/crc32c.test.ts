import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32c, maskedCrc32c } from './crc32c.ts';

test('CRC-32C matches the RFC 3720 (iSCSI) B.4 test vectors and the standard check value', () => {
  const bytes = (f: (i: number) => number) => Uint8Array.from({ length: 32 }, (_, i) => f(i));
  assert.equal(crc32c(bytes(() => 0)), 0x8a9136aa);
  assert.equal(crc32c(bytes(() => 0xff)), 0x62a8ab43);
  assert.equal(crc32c(bytes((i) => i)), 0x46dd794e);
  assert.equal(crc32c(bytes((i) => 31 - i)), 0x113fdb5c);
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(0)), 0);
});

test('the masked CRC is rotate-right-15 plus 0xa282ead8, and unmasks back', () => {
  const data = new TextEncoder().encode('123456789');
  const masked = maskedCrc32c(data);
  const rot = (masked - 0xa282ead8) >>> 0;
  assert.equal(((rot >>> 17) | (rot << 15)) >>> 0, 0xe3069283);
  assert.notEqual(masked, crc32c(data));
});

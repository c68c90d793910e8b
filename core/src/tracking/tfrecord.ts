// TFRecord framing, which TensorBoard event files use. Each record is
//   uint64 length | uint32 masked_crc32c(length bytes) | data[length] | uint32 masked_crc32c(data)
// all little-endian. The reader checks both CRCs and says which record is damaged.
import { maskedCrc32c } from './crc32c.ts';

export function frameRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

export class TfRecordError extends Error {
  override name = 'TfRecordError';
}

export function readRecords(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: Uint8Array[] = [];
  let off = 0;
  while (off < bytes.length) {
    const where = `record ${records.length} at byte ${off}`;
    if (off + 12 > bytes.length) throw new TfRecordError(`${where}: truncated header`);
    const length = Number(view.getBigUint64(off, true));
    if (view.getUint32(off + 8, true) !== maskedCrc32c(bytes.subarray(off, off + 8))) throw new TfRecordError(`${where}: length CRC mismatch`);
    const start = off + 12;
    if (start + length + 4 > bytes.length) throw new TfRecordError(`${where}: truncated data (${length} bytes declared)`);
    const data = bytes.subarray(start, start + length);
    if (view.getUint32(start + length, true) !== maskedCrc32c(data)) throw new TfRecordError(`${where}: data CRC mismatch`);
    records.push(data);
    off = start + length + 4;
  }
  return records;
}

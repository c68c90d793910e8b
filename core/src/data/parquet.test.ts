import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataError } from './errors.ts';
import { formatOfPath, readRecords, type LineRecord } from './read.ts';

// hyparquet only reads, so the fixture is written here: PLAIN pages, one row group, Thrift compact footer.
const enc = new TextEncoder();
const varint = (n: bigint): number[] => {
  const out: number[] = [];
  for (;;) {
    if (n < 0x80n) return [...out, Number(n)];
    out.push(Number(n & 0x7fn) | 0x80);
    n >>= 7n;
  }
};
const zigzag = (n: number | bigint) => { const b = BigInt(n); return varint(b >= 0n ? b << 1n : (-b << 1n) - 1n); };
type F = [id: number, type: number, bytes: number[]];
/** A compact-protocol struct: fields in ascending id order, short-form headers, then STOP. */
const struct = (fields: F[]): number[] => {
  let last = 0;
  const out: number[] = [];
  for (const [id, type, bytes] of fields) {
    out.push(((id - last) << 4) | type, ...bytes);
    last = id;
  }
  return [...out, 0];
};
const I32 = 5, I64 = 6, BIN = 8, LIST = 9, STRUCT = 12;
const i32 = (id: number, v: number): F => [id, I32, zigzag(v)];
const i64 = (id: number, v: number): F => [id, I64, zigzag(v)];
const str = (id: number, s: string): F => { const b = [...enc.encode(s)]; return [id, BIN, [...varint(BigInt(b.length)), ...b]]; };
const list = (id: number, type: number, items: number[][]): F => [id, LIST, [(items.length << 4) | type, ...items.flat()]];
const le = (n: number | bigint, bytes: number) => Array.from({ length: bytes }, (_, i) => Number((BigInt(n) >> BigInt(8 * i)) & 0xffn));

/** Required columns `text` (UTF8 BYTE_ARRAY) and `label` (INT64). */
function parquetFile(rows: { text: string; label: number | bigint }[]): Uint8Array {
  const out: number[] = [...enc.encode('PAR1')];
  const chunk = (name: string, physical: number, data: number[]) => {
    const offset = out.length;
    const header = struct([i32(1, 0), i32(2, data.length), i32(3, data.length), [5, STRUCT, struct([i32(1, rows.length), i32(2, 0), i32(3, 3), i32(4, 3)]).slice(0)]]);
    out.push(...header, ...data);
    const size = header.length + data.length;
    return struct([i64(2, offset), [3, STRUCT, struct([
      i32(1, physical), list(2, I32, [zigzag(0)]), list(3, BIN, [[...varint(BigInt(name.length)), ...enc.encode(name)]]), i32(4, 0),
      i64(5, rows.length), i64(6, size), i64(7, size), i64(9, offset),
    ])]]);
  };
  const text = chunk('text', 6, rows.flatMap((r) => { const b = [...enc.encode(r.text)]; return [...le(b.length, 4), ...b]; }));
  const label = chunk('label', 2, rows.flatMap((r) => le(BigInt.asUintN(64, BigInt(r.label)), 8)));
  const meta = struct([
    i32(1, 1),
    list(2, STRUCT, [
      struct([str(4, 'schema'), i32(5, 2)]),
      struct([i32(1, 6), i32(3, 0), str(4, 'text'), i32(6, 0)]),
      struct([i32(1, 2), i32(3, 0), str(4, 'label')]),
    ]),
    i64(3, rows.length),
    list(4, STRUCT, [struct([list(1, STRUCT, [text, label]), i64(2, out.length), i64(3, rows.length)])]),
  ]);
  return Uint8Array.from([...out, ...meta, ...le(meta.length, 4), ...enc.encode('PAR1')]);
}

async function read(bytes: Uint8Array, kind?: 'classification') {
  const records: LineRecord[] = [];
  const errors: DataError[] = [];
  for await (const r of readRecords([bytes.subarray(0, 10), bytes.subarray(10)], { format: 'parquet', kind, onError: (e) => errors.push(e) })) records.push(r);
  return { records, errors };
}

test('Parquet rows are validated like JSONL lines: INT64 labels become numbers, kind is detected', async () => {
  const { records, errors } = await read(parquetFile([{ text: 'the movie was good', label: 1 }, { text: 'the food was bland', label: 0 }]));
  assert.deepEqual(errors, []);
  assert.deepEqual(records.map((r) => ({ ...r })), [
    { kind: 'classification', data: { text: 'the movie was good', label: 1 }, line: 1, bytes: 39 },
    { kind: 'classification', data: { text: 'the food was bland', label: 0 }, line: 2, bytes: 39 },
  ]);
});

test('a bad row is reported with its row number; a non-Parquet file is a parse error', async () => {
  const { records, errors } = await read(parquetFile([{ text: 'ok', label: 1 }, { text: 'big', label: 2n ** 60n }, { text: 'fine', label: 0 }]), 'classification');
  assert.deepEqual(records.map((r) => r.line), [1, 3]);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.line, 2);
  assert.equal(errors[0]!.field, 'label');
  await assert.rejects(read(enc.encode('{"text": "jsonl, not parquet", "label": 1}\n')), (e: DataError) => e.code === 'parse_error');
  assert.equal(formatOfPath('data/Train.PARQUET'), 'parquet');
  assert.equal(formatOfPath('x.csv'), 'csv');
  assert.equal(formatOfPath('x.jsonl'), 'jsonl');
});

// A minimal protobuf reader, written from the wire format: each field is a varint key
// (field << 3 | wire type) then a varint (0), 8 bytes (1), a length-prefixed run (2) or 4 bytes (5).
export type ProtoField =
  | { field: number; wire: 0; value: bigint }
  | { field: number; wire: 1; value: DataView }
  | { field: number; wire: 2; value: Uint8Array }
  | { field: number; wire: 5; value: DataView };

function varint(bytes: Uint8Array, at: { off: number }): bigint {
  let v = 0n;
  for (let shift = 0n; ; shift += 7n) {
    if (at.off >= bytes.length) throw new Error('protobuf: truncated varint');
    const b = bytes[at.off++]!;
    v |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return v;
    if (shift > 63n) throw new Error('protobuf: varint longer than 10 bytes');
  }
}

export function* protoFields(bytes: Uint8Array): Generator<ProtoField> {
  const at = { off: 0 };
  const take = (n: number) => {
    if (at.off + n > bytes.length) throw new Error('protobuf: truncated field');
    const s = bytes.subarray(at.off, at.off + n);
    at.off += n;
    return s;
  };
  const view = (s: Uint8Array) => new DataView(s.buffer, s.byteOffset, s.byteLength);
  while (at.off < bytes.length) {
    const key = Number(varint(bytes, at));
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) yield { field, wire, value: varint(bytes, at) };
    else if (wire === 1) yield { field, wire, value: view(take(8)) };
    else if (wire === 2) yield { field, wire, value: take(Number(varint(bytes, at))) };
    else if (wire === 5) yield { field, wire, value: view(take(4)) };
    else throw new Error(`protobuf: unsupported wire type ${wire} (field ${field})`);
  }
}

// TensorBoard `Event` messages (tensorflow/core/util/event.proto, summary.proto): the file-version
// header, scalar summaries (Summary.Value.simple_value) and text summaries (a DT_STRING tensor
// tagged for the "text" plugin). Encoded with the engine's protobuf writer, decoded by proto-read.
import { ProtoWriter } from '../graph/protobuf.ts';
import { protoFields } from './proto-read.ts';
import { readRecords } from './tfrecord.ts';

export const FILE_VERSION = 'brain.Event:2';
const DT_STRING = 7;
const utf8 = new TextDecoder();

export type TbValue = { tag: string; scalar: number } | { tag: string; text: string };

export interface TbEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  values: TbValue[];
}

function encodeValue(w: ProtoWriter, v: TbValue): void {
  w.message(1, (value) => {
    value.string(1, v.tag);
    if ('scalar' in v) value.float(2, v.scalar);
    else {
      value.message(9, (meta) => meta.message(1, (plugin) => plugin.string(1, 'text')));
      value.message(8, (tensor) => tensor.int(1, DT_STRING).message(2, () => {}).string(8, v.text));
    }
  });
}

export function encodeEvent(e: TbEvent): Uint8Array {
  const w = new ProtoWriter().double(1, e.wallTime).int(2, e.step);
  if (e.fileVersion !== undefined) w.string(3, e.fileVersion);
  if (e.values.length > 0) w.message(5, (summary) => e.values.forEach((v) => encodeValue(summary, v)));
  return w.finish();
}

function decodeValue(bytes: Uint8Array): TbValue {
  let tag = '';
  let scalar: number | undefined;
  let text: string | undefined;
  for (const f of protoFields(bytes)) {
    if (f.field === 1 && f.wire === 2) tag = utf8.decode(f.value);
    else if (f.field === 2 && f.wire === 5) scalar = f.value.getFloat32(0, true);
    else if (f.field === 8 && f.wire === 2) {
      for (const t of protoFields(f.value)) if (t.field === 8 && t.wire === 2) text = utf8.decode(t.value);
    }
  }
  if (scalar !== undefined) return { tag, scalar };
  if (text !== undefined) return { tag, text };
  throw new Error(`summary value '${tag}' is neither a scalar nor text`);
}

export function decodeEvent(bytes: Uint8Array): TbEvent {
  const e: TbEvent = { wallTime: 0, step: 0, values: [] };
  for (const f of protoFields(bytes)) {
    if (f.field === 1 && f.wire === 1) e.wallTime = f.value.getFloat64(0, true);
    else if (f.field === 2 && f.wire === 0) e.step = Number(BigInt.asIntN(64, f.value));
    else if (f.field === 3 && f.wire === 2) e.fileVersion = utf8.decode(f.value);
    else if (f.field === 5 && f.wire === 2) {
      for (const v of protoFields(f.value)) if (v.field === 1 && v.wire === 2) e.values.push(decodeValue(v.value));
    }
  }
  return e;
}

/** Every event of an event file, oldest first; throws on a damaged record. */
export function readEvents(file: Uint8Array): TbEvent[] {
  return readRecords(file).map(decodeEvent);
}

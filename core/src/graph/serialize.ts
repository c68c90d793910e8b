import { BYTES_PER_ELEMENT, ONNX_DTYPE, type TypedArray } from './dtype.ts';
import type { AttrValue, Graph, OpNode, Value } from './graph.ts';
import { ProtoWriter } from './protobuf.ts';

// onnx.proto field numbers, named so the encoder reads like the schema.
const MODEL = { irVersion: 1, producerName: 2, producerVersion: 3, graph: 7, opsetImport: 8 } as const;
const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12 } as const;
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;
const ATTR = { name: 1, f: 2, i: 3, s: 4, floats: 7, ints: 8, strings: 9, type: 20 } as const;
const ATTR_TYPE = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;
const TENSOR = { dims: 1, dataType: 2, name: 8, rawData: 9, externalData: 13, dataLocation: 14 } as const;

export const OPSET = 21;
export const IR_VERSION = 10;

export interface SerializeOptions {
  /** Initializers at least this large (bytes) go to external data; needs `externalDataFile`. */
  externalThreshold?: number;
  /** File name (relative to the model) that external initializers are written to. */
  externalDataFile?: string;
}

export interface SerializedModel {
  model: Uint8Array;
  /** Present when initializers were moved out of the model: the bytes of `externalDataFile`. */
  externalData?: Uint8Array[];
}

function rawBytes(data: TypedArray): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function writeValueInfo(w: ProtoWriter, v: Value): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, ONNX_DTYPE[v.dtype]);
      tensor.message(2, (shape) => {
        for (const d of v.shape) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

function writeAttr(w: ProtoWriter, name: string, value: AttrValue): void {
  w.string(ATTR.name, name);
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`attribute '${name}': wrap float values as { float: x }`);
    w.int(ATTR.i, value).int(ATTR.type, ATTR_TYPE.INT);
  } else if (typeof value === 'string') {
    w.string(ATTR.s, value).int(ATTR.type, ATTR_TYPE.STRING);
  } else if (Array.isArray(value)) {
    if (value.every((x) => typeof x === 'number')) w.packedInts(ATTR.ints, value as number[]).int(ATTR.type, ATTR_TYPE.INTS);
    else {
      for (const s of value as string[]) w.string(ATTR.strings, s);
      w.int(ATTR.type, ATTR_TYPE.STRINGS);
    }
  } else if ('float' in value) {
    w.float(ATTR.f, value.float).int(ATTR.type, ATTR_TYPE.FLOAT);
  } else {
    for (const f of value.floats) w.float(ATTR.floats, f);
    w.int(ATTR.type, ATTR_TYPE.FLOATS);
  }
}

function writeNode(w: ProtoWriter, node: OpNode): void {
  // Optional inputs that are absent are written as '' (only trailing ones may be dropped).
  let last = node.inputs.length;
  while (last > 0 && node.inputs[last - 1] === null) last--;
  for (let i = 0; i < last; i++) w.string(NODE.input, node.inputs[i]?.name ?? '');
  for (const o of node.outputs) w.string(NODE.output, o.name);
  w.string(NODE.name, node.name);
  w.string(NODE.opType, node.op);
  if (node.domain) w.string(NODE.domain, node.domain);
  for (const [k, v] of Object.entries(node.attrs)) w.message(NODE.attribute, (a) => writeAttr(a, k, v));
}

/** Encodes the graph as an ONNX ModelProto, optionally with large initializers in external data. */
export function serialize(g: Graph, opts: SerializeOptions = {}): SerializedModel {
  const threshold = opts.externalDataFile ? (opts.externalThreshold ?? 1024) : Infinity;
  const external: Uint8Array[] = [];
  let externalOffset = 0;
  const usedDomains = new Set(g.nodes.map((n) => n.domain).filter((d) => d !== ''));
  const w = new ProtoWriter();
  w.int(MODEL.irVersion, IR_VERSION);
  w.string(MODEL.producerName, 'edgetune');
  w.string(MODEL.producerVersion, '0.1.0');
  w.message(MODEL.opsetImport, (o) => o.string(1, '').int(2, OPSET));
  for (const d of usedDomains) w.message(MODEL.opsetImport, (o) => o.string(1, d).int(2, 1));
  w.message(MODEL.graph, (gw) => {
    for (const n of g.nodes) gw.message(GRAPH.node, (nw) => writeNode(nw, n));
    gw.string(GRAPH.name, g.name);
    for (const { value, data } of g.initializers.values()) {
      gw.message(GRAPH.initializer, (t) => {
        t.packedInts(TENSOR.dims, value.shape as number[]);
        t.int(TENSOR.dataType, ONNX_DTYPE[value.dtype]);
        t.string(TENSOR.name, value.name);
        const bytes = rawBytes(data);
        if (bytes.length !== data.length * BYTES_PER_ELEMENT[value.dtype]) throw new Error(`initializer ${value.name}: data size mismatch`);
        if (bytes.length >= threshold) {
          // Keep 64-byte alignment so the runtime can map weights directly.
          const pad = (64 - (externalOffset % 64)) % 64;
          if (pad) external.push(new Uint8Array(pad));
          externalOffset += pad;
          const entry = (k: string, v: string) => t.message(TENSOR.externalData, (e) => e.string(1, k).string(2, v));
          entry('location', opts.externalDataFile!);
          entry('offset', String(externalOffset));
          entry('length', String(bytes.length));
          t.int(TENSOR.dataLocation, 1);
          external.push(bytes);
          externalOffset += bytes.length;
        } else {
          t.bytes(TENSOR.rawData, bytes);
        }
      });
    }
    for (const v of g.inputs) gw.message(GRAPH.input, (vw) => writeValueInfo(vw, v));
    for (const v of g.outputs) gw.message(GRAPH.output, (vw) => writeValueInfo(vw, v));
  });
  return { model: w.finish(), externalData: external.length ? external : undefined };
}

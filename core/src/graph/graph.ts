import type { DType, TypedArray } from './dtype.ts';
import type { Shape } from './shape.ts';

export type AttrValue = number | string | number[] | string[] | { float: number } | { floats: number[] };

/** A symbolic tensor: an edge of the graph. */
export interface Value {
  readonly id: number;
  readonly name: string;
  readonly dtype: DType;
  readonly shape: Shape;
  readonly graph: Graph;
  producer?: OpNode;
}

export interface OpNode {
  readonly op: string;
  readonly domain: string;
  readonly inputs: readonly (Value | null)[];
  readonly outputs: readonly Value[];
  readonly attrs: Readonly<Record<string, AttrValue>>;
  readonly name: string;
}

export interface Initializer {
  readonly value: Value;
  readonly data: TypedArray;
}

/** An ONNX graph under construction. Ops (in ./ops) append nodes; values know their producer. */
export class Graph {
  readonly nodes: OpNode[] = [];
  readonly inputs: Value[] = [];
  readonly outputs: Value[] = [];
  readonly initializers = new Map<number, Initializer>();
  /** Values that autodiff treats as constants (see ops.stopGradient). */
  readonly noGradient = new Set<number>();
  private nextId = 0;
  private readonly names = new Set<string>();
  private readonly constantCache = new Map<string, Value>();
  /** Name prefix for new nodes, set by `scope()`, so exported graphs read like the model. */
  private prefix = '';

  constructor(readonly name = 'edgetune') {}

  private uniqueName(base: string): string {
    let name = base;
    for (let i = 1; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }

  newValue(dtype: DType, shape: Shape, name?: string): Value {
    return { id: this.nextId++, name: this.uniqueName(name ?? `${this.prefix}t${this.nextId}`), dtype, shape: [...shape], graph: this };
  }

  input(name: string, dtype: DType, shape: Shape): Value {
    if (this.names.has(name)) throw new Error(`graph input '${name}' is already defined`);
    const v = this.newValue(dtype, shape, name);
    this.inputs.push(v);
    return v;
  }

  /** A constant tensor stored in the model (weights, tables, small constants). */
  initializer(name: string, dtype: DType, shape: Shape, data: TypedArray): Value {
    const v = this.newValue(dtype, shape, name);
    this.initializers.set(v.id, { value: v, data });
    return v;
  }

  /** A constant; with `key`, cached so every op that needs the same one shares a single initializer. */
  constant(dtype: DType, shape: Shape, data: TypedArray, key?: string): Value {
    const cacheKey = key === undefined ? undefined : `${dtype}:${shape.join('x')}:${key}`;
    const hit = cacheKey && this.constantCache.get(cacheKey);
    if (hit) return hit;
    const v = this.initializer(this.uniqueName(`${this.prefix}const`), dtype, shape, data);
    if (cacheKey) this.constantCache.set(cacheKey, v);
    return v;
  }

  /** Marks `v` as a graph output; with `name`, under that name (through an Identity node). */
  output(v: Value, name?: string): Value {
    let out = v;
    if (name !== undefined && name !== v.name) {
      out = this.newValue(v.dtype, v.shape, name);
      if (out.name !== name) throw new Error(`graph output name '${name}' is already taken`);
      this.addNode('Identity', [v], [out]);
    }
    this.outputs.push(out);
    return out;
  }

  addNode(op: string, inputs: (Value | null)[], outputs: Value[], attrs: Record<string, AttrValue> = {}, domain = ''): OpNode {
    for (const v of inputs) if (v && v.graph !== this) throw new Error(`${op}: input '${v.name}' belongs to another graph`);
    const node: OpNode = { op, domain, inputs, outputs, attrs, name: this.uniqueName(`${this.prefix}${op}`) };
    for (const o of outputs) o.producer = node;
    this.nodes.push(node);
    return node;
  }

  /** Runs `fn` with node and value names prefixed by `name/`. */
  scope<T>(name: string, fn: () => T): T {
    const saved = this.prefix;
    this.prefix = `${saved}${name}/`;
    try {
      return fn();
    } finally {
      this.prefix = saved;
    }
  }

  isInitializer(v: Value): boolean {
    return this.initializers.has(v.id);
  }
}

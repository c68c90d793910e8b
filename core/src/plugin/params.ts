import { hostTensor, type Graph, type HostTensor, type Value } from '../graph/index.ts';

export type Init = (shape: readonly number[], rand: () => number) => Float32Array;

/**
 * The trainable tensors of an adapter, by PEFT in-memory name. Plugins declare them while the graph
 * is built; a declared tensor becomes a graph input. Values are created by `init` only the first time,
 * so the same store serves initialization, training (values replaced each step) and loading.
 */
export class ParameterStore {
  readonly values = new Map<string, HostTensor>();
  private readonly bound = new Map<string, Value>();
  private graph: Graph | null = null;

  constructor(private readonly rand: () => number = Math.random) {}

  /** Starts a new graph build: parameters become inputs of `g`. */
  bind(g: Graph): void {
    this.graph = g;
    this.bound.clear();
  }

  param(name: string, shape: readonly number[], init: Init): Value {
    if (!this.graph) throw new Error('ParameterStore.param called outside a graph build');
    const hit = this.bound.get(name);
    if (hit) return hit;
    const existing = this.values.get(name);
    if (existing && existing.shape.join() !== shape.join()) {
      throw new Error(`parameter '${name}' has shape [${existing.shape}], but the model needs [${shape}]`);
    }
    if (!existing) this.values.set(name, hostTensor('float32', shape, init(shape, this.rand)));
    const v = this.graph.input(name, 'float32', shape);
    this.bound.set(name, v);
    return v;
  }

  /** Parameters declared by the current build, in declaration order. */
  get inputs(): Value[] {
    return [...this.bound.values()];
  }

  feeds(): Record<string, HostTensor> {
    const out: Record<string, HostTensor> = {};
    for (const name of this.bound.keys()) out[name] = this.values.get(name)!;
    return out;
  }

  count(): number {
    let n = 0;
    for (const t of this.values.values()) n += t.data.length;
    return n;
  }
}

export const inits = {
  zeros: ((shape) => new Float32Array(shape.reduce((a, b) => a * b, 1))) as Init,
  ones: ((shape) => new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1)) as Init,
  /** torch's kaiming_uniform_(a=sqrt(5)) on a [out, in] weight: U(-1/sqrt(in), 1/sqrt(in)). */
  kaimingUniform: ((shape, rand) => {
    const bound = 1 / Math.sqrt(shape[shape.length - 1]!);
    return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rand() * 2 - 1) * bound);
  }) as Init,
  normal: (std: number): Init => (shape, rand) =>
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
      const u = Math.max(rand(), 1e-12);
      return std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    }),
};

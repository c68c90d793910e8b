import { ops, type Graph, type HostTensor, type Value } from '../graph/index.ts';
import type { BaseWeight } from './hooks.ts';
import { toFloat32 } from '../weights/index.ts';

/** Where trainable base tensors go: the method's parameter store (see plugin/params.ts). */
export interface BaseParamSink {
  param(name: string, shape: readonly number[], init: () => Float32Array): Value;
}

/** Lets a method supply a frozen tensor's value (see ModelHooks.baseWeight). */
export type BaseWeightProvider = (name: string, weight: BaseWeight) => Value | undefined;

/**
 * Base-model tensors by Hugging Face name, turned into graph initializers on first use (frozen), or into
 * trainable parameters under their HF name when `trainable(name)` says so.
 */
export class FrozenWeights {
  private readonly made = new Map<string, Value>();

  constructor(
    private readonly g: Graph,
    private readonly tensors: ReadonlyMap<string, HostTensor>,
    private readonly trainable: (name: string) => boolean = () => false,
    private readonly sink?: BaseParamSink,
    private readonly provide: BaseWeightProvider = () => undefined,
  ) {}

  private trained(name: string): Value | undefined {
    if (!this.sink || !this.trainable(name)) return undefined;
    const t = this.source(name);
    return this.sink.param(name, t.shape, () => Float32Array.from(toFloat32(t)));
  }

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  private source(name: string): HostTensor {
    const t = this.tensors.get(name);
    if (!t) throw new Error(`model weights have no tensor '${name}'`);
    return t;
  }

  /** The tensor as stored, as a float32 initializer. */
  get(name: string): Value {
    return this.memo(name, () => {
      const t = this.source(name);
      return (
        this.trained(name) ??
        this.provide(name, { shape: t.shape, data: () => toFloat32(t) }) ??
        this.g.initializer(name, 'float32', t.shape, toFloat32(t))
      );
    });
  }

  /** A [out, in] nn.Linear weight stored transposed, [in, out], so the graph does x @ W directly. */
  transposed(name: string): Value {
    return this.memo(`${name}^T`, () => {
      const trained = this.trained(name);
      if (trained) return ops.transpose(trained, [1, 0]);
      const t = this.source(name);
      const [rows, cols] = t.shape as [number, number];
      const transposedData = () => {
        const src = toFloat32(t);
        const out = new Float32Array(rows * cols);
        for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = src[r * cols + c]!;
        return out;
      };
      return (
        this.provide(name, { shape: [cols, rows], data: transposedData }) ??
        this.g.initializer(`${name}.T`, 'float32', [cols, rows], transposedData())
      );
    });
  }

  private memo(key: string, make: () => Value): Value {
    let v = this.made.get(key);
    if (!v) {
      v = make();
      this.made.set(key, v);
    }
    return v;
  }
}

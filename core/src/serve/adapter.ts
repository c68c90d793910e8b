/** One linear's LoRA factors in serving layout; scaling (and rsLoRA) already folded into b. */
export interface LoraFactors {
  readonly rank: number;
  readonly a: Float32Array; // A^T: [in, r]
  readonly b: Float32Array; // scaling * B^T: [r, out]
}

/** One linear's per-row scales; an absent vector is the identity (ones, or the base bias). */
export interface SiteScales {
  readonly in?: Float32Array; // [in]: IA3 feedforward
  readonly out?: Float32Array; // [out]: IA3, DoRA m / ||W + s·B·A||
  readonly bias?: Float32Array; // [out]: the bias this adapter adds (IA3: b ⊙ l)
}

/** Prefix-tuning keys and values per layer, [KVH, P, D] each, as the KV cache stores them. */
export interface PrefixKv {
  readonly tokens: number;
  readonly keys: Float32Array[];
  readonly values: Float32Array[];
}

/**
 * An adapter in the form the serving graphs take as inputs. Several kinds can combine (DoRA is LoRA plus
 * output scales). Made once per adapter by `prepareAdapter`, then shared by every row that uses it.
 */
export interface ServeAdapter {
  readonly id: string;
  /** PEFT type or edgetune method, for messages and metrics. */
  readonly method: string;
  readonly lora?: ReadonlyMap<string, LoraFactors>;
  readonly scales?: ReadonlyMap<string, SiteScales>;
  /** Virtual-token embeddings [P, C] (prompt tuning, P-tuning). */
  readonly prompt?: { readonly tokens: number; readonly data: Float32Array };
  readonly prefix?: PrefixKv;
  /** Bytes held by the arrays above: what the adapter cache budgets. */
  readonly bytes: number;
}

/** Sums the bytes of an adapter's arrays. */
export function adapterBytes(a: Omit<ServeAdapter, 'bytes' | 'id' | 'method'>): number {
  let n = 0;
  for (const f of a.lora?.values() ?? []) n += f.a.byteLength + f.b.byteLength;
  for (const s of a.scales?.values() ?? []) n += (s.in?.byteLength ?? 0) + (s.out?.byteLength ?? 0) + (s.bias?.byteLength ?? 0);
  n += a.prompt?.data.byteLength ?? 0;
  for (const t of [...(a.prefix?.keys ?? []), ...(a.prefix?.values ?? [])]) n += t.byteLength;
  return n;
}

/** The maximum LoRA rank of an adapter (0 without LoRA). */
export function loraRank(a: ServeAdapter): number {
  let r = 0;
  for (const f of a.lora?.values() ?? []) r = Math.max(r, f.rank);
  return r;
}

import { ops, type Graph, type Value } from '../graph/index.ts';

type Take = (v: Value) => Value | null;

/**
 * Recomputation for gradient checkpointing. Segment k holds the nodes after boundary k's producer, up to
 * boundary k+1's producer, that depend on boundary k. The first time the backward pass needs a value of
 * segment k, the segment is cloned from its boundary. The clone's start is tied to the incoming gradient
 * (start + 0 * sum(grad)), which both orders it after the later segments' backward and keeps ORT's
 * common-subexpression pass from merging it back into the forward nodes.
 */
export class Recompute {
  private readonly segmentOf = new Map<number, number>();
  private readonly bounds: { start: Value; end: Value }[] = [];
  private readonly clones = new Map<number, Map<number, Value>>();

  constructor(
    private readonly g: Graph,
    checkpoints: readonly Value[],
    private readonly take: Take,
  ) {
    const index = new Map(g.nodes.map((node, i) => [node, i]));
    for (let k = 0; k + 1 < checkpoints.length; k++) {
      const start = checkpoints[k]!;
      const end = checkpoints[k + 1]!;
      const from = start.producer ? index.get(start.producer)! : -1;
      const to = end.producer ? index.get(end.producer)! : -1;
      if (to <= from) throw new Error('checkpoints must be given in forward order');
      const inside = new Set([start.id]);
      for (let i = from + 1; i <= to; i++) {
        const node = g.nodes[i]!;
        if (!node.inputs.some((v) => v && inside.has(v.id))) continue;
        for (const o of node.outputs) inside.add(o.id);
        this.segmentOf.set(i, k);
      }
      this.bounds.push({ start, end });
    }
  }

  /** The value map to use for node n's forward values (identity outside checkpointed segments). */
  forNode(n: number): (v: Value) => Value {
    const k = this.segmentOf.get(n);
    if (k === undefined) return (v) => v;
    let map = this.clones.get(k);
    if (!map) {
      map = this.cloneSegment(k);
      this.clones.set(k, map);
    }
    const m = map;
    return (v) => m.get(v.id) ?? v;
  }

  private cloneSegment(k: number): Map<number, Value> {
    const { start, end } = this.bounds[k]!;
    const gEnd = this.take(end);
    const map = new Map<number, Value>();
    this.g.scope(`recompute${k}`, () => {
      const tie = gEnd ? ops.mul(ops.reduceSum(gEnd, gEnd.shape.map((_, i) => i), false), 0) : null;
      map.set(start.id, tie ? ops.add(start, ops.cast(tie, start.dtype)) : start);
      const nodes = this.g.nodes.filter((_, i) => this.segmentOf.get(i) === k);
      for (const node of nodes) {
        const inputs = node.inputs.map((v) => (v ? (map.get(v.id) ?? v) : null));
        const outputs = node.outputs.map((o) => this.g.newValue(o.dtype, o.shape));
        this.g.addNode(node.op, inputs, outputs, { ...node.attrs }, node.domain);
        node.outputs.forEach((o, i) => map.set(o.id, outputs[i]!));
      }
    });
    return map;
  }
}

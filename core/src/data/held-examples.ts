// Where the reducer keeps worker-encoded examples while their split block is pending
// (reduce.ts): a batch's token buffers are reused as soon as it is reduced, so kept examples
// are copied out. Owned examples get an ArrayBuffer each (exampleArrays). Borrowed ones (the
// sink copies what it keeps) go into an arena per stratum, reset once that stratum's block has
// been delivered: an ArrayBuffer an example cost the reducing thread ~0.6 s of bench:data in
// allocation and the collections it triggers.
import { copyExample, ExampleArena, type Encoded } from './example.ts';

export class HeldExamples {
  private readonly arenas = new Map<string, ExampleArena>();
  private readonly pool: ArrayBuffer[] = []; // chunks shared by the strata's arenas

  /** borrowed: copies live until release(stratum); otherwise each copy is the sink's to keep. */
  constructor(readonly borrowed: boolean) {}

  /** ex with its arrays copied (its other fields as they are). */
  copy<E extends Encoded>(stratum: string, ex: E): E {
    let arena: ExampleArena | undefined;
    if (this.borrowed) {
      arena = this.arenas.get(stratum);
      if (!arena) this.arenas.set(stratum, (arena = new ExampleArena(this.pool)));
    }
    return { ...ex, ...copyExample(ex.input_ids, ex.labels, arena?.alloc) };
  }

  /** The stratum's block has been delivered: its chunks may be reused. */
  release(stratum: string): void {
    this.arenas.get(stratum)?.reset();
    this.arenas.delete(stratum);
  }

  releaseAll(): void {
    for (const arena of this.arenas.values()) arena.reset();
    this.arenas.clear();
  }
}

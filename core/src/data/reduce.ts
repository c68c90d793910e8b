// The sequential half of the pipeline, fed in file order by this thread or by workers:
// counts, dedup decisions, label indices, the split, and the hand-off to the sink.
import type { Augmenter } from './augment.ts';
import { Deduper } from './dedup.ts';
import { Encoder, hasTrainableTokens, type EncodeOptions } from './encode.ts';
import { ExampleArena } from './example.ts';
import { HeldExamples } from './held-examples.ts';
import { DataError } from './errors.ts';
import type { LineRecord } from './read.ts';
import { previewRecord } from './record-text.ts';
import { ReportBuilder, type DropExample, type DropReason } from './report.ts';
import { StreamSplitter } from './split.ts';
import type { CleanOptions } from './prepare.ts';
import type { SplitOptions } from './split.ts';
import type { RecordKind } from './schemas.ts';
import type { EncodedExample, SplitName } from './types.ts';

/** A prepared record on its way to the split. */
export interface Candidate {
  line: number;
  kind: RecordKind;
  stratum: string;
  labelKeys: (string | number)[];
  /** Shown in the report if the record is dropped; absent: previewRecord(rec). */
  preview?: string | (() => string);
  drop?: 'empty' | 'too_long';
  hashHi: number;
  hashLo: number;
  sig?: Uint32Array;
  /** In-thread mode: the record, encoded once its split is known. */
  rec?: LineRecord;
  /**
   * Worker mode: already encoded (label and tag indices local to the worker), in buffers that
   * are reused once add() returns: add() copies the examples of the records it keeps.
   */
  encoded?: WorkerEncoded;
}

export interface WorkerEncoded {
  example?: EncodedExample;
  augmented: EncodedExample[];
  error?: DataError;
  /** The worker's tag names by local index, to map tagging labels to global indices. */
  tagNames: readonly string[];
}

export type ExampleSink = (example: EncodedExample, split: SplitName, line: number) => void | Promise<void>;

export interface ReducerOptions {
  clean?: CleanOptions;
  split?: SplitOptions & { stratify?: boolean };
  failFast: boolean;
  /**
   * The sink borrows examples: their arrays are reused once it returns (or its promise settles),
   * so it copies what it keeps (as a Packer does). Saves an allocation an example.
   */
  borrowExamples?: boolean;
}

export class Reducer {
  readonly report: ReportBuilder;
  readonly examples = { train: 0, validation: 0, test: 0 };
  readonly tokens = { train: 0, validation: 0, test: 0 };
  augmented = 0;
  private readonly dedup: Deduper;
  private readonly splitter: StreamSplitter<Candidate>;
  private readonly stratify: boolean;
  readonly encoder: Encoder;
  /** In-thread examples when the sink borrows them: reused from one record to the next. */
  private readonly scratch?: ExampleArena;
  private readonly held: HeldExamples;

  constructor(
    private readonly opts: ReducerOptions,
    encode: EncodeOptions,
    private readonly augmenter: Augmenter | undefined,
    private readonly sink: ExampleSink,
  ) {
    if (opts.borrowExamples) this.scratch = new ExampleArena();
    this.encoder = new Encoder(encode, { alloc: this.scratch?.alloc });
    this.held = new HeldExamples(opts.borrowExamples === true);
    this.report = new ReportBuilder(opts.clean?.examplesPerReason);
    this.dedup = new Deduper(opts.clean);
    this.splitter = new StreamSplitter(opts.split);
    this.stratify = opts.split?.stratify !== false;
  }

  get stateBytes(): number {
    return this.dedup.stateBytes;
  }

  /** Sizes the dedup state for about n records (see PipelineOptions.expectedBytes). */
  reserve(n: number): void {
    this.dedup.reserve(n);
  }

  /** A record that failed to parse or validate. */
  invalid(error: DataError): void {
    if (this.opts.failFast) throw error;
    this.report.invalid(error);
  }

  /** Synchronous unless the sink returns a promise (an await a record costs 4% of bench:data). */
  add(c: Candidate): void | Promise<void> {
    this.report.recordsIn++;
    if (c.drop) return this.drop(c, c.drop);
    const dup = this.dedup.check(c.line, c.hashHi, c.hashLo, c.sig);
    c.sig = undefined; // may be a reused buffer
    if (dup) return this.drop(c, dup.reason, { duplicateOfLine: dup.of });
    this.registerLabels(c);
    const stratum = this.stratify ? c.stratum : '';
    const released = this.splitter.push(c, stratum);
    // copied out of the batch's buffers unless a borrowing sink gets them before add() returns
    if (c.encoded && (released.length === 0 || !this.held.borrowed)) this.hold(c.encoded, stratum);
    if (released.length === 0) return;
    return this.emitAll(released, () => this.held.release(stratum));
  }

  finish(): void | Promise<void> {
    return this.emitAll(this.splitter.flush(), () => this.held.releaseAll());
  }

  /** Emits the items, then calls delivered (their examples are no longer the sink's). */
  private emitAll(items: [Candidate, SplitName][], delivered: () => void): void | Promise<void> {
    const pending = inOrder(items, this.emitItem);
    if (!pending) return delivered();
    return pending.then(delivered);
  }

  /** Copies a worker-encoded record's examples out of its batch's buffers (see HeldExamples). */
  private hold(enc: WorkerEncoded, stratum: string): void {
    if (enc.error || !enc.example) return;
    enc.example = this.held.copy(stratum, enc.example);
    for (let i = 0; i < enc.augmented.length; i++) enc.augmented[i] = this.held.copy(stratum, enc.augmented[i]!);
  }

  private readonly emitItem = ([item, split]: [Candidate, SplitName]): void | Promise<void> => this.emit(item, split);

  // Label indices follow first appearance among kept records in file order, in both modes.
  private registerLabels(c: Candidate): void {
    const vocab = c.kind === 'classification' ? this.encoder.labelVocab : c.kind === 'tagging' ? this.encoder.tagVocab : undefined;
    if (!vocab) return;
    try {
      for (const k of c.labelKeys) vocab.id(k);
    } catch (e) {
      // reported when the record is emitted: by encode() in-thread, from here for worker results
      if (c.encoded && e instanceof DataError) c.encoded.error = e;
      // a worker result's preview reads the batch's bytes, which are reused once it is reduced
      if (typeof c.preview === 'function') c.preview = c.preview();
      return;
    }
    const enc = c.encoded;
    if (!enc?.example) return;
    // the record and its augmented copies (augmentation keeps labels) carry the thread's local indices
    for (const ex of [enc.example, ...enc.augmented]) {
      if (c.kind === 'classification') ex.target = vocab.id(c.labelKeys[0]!);
      else {
        const labels = ex.labels;
        for (let i = 0; i < labels.length; i++) if (labels[i]! >= 0) labels[i] = vocab.id(enc.tagNames[labels[i]!]!);
      }
    }
  }

  private emit(c: Candidate, split: SplitName): void | Promise<void> {
    let main: EncodedExample | undefined;
    let copies: (EncodedExample | undefined)[] = [];
    if (c.encoded) {
      if (c.encoded.error) return this.encodeFailed(c, c.encoded.error);
      main = c.encoded.example;
      if (split === 'train') copies = c.encoded.augmented;
    } else {
      this.scratch?.reset(); // the sink is done with the last record's examples
      main = this.encode(c, c.rec!);
      if (split === 'train' && this.augmenter && main) copies = this.augmenter.augment(c.rec!).map((r) => this.encode(c, { ...r, line: c.line, bytes: 0 } as LineRecord));
    }
    if (!main) return;
    if (!hasTrainableTokens(main)) {
      this.drop(c, 'no_trainable_tokens');
      return;
    }
    this.report.recordsOut++;
    const delivered = this.deliver(main, split, c.line);
    if (copies.length === 0) return delivered;
    const deliverCopies = () =>
      inOrder(copies, (copy) => {
        if (!copy || !hasTrainableTokens(copy)) return;
        this.augmented++;
        return this.deliver(copy, 'train', c.line);
      });
    return delivered ? delivered.then(deliverCopies) : deliverCopies();
  }

  private deliver(ex: EncodedExample, split: SplitName, line: number): void | Promise<void> {
    this.examples[split]++;
    this.tokens[split] += ex.input_ids.length;
    return this.sink(ex, split, line);
  }

  private encode(c: Candidate, rec: LineRecord): EncodedExample | undefined {
    try {
      return this.encoder.encode(rec);
    } catch (e) {
      if (!(e instanceof DataError)) throw e;
      this.encodeFailed(c, e);
      return undefined;
    }
  }

  private encodeFailed(c: Candidate, e: DataError): void {
    const err = new DataError(e.code, e.detail, { line: c.line, field: e.field });
    if (this.opts.failFast) throw err;
    this.drop(c, 'invalid', { detail: err.message });
  }

  private drop(c: Candidate, reason: DropReason, more?: Partial<DropExample>): void {
    this.report.drop(reason, () => ({ line: c.line, preview: previewOf(c), ...more }));
  }
}

function previewOf(c: Candidate): string {
  if (typeof c.preview === 'string') return c.preview;
  return c.preview ? c.preview() : previewRecord(c.rec!);
}

/** step(item) for each item in order: synchronously until a step returns a promise, then after it. */
function inOrder<T>(items: readonly T[], step: (item: T) => void | Promise<void>, from = 0): void | Promise<void> {
  for (let i = from; i < items.length; i++) {
    const pending = step(items[i]!);
    if (pending) return pending.then(() => inOrder(items, step, i + 1));
  }
}

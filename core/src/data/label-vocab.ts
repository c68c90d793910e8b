// Label vocabulary: class or tag names -> dense indices. Given names keep their order; unseen
// labels are added in order of first appearance (deterministic for a given file), unless the
// vocabulary is frozen. Integer class labels without a vocabulary are their own index.
import { DataError } from './errors.ts';

export class LabelVocab {
  private readonly index = new Map<string, number>();
  readonly names: string[] = [];
  frozen: boolean;
  /** Without given names the first label decides: integers are their own index, strings get indices. */
  private mode: 'int' | 'str' | undefined;
  private readonly strictTypes: boolean;
  private readonly given: boolean;

  /** strictTypes: false accepts both integer and string labels (a worker's partial view). */
  constructor(names: readonly string[] = [], opts: { frozen?: boolean; strictTypes?: boolean } = {}) {
    for (const n of names) this.add(n);
    this.frozen = opts.frozen ?? names.length > 0;
    this.strictTypes = opts.strictTypes ?? true;
    this.given = names.length > 0;
    if (names.length > 0) this.mode = 'str';
  }

  get size(): number {
    return this.names.length;
  }

  /** Index of a label; adds it when the vocabulary is open. */
  id(label: string | number, field = 'label'): number {
    this.mode ??= typeof label === 'number' ? 'int' : 'str';
    const isInt = typeof label === 'number' && !this.given;
    if (this.strictTypes && (this.mode === 'int') !== isInt) {
      throw new DataError('invalid_record', 'labels mix integers and strings; pass an explicit label vocabulary', { field });
    }
    if (isInt) {
      if (label < 0) throw new DataError('invalid_record', `integer label must be >= 0, got ${label}`, { field });
      return label;
    }
    const key = String(label);
    const found = this.index.get(key);
    if (found !== undefined) return found;
    if (this.frozen) throw new DataError('invalid_record', `unknown label "${key}"`, { field });
    return this.add(key);
  }

  private add(name: string): number {
    const i = this.names.length;
    this.index.set(name, i);
    this.names.push(name);
    return i;
  }
}

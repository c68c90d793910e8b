// EDA operations (Wei & Zou 2019) on a word list: synonym replacement, random insertion,
// random swap, random deletion. With `tags` (BIO tagging) only O-tagged words are touched and
// insertions never land inside an entity, so every entity span survives intact.
import { randInt } from './random.ts';

export type Synonyms = ReadonlyMap<string, readonly string[]>;

export interface Words {
  words: string[];
  tags?: string[];
}

type Rand = () => number;

const editable = (w: Words, i: number) => w.tags === undefined || w.tags[i] === 'O';

function synonymOf(word: string, syn: Synonyms, rand: Rand): string | undefined {
  const list = syn.get(word.toLowerCase())?.filter((s) => s.toLowerCase() !== word.toLowerCase());
  return list && list.length > 0 ? list[randInt(rand, list.length)] : undefined;
}

/** Replaces up to n distinct editable words that have synonyms. */
export function synonymReplace(w: Words, n: number, syn: Synonyms, rand: Rand): Words {
  const words = [...w.words];
  const candidates = words.map((_, i) => i).filter((i) => editable(w, i) && syn.has(words[i]!.toLowerCase()));
  let done = 0;
  while (done < n && candidates.length > 0) {
    const i = candidates.splice(randInt(rand, candidates.length), 1)[0]!;
    const s = synonymOf(words[i]!, syn, rand);
    if (s === undefined) continue;
    words[i] = s;
    done++;
  }
  return { words, tags: w.tags && [...w.tags] };
}

/** Inserts a synonym of a random word at a random position, n times. */
export function randomInsert(w: Words, n: number, syn: Synonyms, rand: Rand): Words {
  const words = [...w.words];
  const tags = w.tags && [...w.tags];
  for (let k = 0; k < n; k++) {
    const sources = words.map((_, i) => i).filter((i) => syn.has(words[i]!.toLowerCase()));
    if (sources.length === 0) break;
    const s = synonymOf(words[sources[randInt(rand, sources.length)]!]!, syn, rand);
    if (s === undefined) continue;
    // an insertion before an I- tag would split an entity
    const slots = Array.from({ length: words.length + 1 }, (_, i) => i).filter((i) => !tags || i === words.length || !tags[i]!.startsWith('I-'));
    const at = slots[randInt(rand, slots.length)]!;
    words.splice(at, 0, s);
    tags?.splice(at, 0, 'O');
  }
  return { words, tags };
}

/** Swaps two random editable words, n times. */
export function randomSwap(w: Words, n: number, rand: Rand): Words {
  const words = [...w.words];
  const idx = words.map((_, i) => i).filter((i) => editable(w, i));
  if (idx.length >= 2) {
    for (let k = 0; k < n; k++) {
      const a = idx[randInt(rand, idx.length)]!;
      const b = idx[randInt(rand, idx.length)]!;
      [words[a], words[b]] = [words[b]!, words[a]!];
    }
  }
  return { words, tags: w.tags && [...w.tags] };
}

/** Deletes each editable word with probability p; at least one word always remains. */
export function randomDelete(w: Words, p: number, rand: Rand): Words {
  if (w.words.length <= 1) return { words: [...w.words], tags: w.tags && [...w.tags] };
  const keep = w.words.map((_, i) => !editable(w, i) || rand() >= p);
  if (!keep.includes(true)) keep[randInt(rand, keep.length)] = true;
  return {
    words: w.words.filter((_, i) => keep[i]),
    tags: w.tags?.filter((_, i) => keep[i]),
  };
}

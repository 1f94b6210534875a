/**
 * The authors of a batch's papers, for `author:` leaves (percolator-batch-leaves.ts). Every author rule needs
 * the query name's anchor word among the author's words (author-match.ts), so each word of each author is
 * listed under its dictionary id: an author leaf visits only the authors having its anchor word — not every
 * author of every paper having it — and parses each such name once per batch.
 */
import { authorMatches, parsePersonName, type PersonName } from './author-match.js';
import type { BitsetArena } from './percolator-bitsets.js';
import type { TokenDictionary } from './percolator-dictionary.js';
import { forEachWordId } from './percolator-tokenize.js';

export class BatchAuthors {
  /** Per dictionary id: the last occurrence of that word in an author name + 1 (0: none); reset via `heads`. */
  private head = new Int32Array(1024);
  private readonly heads: number[] = [];
  /** Per occurrence: the author (batch-wide index) and the previous occurrence of the same word + 1. */
  private author = new Int32Array(1024);
  private next = new Int32Array(1024);
  private occurrences = 0;
  /** Per author of the batch: its paper, its name as written, and the name parsed once a leaf needed it. */
  private paperOf = new Int32Array(1024);
  /** Per author of the batch: a bit for each first letter of its words (see `letterBit`). */
  private letters = new Int32Array(1024);
  private readonly raw: string[] = [];
  private readonly parsed: (PersonName | undefined)[] = [];

  constructor(private readonly arena: BitsetArena) {}

  begin(dictSize: number): void {
    if (this.head.length < dictSize) this.head = new Int32Array(dictSize * 2);
  }

  end(): void {
    for (const id of this.heads) this.head[id] = 0;
    this.heads.length = 0;
    this.occurrences = 0;
    this.raw.length = 0;
    this.parsed.length = 0;
  }

  /** Lists the author words of paper `i`; calls `word` with each word's id (-1 when no query uses it). */
  load(i: number, names: readonly { name: string }[], dict: TokenDictionary, word: (id: number) => void): void {
    for (const { name } of names) {
      const a = this.raw.length;
      this.raw.push(name);
      this.parsed.push(undefined);
      if (a === this.paperOf.length) [this.paperOf, this.letters] = [grown(this.paperOf), grown(this.letters)];
      this.paperOf[a] = i;
      this.letters[a] = 0;
      forEachWordId(dict, name, (id, first) => {
        this.letters[a]! |= letterBit(first);
        word(id);
        if (id >= 0) this.list(id, a);
      });
    }
  }

  private list(id: number, a: number): void {
    if (this.occurrences === this.author.length) [this.author, this.next] = [grown(this.author), grown(this.next)];
    const o = this.occurrences++;
    if (this.head[id] === 0) this.heads.push(id);
    this.author[o] = a;
    this.next[o] = this.head[id]!;
    this.head[id] = o + 1;
  }

  /** The papers (a set in the arena, 0 for none) with an author `name` matches; `anchor` is its anchor word's id. */
  papersMatching(name: PersonName, anchor: number): number {
    if (anchor < 0 || anchor >= this.head.length) return 0;
    // every rule also needs the query's first word, or a name starting with its initial, in the author's words
    const first = letterBit(name.tokens[0]!.charCodeAt(0));
    let out = 0;
    for (let o = this.head[anchor]! - 1; o >= 0; o = this.next[o]! - 1) {
      const a = this.author[o]!;
      const i = this.paperOf[a]!;
      if ((this.letters[a]! & first) === 0 || (out !== 0 && this.arena.has(out, i))) continue;
      const parsed = (this.parsed[a] ??= parsePersonName(this.raw[a]!));
      if (!authorMatches(name, parsed)) continue;
      if (out === 0) out = this.arena.alloc();
      this.arena.data[out + (i >>> 5)]! |= 1 << (i & 31);
    }
    return out;
  }
}

/** A bit for a word's first character (code `c`): one per letter and digit, one for anything else. */
function letterBit(c: number): number {
  if (c >= 97 && c <= 122) return 1 << (c - 97);
  return c >= 48 && c <= 57 ? 1 << (26 + (c % 5)) : 1 << 31;
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  return out;
}

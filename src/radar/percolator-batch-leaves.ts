/**
 * The batch's view of its papers (the batch counterpart of percolator-paper.ts): each paper is tokenised
 * once into per-field token bitsets (`tokOff[field][token]`: the papers having that token), and every leaf
 * of the query vocabulary is evaluated once per batch as a bitset over the papers — a one-token leaf IS its
 * token's bitset (nothing copied); a two-word phrase IS its word pair's bitset (the pairs the queries' phrases
 * hold are marked while tokenising, percolator-pairs.ts), a longer one the AND of its pairs' sets verified on
 * those papers only; an author is checked only on the authors having the name's anchor word
 * (percolator-batch-authors.ts). A text leaf keeps its title and abstract sets apart, because the reasons say
 * which field hit.
 */
import type { Paper } from '../papers/paper.js';
import type { PersonName } from './author-match.js';
import { AnchorField, ANCHOR_FIELDS } from './percolator-anchors.js';
import { BatchAuthors } from './percolator-batch-authors.js';
import { lowestBit, type BitsetArena } from './percolator-bitsets.js';
import {
  BIT_ABSTRACT, BIT_AUTHORS, BIT_CATEGORIES, BIT_TITLE, BIT_TOPIC, L_ARCHIVE, L_AUTHOR, L_CAT, L_PHRASE, L_TOKEN,
  L_TOPIC, type LeafTable, type TokenDictionary,
} from './percolator-dictionary.js';
import { ANCHOR_SHIFT } from './percolator-postings.js';
import { appendTokenIds, IdList } from './percolator-tokenize.js';
import type { TopicHits } from './topic-leaf.js';

export class BatchLeaves {
  /** tokOff[field][token]: the papers with that token in that field (0 when none). Reset via `touched`. */
  private tokOff: Int32Array[] = [];
  /** `field * ANCHOR_SHIFT + token` of every token with a set in this batch. */
  readonly touched: number[] = [];
  /** pairOff[0 title, 1 abstract][pair]: the papers with that adjacent token pair. Reset via `touchedPairs`. */
  private pairOff: Int32Array[] = [new Int32Array(1024), new Int32Array(1024)];
  private readonly touchedPairs: number[] = [];
  /** The token ids of every title and abstract of the batch, back to back; per paper and field where they start and end. */
  private readonly ids = new IdList();
  private textStart: Int32Array[] = [];
  private textEnd: Int32Array[] = [];
  private readonly authors: BatchAuthors;
  private epoch = 0;
  /** Per leaf, valid when leafEpoch === epoch: its sets in the title, in the abstract, anywhere. */
  private leafEpoch = new Uint32Array(1024);
  private leafT = new Int32Array(1024);
  private leafA = new Int32Array(1024);
  private leafAny = new Int32Array(1024);
  /** The value bit of a non-text leaf (BIT_AUTHORS, BIT_CATEGORIES, BIT_TOPIC); 0 for a text leaf. */
  private leafBit = new Uint8Array(1024);

  constructor(
    private readonly arena: BitsetArena,
    private readonly dict: () => TokenDictionary,
    private readonly leaves: () => LeafTable,
  ) {
    this.authors = new BatchAuthors(arena);
  }

  /** Starts a batch (the arena is already reset for it). */
  begin(): void {
    const papers = this.arena.n;
    if ((this.textStart[0]?.length ?? 0) < papers) {
      this.textStart = [new Int32Array(papers), new Int32Array(papers)];
      this.textEnd = [new Int32Array(papers), new Int32Array(papers)];
    }
    const size = this.dict().size;
    if ((this.tokOff[0]?.length ?? 0) < size) {
      this.tokOff = Array.from({ length: ANCHOR_FIELDS }, () => new Int32Array(Math.max(1024, size * 2)));
    }
    const pairs = this.leaves().pairs.size;
    if (this.pairOff[0]!.length < pairs) this.pairOff = [new Int32Array(pairs * 2), new Int32Array(pairs * 2)];
    this.authors.begin(size);
    const leafCount = this.leaves().defs.length;
    if (this.leafEpoch.length < leafCount) {
      const n = leafCount * 2;
      [this.leafEpoch, this.leafT, this.leafA, this.leafAny] = [new Uint32Array(n), new Int32Array(n), new Int32Array(n), new Int32Array(n)];
      this.leafBit = new Uint8Array(n);
    }
    if (++this.epoch === 0xffffffff) {
      this.leafEpoch.fill(0);
      this.epoch = 1;
    }
  }

  /** Forgets the batch's papers and token sets. */
  end(): void {
    for (const key of this.touched) this.tokOff[Math.floor(key / ANCHOR_SHIFT)]![key % ANCHOR_SHIFT] = 0;
    this.touched.length = 0;
    for (const key of this.touchedPairs) this.pairOff[key & 1]![key >>> 1] = 0;
    this.touchedPairs.length = 0;
    this.ids.length = 0;
    this.authors.end();
  }

  /** Tokenises paper `i` as PaperView.load does; keeps its text token ids (phrases) and lists its authors. */
  load(i: number, paper: Paper, topics: TopicHits | undefined): void {
    const dict = this.dict();
    this.markText(dict, paper.title, 0, i);
    this.markText(dict, paper.abstract, 1, i);
    this.authors.load(i, paper.authors, dict, (id) => this.mark(AnchorField.Author, id, i));
    for (const c of paper.categories) {
      const lower = c.toLowerCase();
      this.mark(AnchorField.Category, dict.lookup(lower), i);
      const dot = lower.indexOf('.');
      this.mark(AnchorField.Archive, dict.lookup(dot < 0 ? lower : lower.slice(0, dot)), i);
    }
    if (topics) for (const key of topics.keysOf(paper.id)) this.mark(AnchorField.Topic, dict.lookup(key), i);
  }

  /** Tokenises text field `f` (0 title, 1 abstract) of paper `i`; marks its tokens and the adjacent pairs some phrase holds. */
  private markText(dict: TokenDictionary, text: string, f: number, i: number): void {
    const list = this.ids;
    const start = list.length;
    appendTokenIds(dict, text, list);
    this.textStart[f]![i] = start;
    this.textEnd[f]![i] = list.length;
    const ids = list.data;
    const pairs = this.leaves().pairs;
    const field = f === 0 ? AnchorField.Title : AnchorField.Abstract;
    const last = list.length - 1;
    for (let k = start; k <= last; k++) {
      const id = ids[k]!;
      if (id < 0) continue;
      this.mark(field, id, i);
      if (k < last && ids[k + 1]! >= 0 && pairs.startsPair(id)) {
        const pair = pairs.lookup(id, ids[k + 1]!);
        if (pair >= 0) this.markPair(f, pair, i);
      }
    }
  }

  private markPair(f: number, pair: number, i: number): void {
    let off = this.pairOff[f]![pair]!;
    if (off === 0) {
      off = this.arena.alloc();
      this.pairOff[f]![pair] = off;
      this.touchedPairs.push(pair * 2 + f);
    }
    this.arena.data[off + (i >>> 5)]! |= 1 << (i & 31);
  }

  private mark(field: number, token: number, i: number): void {
    if (token < 0) return;
    let off = this.tokOff[field]![token]!;
    if (off === 0) {
      off = this.arena.alloc();
      this.tokOff[field]![token] = off;
      this.touched.push(field * ANCHOR_SHIFT + token);
    }
    this.arena.data[off + (i >>> 5)]! |= 1 << (i & 31);
  }

  /** The papers a leaf hits in any of its fields (offset, 0 for none). May allocate. */
  bitset(leaf: number): number {
    if (this.leafEpoch[leaf] !== this.epoch) this.compute(leaf);
    return this.leafAny[leaf]!;
  }

  /**
   * The set a reason step with field bit `bit` tests for a computed leaf: the title or the abstract set of a
   * text leaf, the only set of any other leaf.
   */
  fieldSet(leaf: number, bit: number): number {
    return bit === BIT_TITLE ? this.leafT[leaf]! : bit === BIT_ABSTRACT ? this.leafA[leaf]! : this.leafAny[leaf]!;
  }

  /** The value bits of a computed leaf on paper `i`, as PaperView.leaf gives them. */
  bits(leaf: number, i: number): number {
    const a = this.arena;
    const bit = this.leafBit[leaf]!;
    if (bit !== 0) return a.has(this.leafAny[leaf]!, i) ? bit : 0;
    return (a.has(this.leafT[leaf]!, i) ? BIT_TITLE : 0) | (a.has(this.leafA[leaf]!, i) ? BIT_ABSTRACT : 0);
  }

  /** Is the computed leaf a non-text one (its value is one bit, the same on every paper it hits)? */
  isFieldless(leaf: number): boolean {
    return this.leafBit[leaf] !== 0;
  }

  private compute(leaf: number): void {
    const t = this.leaves();
    const tok = t.tok[leaf]!;
    const kind = t.kind[leaf];
    let title = 0;
    let abs = 0;
    let any = 0;
    let bit = 0;
    if (kind === L_TOKEN || kind === L_PHRASE) {
      const mask = t.mask[leaf]!;
      const phrase = kind === L_PHRASE ? (t.defs[leaf] as { ids: Int32Array }).ids : null;
      const pairs = t.phrasePairs[leaf]!;
      if ((mask & BIT_TITLE) !== 0) title = phrase ? this.phrase(0, phrase, pairs) : this.tokOff[AnchorField.Title]![tok]!;
      if ((mask & BIT_ABSTRACT) !== 0) abs = phrase ? this.phrase(1, phrase, pairs) : this.tokOff[AnchorField.Abstract]![tok]!;
      any = title === 0 ? abs : abs === 0 ? title : this.arena.union(title, abs);
    } else if (kind === L_AUTHOR) {
      any = this.authors.papersMatching((t.defs[leaf] as { name: PersonName }).name, tok);
      bit = BIT_AUTHORS;
    } else {
      const field = kind === L_CAT ? AnchorField.Category : kind === L_ARCHIVE ? AnchorField.Archive : AnchorField.Topic;
      any = this.tokOff[field]![tok]!;
      bit = kind === L_TOPIC ? BIT_TOPIC : BIT_CATEGORIES;
    }
    this.leafBit[leaf] = bit;
    this.leafEpoch[leaf] = this.epoch;
    this.leafT[leaf] = title;
    this.leafA[leaf] = abs;
    this.leafAny[leaf] = any;
  }

  /** Stores word `w` of a result set being built at `out` (0: not yet allocated); returns `out`. */
  private keep(out: number, w: number, kept: number): number {
    if (kept === 0) return out;
    if (out === 0) out = this.arena.alloc();
    this.arena.data[out + w] = kept;
    return out;
  }

  /**
   * The papers whose title (f = 0) or abstract (f = 1) contains the token sequence `needle` (≥ 2 tokens),
   * whose adjacent pairs are `pairs`: the pair's own set for two words, else the papers having every pair,
   * with the phrase checked on those only.
   */
  private phrase(f: number, needle: Int32Array, pairs: Int32Array): number {
    const offs = this.pairOff[f]!;
    if (pairs.length === 1) return offs[pairs[0]!]!;
    for (let j = 0; j < pairs.length; j++) if (offs[pairs[j]!] === 0) return 0;
    const [starts, ends] = [this.textStart[f]!, this.textEnd[f]!];
    let out = 0;
    for (let w = 0; w < this.arena.words; w++) {
      let word = -1;
      for (let j = 0; j < pairs.length && word !== 0; j++) word &= this.arena.data[offs[pairs[j]!]! + w]!;
      let kept = 0;
      for (; word !== 0; word &= word - 1) {
        const low = word & -word;
        const i = (w << 5) + lowestBit(low);
        if (containsRun(this.ids.data, starts[i]!, ends[i]!, needle)) kept |= low;
      }
      out = this.keep(out, w, kept);
    }
    return out;
  }
}

/** Does hay[from, to) contain `needle` as a contiguous run? */
function containsRun(hay: Int32Array, from: number, to: number, needle: Int32Array): boolean {
  const first = needle[0]!;
  const last = to - needle.length;
  outer: for (let p = from; p <= last; p++) {
    if (hay[p] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (hay[p + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

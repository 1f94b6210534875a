/**
 * The percolator's view of the paper being matched. One instance per matcher, reused for every paper: the
 * paper is tokenised once, tokens are looked up (never interned: a token no query uses cannot match), and
 * per-field "present" stamps (Uint32Array indexed by token id, equal to the current epoch when present)
 * give O(1) membership tests without clearing anything between papers. Leaf values are memoised per paper
 * the same way, so a leaf shared by thousands of queries (`cat:cs.LG`, a popular keyword) is computed once.
 */
import type { Paper } from '../papers/paper.js';
import type { TopicHits } from './topic-leaf.js';
import { authorMatches, parsePersonName, type PersonName } from './author-match.js';
import { AnchorField, ANCHOR_FIELDS } from './percolator-anchors.js';
import { appendTokenIds, forEachWordId, IdList } from './percolator-tokenize.js';
import { K_AND, K_LEAF, K_OR, type CNode } from './percolator-compile.js';
import {
  BIT_ABSTRACT, BIT_AUTHORS, BIT_CATEGORIES, BIT_TITLE, BIT_TOPIC, L_ARCHIVE, L_CAT, L_TOKEN, L_TOPIC,
  type LeafTable, type TokenDictionary,
} from './percolator-dictionary.js';

export class PaperView {
  epoch = 0;
  /** stamps[field][tokenId] === epoch ⇔ the token occurs in that field of the current paper. */
  private stamps: Uint32Array[] = [];
  /** Distinct token ids per anchor field for the current paper (the presearcher's probe keys). */
  readonly present: Int32Array[] = [];
  readonly presentCount = new Int32Array(ANCHOR_FIELDS);
  /** The current paper's title and abstract token ids. */
  private readonly texts: IdList[] = [new IdList(), new IdList()];
  /** Phrase look-up: per text field, the first position of each token (valid when headStamp === epoch) and the next one. */
  private heads: Int32Array[] = [new Int32Array(1024), new Int32Array(1024)];
  private headStamps: Uint32Array[] = [new Uint32Array(1024), new Uint32Array(1024)];
  private nexts: Int32Array[] = [new Int32Array(512), new Int32Array(512)];
  private paper: Paper | undefined;
  private authors: PersonName[] | undefined;
  /** leafState[leafId] = epoch << 4 | bits: the leaf's value on the paper of that epoch. */
  private leafState = new Uint32Array(1024);

  constructor(
    private readonly dict: TokenDictionary,
    private readonly leaves: LeafTable,
  ) {
    for (let f = 0; f < ANCHOR_FIELDS; f++) {
      this.stamps.push(new Uint32Array(1024));
      this.present.push(new Int32Array(256));
    }
  }

  load(paper: Paper, topics?: TopicHits): void {
    if (this.stamps[0]!.length < this.dict.size) this.growStamps();
    if (this.leafState.length < this.leaves.defs.length) this.growLeaves();
    if (++this.epoch === 0x0fffffff) {
      // epochs are packed in 28 bits of leafState
      for (const s of this.stamps) s.fill(0);
      for (const s of this.headStamps) s.fill(0);
      this.leafState.fill(0);
      this.epoch = 1;
    }
    this.presentCount.fill(0);
    this.paper = paper;
    this.authors = undefined;
    this.fillText(paper.title, AnchorField.Title, 0);
    this.fillText(paper.abstract, AnchorField.Abstract, 1);
    for (const a of paper.authors) forEachWordId(this.dict, a.name, this.markAuthorWord);
    for (const c of paper.categories) {
      const lower = c.toLowerCase();
      this.mark(AnchorField.Category, this.dict.lookup(lower));
      const dot = lower.indexOf('.');
      this.mark(AnchorField.Archive, this.dict.lookup(dot < 0 ? lower : lower.slice(0, dot)));
    }
    if (topics) for (const key of topics.keysOf(paper.id)) this.mark(AnchorField.Topic, this.dict.lookup(key));
  }

  private growStamps(): void {
    let n = this.stamps[0]!.length;
    while (n < this.dict.size) n *= 2;
    const grow = <T extends Uint32Array | Int32Array>(s: T, make: (n: number) => T): T => {
      const bigger = make(n);
      bigger.set(s);
      return bigger;
    };
    this.stamps = this.stamps.map((s) => grow(s, (k) => new Uint32Array(k)));
    this.headStamps = this.headStamps.map((s) => grow(s, (k) => new Uint32Array(k)));
    this.heads = this.heads.map((s) => grow(s, (k) => new Int32Array(k)));
  }

  private growLeaves(): void {
    let n = this.leafState.length;
    while (n < this.leaves.defs.length) n *= 2;
    const state = new Uint32Array(n);
    state.set(this.leafState);
    this.leafState = state;
  }

  /** Tokenises text field `k` (0 title, 1 abstract) of the paper, marks its tokens and chains their positions. */
  private fillText(text: string, field: AnchorField, k: number): void {
    const list = this.texts[k]!;
    list.length = 0;
    appendTokenIds(this.dict, text, list);
    for (let i = 0; i < list.length; i++) this.mark(field, list.data[i]!);
    this.chain(k, list.data, list.length);
  }

  /** Links the positions of each token (first → next → …) so a phrase visits only its first word's places. */
  private chain(k: number, ids: Int32Array, len: number): void {
    if (this.nexts[k]!.length < len) this.nexts[k] = new Int32Array(len * 2);
    const next = this.nexts[k]!;
    const head = this.heads[k]!;
    const stamp = this.headStamps[k]!;
    const epoch = this.epoch;
    for (let i = len - 1; i >= 0; i--) {
      const id = ids[i]!;
      if (id < 0) continue;
      next[i] = stamp[id] === epoch ? head[id]! : -1;
      head[id] = i;
      stamp[id] = epoch;
    }
  }

  private readonly markAuthorWord = (id: number): void => this.mark(AnchorField.Author, id);

  private mark(field: AnchorField, id: number): void {
    if (id < 0) return;
    const stamp = this.stamps[field]!;
    if (stamp[id] === this.epoch) return;
    stamp[id] = this.epoch;
    let list = this.present[field]!;
    const n = this.presentCount[field]!;
    if (n === list.length) {
      const bigger = new Int32Array(n * 2);
      bigger.set(list);
      this.present[field] = list = bigger;
    }
    list[n] = id;
    this.presentCount[field] = n + 1;
  }

  private has(field: AnchorField, id: number): boolean {
    return this.stamps[field]![id] === this.epoch;
  }

  private phrase(field: AnchorField, needle: Int32Array): boolean {
    for (let j = 0; j < needle.length; j++) if (!this.has(field, needle[j]!)) return false;
    if (needle.length === 1) return true;
    const k = field === AnchorField.Title ? 0 : 1;
    const { data: hay, length: len } = this.texts[k]!;
    const next = this.nexts[k]!;
    // the first word is present (checked above), so its chain starts this epoch
    outer: for (let i = this.heads[k]![needle[0]!]!; i >= 0 && i + needle.length <= len; i = next[i]!) {
      for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
      return true;
    }
    return false;
  }

  private authorHit(name: PersonName): boolean {
    this.authors ??= this.paper!.authors.map((a) => parsePersonName(a.name));
    for (const a of this.authors) if (authorMatches(name, a)) return true;
    return false;
  }

  /** `leaf` as a function (the reasons code takes the leaf values of either path as one). */
  readonly leafBits = (id: number): number => this.leaf(id);

  /**
   * The leaf's value on the current paper, memoised per paper: BIT_TITLE / BIT_ABSTRACT for the fields a
   * text leaf hits, BIT_AUTHORS, BIT_CATEGORIES; 0 when it does not hit. `leafState[id]` packs
   * `epoch << 4 | bits` (one memory access per lookup: this is the hot path).
   */
  leaf(id: number): number {
    const state = this.leafState[id]!;
    if (state >>> 4 === this.epoch) return state & 15;
    const t = this.leaves;
    const tok = t.tok[id]!;
    let bits = 0;
    switch (t.kind[id]) {
      case L_TOKEN: {
        const mask = t.mask[id]!;
        if ((mask & BIT_TITLE) !== 0 && this.stamps[AnchorField.Title]![tok] === this.epoch) bits |= BIT_TITLE;
        if ((mask & BIT_ABSTRACT) !== 0 && this.stamps[AnchorField.Abstract]![tok] === this.epoch) bits |= BIT_ABSTRACT;
        break;
      }
      case L_CAT:
        if (this.stamps[AnchorField.Category]![tok] === this.epoch) bits = BIT_CATEGORIES;
        break;
      case L_ARCHIVE:
        if (this.stamps[AnchorField.Archive]![tok] === this.epoch) bits = BIT_CATEGORIES;
        break;
      case L_TOPIC:
        if (this.stamps[AnchorField.Topic]![tok] === this.epoch) bits = BIT_TOPIC;
        break;
      default: {
        const def = t.defs[id]!;
        if (def.k === 'author') {
          if (this.authorHit(def.name)) bits = BIT_AUTHORS;
        } else if (def.k === 'text') {
          if ((def.mask & BIT_TITLE) !== 0 && this.phrase(AnchorField.Title, def.ids)) bits |= BIT_TITLE;
          if ((def.mask & BIT_ABSTRACT) !== 0 && this.phrase(AnchorField.Abstract, def.ids)) bits |= BIT_ABSTRACT;
        }
      }
    }
    this.leafState[id] = (this.epoch << 4) | bits;
    return bits;
  }

  /** Evaluates a flat CNF (see CompiledQuery.cnf) stored in cnf[from, to): every clause needs a true literal. */
  evaluateCnf(cnf: Int32Array, from: number, to: number): boolean {
    const n = to;
    let i = from;
    while (i < n) {
      const end = i + 1 + cnf[i]!;
      let ok = false;
      for (let j = i + 1; j < end; j++) {
        const lit = cnf[j]!;
        if ((this.leaf(lit >> 1) !== 0) !== ((lit & 1) === 1)) {
          ok = true;
          break;
        }
      }
      if (!ok) return false;
      i = end;
    }
    return true;
  }

  evaluate(node: CNode): boolean {
    switch (node.k) {
      case K_LEAF:
        return this.leaf(node.leaf) !== 0;
      case K_AND: {
        const c = node.c;
        for (let i = 0; i < c.length; i++) if (!this.evaluate(c[i]!)) return false;
        return true;
      }
      case K_OR: {
        const c = node.c;
        for (let i = 0; i < c.length; i++) if (this.evaluate(c[i]!)) return true;
        return false;
      }
      default:
        return !this.evaluate(node.c[0]!);
    }
  }
}

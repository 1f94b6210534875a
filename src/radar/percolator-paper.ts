/**
 * The percolator's view of the paper being matched. One instance per matcher, reused for every paper: the
 * paper is tokenised once, tokens are looked up (never interned: a token no query uses cannot match), and
 * per-field "present" stamps (Uint32Array indexed by token id, equal to the current epoch when present)
 * give O(1) membership tests without clearing anything between papers.
 */
import type { Paper } from '../papers/paper.js';
import { authorMatches, parsePersonName, type PersonName } from './author-match.js';
import { analyze, words } from './normalize.js';
import { AnchorField, ANCHOR_FIELDS, MASK_ABSTRACT, MASK_TITLE, type CLeaf, type CNode, type TokenDictionary } from './percolator-compile.js';
import type { MatchField } from './subscription.js';

export class PaperView {
  epoch = 0;
  /** stamps[field][tokenId] === epoch ⇔ the token occurs in that field of the current paper. */
  private stamps: Uint32Array[] = [];
  /** Distinct token ids per anchor field for the current paper (the presearcher's probe keys). */
  readonly present: Int32Array[] = [];
  readonly presentCount = new Int32Array(ANCHOR_FIELDS);
  private titleIds = new Int32Array(64);
  private titleLen = 0;
  private absIds = new Int32Array(512);
  private absLen = 0;
  private paper: Paper | undefined;
  private authors: PersonName[] | undefined;

  constructor(private readonly dict: TokenDictionary) {
    for (let f = 0; f < ANCHOR_FIELDS; f++) {
      this.stamps.push(new Uint32Array(1024));
      this.present.push(new Int32Array(256));
    }
  }

  load(paper: Paper): void {
    if (this.stamps[0]!.length < this.dict.size) this.growStamps();
    if (++this.epoch === 0xffffffff) {
      for (const s of this.stamps) s.fill(0);
      this.epoch = 1;
    }
    this.presentCount.fill(0);
    this.paper = paper;
    this.authors = undefined;
    this.titleLen = this.fillText(analyze(paper.title), AnchorField.Title, 'title');
    this.absLen = this.fillText(analyze(paper.abstract), AnchorField.Abstract, 'abstract');
    for (const a of paper.authors) for (const w of words(a.name)) this.mark(AnchorField.Author, this.dict.lookup(w));
    for (const c of paper.categories) {
      const lower = c.toLowerCase();
      this.mark(AnchorField.Category, this.dict.lookup(lower));
      const dot = lower.indexOf('.');
      this.mark(AnchorField.Archive, this.dict.lookup(dot < 0 ? lower : lower.slice(0, dot)));
    }
  }

  private growStamps(): void {
    let n = this.stamps[0]!.length;
    while (n < this.dict.size) n *= 2;
    this.stamps = this.stamps.map((s) => {
      const bigger = new Uint32Array(n);
      bigger.set(s);
      return bigger;
    });
  }

  private fillText(tokens: string[], field: AnchorField, which: 'title' | 'abstract'): number {
    let ids = which === 'title' ? this.titleIds : this.absIds;
    if (ids.length < tokens.length) {
      ids = new Int32Array(tokens.length * 2);
      if (which === 'title') this.titleIds = ids;
      else this.absIds = ids;
    }
    for (let i = 0; i < tokens.length; i++) {
      const id = this.dict.lookup(tokens[i]!);
      ids[i] = id;
      this.mark(field, id);
    }
    return tokens.length;
  }

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
    const hay = field === AnchorField.Title ? this.titleIds : this.absIds;
    const len = field === AnchorField.Title ? this.titleLen : this.absLen;
    const first = needle[0]!;
    outer: for (let i = 0; i + needle.length <= len; i++) {
      if (hay[i] !== first) continue;
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

  /** Does the leaf hit the given reason field? */
  leafHits(leaf: CLeaf, field: MatchField): boolean {
    switch (leaf.k) {
      case 'text':
        if (field === 'title') return (leaf.mask & MASK_TITLE) !== 0 && this.phrase(AnchorField.Title, leaf.ids);
        return (leaf.mask & MASK_ABSTRACT) !== 0 && this.phrase(AnchorField.Abstract, leaf.ids);
      case 'author':
        return this.authorHit(leaf.name);
      case 'cat':
        return this.has(leaf.prefix ? AnchorField.Archive : AnchorField.Category, leaf.id);
    }
  }

  evaluate(node: CNode): boolean {
    switch (node.k) {
      case 'text':
        return (
          ((node.mask & MASK_TITLE) !== 0 && this.phrase(AnchorField.Title, node.ids)) ||
          ((node.mask & MASK_ABSTRACT) !== 0 && this.phrase(AnchorField.Abstract, node.ids))
        );
      case 'author':
        return this.authorHit(node.name);
      case 'cat':
        return this.has(node.prefix ? AnchorField.Archive : AnchorField.Category, node.id);
      case 'and':
        for (const c of node.c) if (!this.evaluate(c)) return false;
        return true;
      case 'or':
        for (const c of node.c) if (this.evaluate(c)) return true;
        return false;
      case 'not':
        return !this.evaluate(node.c);
    }
  }
}

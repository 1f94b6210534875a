/**
 * Honest baselines for the matcher bench — what a competent engineer would write instead of a percolator:
 *
 * - competent naive loop: each paper analysed once, its tokens in Sets per field; every subscription's
 *   tree evaluated with Set look-ups, a phrase's adjacency checked only when all its words are present,
 *   authors checked exactly only when the anchor word is among the paper's author words;
 * - bitset reverse search: the day's papers indexed once (one bitset over the papers per token, per field,
 *   per category and archive, per author word); each query evaluated as AND/OR/AND-NOT over bitsets,
 *   phrases and authors verified on the candidate papers only; identical queries and identical leaves
 *   are evaluated once;
 * - the floor: analysing (reading and tokenising) the day's papers once — no matcher can do less.
 *
 * Each returns its match pairs (paper index × subscription index) so the bench checks they are identical
 * to the percolator's.
 */
import type { Paper } from '../src/papers/paper.js';
import { authorAnchor } from '../src/radar/author-match.js';
import { words } from '../src/radar/normalize.js';
import type { Query, QueryNode, Term } from '../src/radar/query-ast.js';
import { analyzePaper, termHits, type AnalyzedPaper } from '../src/radar/reference-matcher.js';

const now = () => performance.now();

/** Match pairs packed as `paper * subscriptions + subscription`, sorted. */
export type Pairs = Float64Array;

export function packPairs(pairs: number[]): Pairs {
  return Float64Array.from(pairs).sort();
}

export const samePairs = (a: Pairs, b: Pairs): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export function floorMs(papers: readonly Paper[]): number {
  let sink = 0;
  const t0 = now();
  for (const p of papers) sink += analyzePaper(p).abstract.length;
  const ms = now() - t0;
  if (sink < 0) throw new Error('unreachable');
  return ms;
}

interface PaperSets {
  readonly a: AnalyzedPaper;
  readonly title: Set<string>;
  readonly abstract: Set<string>;
  readonly categories: Set<string>;
  readonly authorWords: Set<string>;
}

function paperSets(p: Paper): PaperSets {
  const a = analyzePaper(p);
  const categories = new Set<string>();
  for (const c of a.categories) categories.add(c).add(`${c.split('.')[0]}.*`);
  return { a, title: new Set(a.title), abstract: new Set(a.abstract), categories, authorWords: new Set(p.authors.flatMap((x) => words(x.name))) };
}

function termHitsFast(t: Term, s: PaperSets): boolean {
  switch (t.kind) {
    case 'text': {
      const inTitle = t.field !== 'abstract' && t.tokens.every((w) => s.title.has(w));
      const inAbstract = t.field !== 'title' && t.tokens.every((w) => s.abstract.has(w));
      if (!inTitle && !inAbstract) return false;
      return t.tokens.length === 1 || termHits(t, s.a).length > 0;
    }
    case 'author': {
      const anchor = authorAnchor(t.name);
      return anchor !== undefined && s.authorWords.has(anchor) && termHits(t, s.a).length > 0;
    }
    case 'category':
      return s.categories.has(t.prefix ? `${t.value}.*` : t.value);
    case 'topic':
    case 'like':
      return false; // the lexical baselines carry no topic hits (the workload has no topic terms)
  }
}

function evalFast(node: QueryNode, s: PaperSets): boolean {
  switch (node.kind) {
    case 'and':
      return node.children.every((c) => evalFast(c, s));
    case 'or':
      return node.children.some((c) => evalFast(c, s));
    case 'not':
      return !evalFast(node.child, s);
    default:
      return termHitsFast(node, s);
  }
}

/** The competent naive loop over `papers` (indices `paperIndex`); pairs use `subscriptions.length`. */
export function competentNaive(papers: readonly Paper[], paperIndex: readonly number[], queries: readonly Query[]): { ms: number; pairs: number[] } {
  const pairs: number[] = [];
  const n = queries.length;
  const t0 = now();
  papers.forEach((p, i) => {
    const s = paperSets(p);
    for (let k = 0; k < n; k++) if (evalFast(queries[k]!.root, s)) pairs.push(paperIndex[i]! * n + k);
  });
  return { ms: now() - t0, pairs };
}

type Bits = Uint32Array;

/** One bitset over the day's papers per token/category/author word, and AND/OR/NOT over them. */
class BitsetIndex {
  readonly words: number;
  private readonly title = new Map<string, Bits>();
  private readonly abstract = new Map<string, Bits>();
  private readonly categories = new Map<string, Bits>();
  private readonly authors = new Map<string, Bits>();
  private readonly empty: Bits;
  readonly analysed: AnalyzedPaper[] = [];
  private readonly leafMemo = new Map<string, Bits>();

  constructor(readonly papers: readonly Paper[]) {
    this.words = Math.ceil(papers.length / 32);
    this.empty = new Uint32Array(this.words);
    papers.forEach((p, i) => {
      const a = analyzePaper(p);
      this.analysed.push(a);
      for (const t of a.title) this.set(this.title, t, i);
      for (const t of a.abstract) this.set(this.abstract, t, i);
      for (const c of a.categories) {
        this.set(this.categories, c, i);
        this.set(this.categories, `${c.split('.')[0]}.*`, i);
      }
      for (const au of p.authors) for (const w of words(au.name)) this.set(this.authors, w, i);
    });
  }

  private set(map: Map<string, Bits>, key: string, i: number): void {
    let b = map.get(key);
    if (!b) map.set(key, (b = new Uint32Array(this.words)));
    b[i >>> 5]! |= 1 << (i & 31);
  }

  private and(bs: readonly Bits[]): Bits {
    const out = Uint32Array.from(bs[0]!);
    for (let k = 1; k < bs.length; k++) for (let w = 0; w < this.words; w++) out[w]! &= bs[k]![w]!;
    return out;
  }

  /** Keeps only the bits whose paper passes `check`. */
  private verify(bits: Bits, check: (a: AnalyzedPaper) => boolean): Bits {
    for (let w = 0; w < this.words; w++) {
      let word = bits[w]!;
      while (word !== 0) {
        const low = word & -word;
        const i = (w << 5) + 31 - Math.clz32(low);
        if (!check(this.analysed[i]!)) bits[w]! &= ~low;
        word ^= low;
      }
    }
    return bits;
  }

  private textField(map: Map<string, Bits>, t: Term & { kind: 'text' }, field: 'title' | 'abstract'): Bits {
    const lists = t.tokens.map((w) => map.get(w));
    if (lists.some((l) => l === undefined)) return this.empty;
    const bits = this.and(lists as Bits[]);
    if (t.tokens.length === 1) return bits;
    return this.verify(bits, (a) => termHits({ ...t, field }, a).length > 0);
  }

  leaf(t: Term): Bits {
    const key = `${t.kind}\u0000${t.kind === 'text' ? `${t.field}\u0000${t.tokens.join(' ')}` : t.text}\u0000${t.kind === 'category' ? String(t.prefix) : ''}`;
    let bits = this.leafMemo.get(key);
    if (bits) return bits;
    if (t.kind === 'category') bits = this.categories.get(t.prefix ? `${t.value}.*` : t.value) ?? this.empty;
    else if (t.kind === 'topic' || t.kind === 'like') bits = this.empty;
    else if (t.kind === 'author') {
      const anchor = authorAnchor(t.name);
      const cand = anchor === undefined ? undefined : this.authors.get(anchor);
      bits = cand ? this.verify(Uint32Array.from(cand), (a) => termHits(t, a).length > 0) : this.empty;
    } else {
      const title = t.field === 'abstract' ? this.empty : this.textField(this.title, t, 'title');
      const abs = t.field === 'title' ? this.empty : this.textField(this.abstract, t, 'abstract');
      bits = new Uint32Array(this.words);
      for (let w = 0; w < this.words; w++) bits[w] = title[w]! | abs[w]!;
    }
    this.leafMemo.set(key, bits);
    return bits;
  }

  evaluate(node: QueryNode): Bits {
    switch (node.kind) {
      case 'and': {
        const pos = node.children.filter((c) => c.kind !== 'not');
        const out = pos.length ? this.and(pos.map((c) => this.evaluate(c))) : this.full();
        for (const c of node.children) {
          if (c.kind !== 'not') continue;
          const neg = this.evaluate(c.child);
          for (let w = 0; w < this.words; w++) out[w]! &= ~neg[w]!;
        }
        return out;
      }
      case 'or': {
        const out = new Uint32Array(this.words);
        for (const c of node.children) {
          const b = this.evaluate(c);
          for (let w = 0; w < this.words; w++) out[w]! |= b[w]!;
        }
        return out;
      }
      case 'not': {
        const out = this.full();
        const b = this.evaluate(node.child);
        for (let w = 0; w < this.words; w++) out[w]! &= ~b[w]!;
        return out;
      }
      default:
        return this.leaf(node);
    }
  }

  private full(): Bits {
    const out = new Uint32Array(this.words).fill(0xffffffff);
    const tail = this.papers.length & 31;
    if (tail) out[this.words - 1] = (1 << tail) - 1;
    return out;
  }
}

/** The bitset reverse search: index build (with analysis) + every query, identical queries merged. */
export function bitsetReverse(papers: readonly Paper[], queries: readonly Query[]): { ms: number; buildMs: number; pairs: number[] } {
  const t0 = now();
  const index = new BitsetIndex(papers);
  const buildMs = now() - t0;
  const byQuery = new Map<string, Bits>();
  const pairs: number[] = [];
  const n = queries.length;
  queries.forEach((q, k) => {
    let bits = byQuery.get(q.source);
    if (!bits) byQuery.set(q.source, (bits = index.evaluate(q.root)));
    for (let w = 0; w < index.words; w++) {
      let word = bits[w]!;
      while (word !== 0) {
        const low = word & -word;
        pairs.push(((w << 5) + 31 - Math.clz32(low)) * n + k);
        word ^= low;
      }
    }
  });
  return { ms: now() - t0, buildMs, pairs };
}

/**
 * Evaluation of a query's program over the batch's leaf sets (percolator-batch.ts): a flat CNF in one loop
 * with scratch accumulators (only a non-empty result is stored in the arena), or — for the rare query whose
 * CNF would blow up — its tree.
 */
import type { BatchLeaves } from './percolator-batch-leaves.js';
import type { BitsetArena } from './percolator-bitsets.js';
import { K_AND, K_LEAF, K_OR, type CNode } from './percolator-compile.js';

export class QueryEvaluator {
  private acc = new Int32Array(32);
  private clause = new Int32Array(32);
  private live = new Int32Array(32);
  /** After a non-empty `cnf`: how many words of its result are non-zero (they are `resultWords()`). */
  resultWordCount = 0;
  /**
   * The one set every `cnf` result is written to: a result is read (by the table writer) before the next
   * query is evaluated, so a set per result — 20,000 sets of a 3,000-paper pass, 40 % of the arena —
   * was memory the pass wrote once and then only zeroed.
   */
  private result = 0;

  constructor(
    private readonly arena: BitsetArena,
    private readonly leaves: BatchLeaves,
  ) {}

  /** Sizes the scratch for the arena's current batch (just reset) and takes the result set from it. */
  begin(): void {
    const words = this.arena.words;
    if (this.acc.length < words) [this.acc, this.clause, this.live] = [new Int32Array(words), new Int32Array(words), new Int32Array(words)];
    this.result = this.arena.alloc();
    this.resultWordCount = 0;
  }

  /**
   * A flat CNF (CompiledQuery.cnf in code[from, to)) over the leaves' sets: the papers where every clause
   * has a true literal. Only the words still non-zero are visited (`live`): the evaluation starts from a
   * clause of one plain leaf when there is one (the first such clause: compile order puts the likely-false
   * ones first), so that only that set's non-zero words are live, and after the first clauses most queries
   * are down to a word or two. A non-empty result is written to the evaluator's result set (only its live
   * words: the previous result's are zeroed first), valid until the next call.
   */
  cnf(code: Int32Array, from: number, to: number): number {
    this.clearResult();
    const seed = firstPlainClause(code, from, to);
    let n = seed >= 0 ? this.seedLeaf(code[seed + 1]! >> 1) : from === to ? this.seedAll() : this.seedClause(code, from + 1, from + 1 + code[from]!);
    const seeded = seed >= 0 ? seed : from;
    for (let i = from; i < to && n > 0; ) {
      const end = i + 1 + code[i]!;
      if (i !== seeded) n = end === i + 2 ? this.andLiteral(code[i + 1]!, n) : this.andClause(code, i + 1, end, n);
      i = end;
    }
    if (n === 0) return 0;
    const { acc, live } = this;
    this.resultWordCount = n;
    const out = this.result;
    const data = this.arena.data;
    for (let k = 0; k < n; k++) data[out + live[k]!] = acc[live[k]!]!;
    return out;
  }

  /** Zeroes the words the last non-empty result wrote (still listed in `live`: nothing has run since). */
  private clearResult(): void {
    const n = this.resultWordCount;
    if (n === 0) return;
    const { live, result } = this;
    const data = this.arena.data;
    for (let k = 0; k < n; k++) data[result + live[k]!] = 0;
    this.resultWordCount = 0;
  }

  /** The non-zero words of the last non-empty `cnf` result, ascending (the first `resultWordCount`). */
  resultWords(): Int32Array {
    return this.live;
  }

  /** Starts from a leaf's set: its non-zero words are the live ones. Returns how many. */
  private seedLeaf(leaf: number): number {
    const src = this.leaves.bitset(leaf);
    if (src === 0) return 0;
    const { acc, live } = this;
    const { data, words } = this.arena;
    let n = 0;
    for (let w = 0; w < words; w++) {
      const v = data[src + w]!;
      if (v !== 0) {
        acc[w] = v;
        live[n++] = w;
      }
    }
    return n;
  }

  /** Starts from every paper (a CNF without clauses holds everywhere). Returns how many words are live. */
  private seedAll(): number {
    const { words, tailMask } = this.arena;
    for (let w = 0; w < words; w++) {
      this.acc[w] = -1;
      this.live[w] = w;
    }
    this.acc[words - 1] = tailMask;
    return words;
  }

  /** Starts from the clause of literals code[from, to) over every word. Returns how many words are live. */
  private seedClause(code: Int32Array, from: number, to: number): number {
    const { acc, live } = this;
    const { words, tailMask } = this.arena;
    acc.fill(0, 0, words);
    for (let j = from; j < to; j++) {
      const lit = code[j]!;
      const src = this.leaves.bitset(lit >> 1);
      const data = this.arena.data;
      if ((lit & 1) === 0) {
        if (src !== 0) for (let w = 0; w < words; w++) acc[w]! |= data[src + w]!;
      } else if (src === 0) {
        acc.fill(-1, 0, words); // the NOT of an empty set: the clause holds everywhere
        break;
      } else for (let w = 0; w < words; w++) acc[w]! |= ~data[src + w]!;
    }
    acc[words - 1]! &= tailMask;
    let n = 0;
    for (let w = 0; w < words; w++) if (acc[w] !== 0) live[n++] = w;
    return n;
  }

  /** ANDs one literal into the first `n` live words; returns how many stay non-zero. */
  private andLiteral(lit: number, n: number): number {
    const src = this.leaves.bitset(lit >> 1);
    const negated = (lit & 1) !== 0;
    if (src === 0) return negated ? n : 0;
    const flip = negated ? -1 : 0;
    const { acc, live } = this;
    const data = this.arena.data;
    let kept = 0;
    for (let k = 0; k < n; k++) {
      const w = live[k]!;
      const v = acc[w]! & (data[src + w]! ^ flip);
      acc[w] = v;
      if (v !== 0) live[kept++] = w;
    }
    return kept;
  }

  /** ANDs the clause of literals code[from, to) into the first `n` live words; returns how many stay non-zero. */
  private andClause(code: Int32Array, from: number, to: number, n: number): number {
    if (!this.clauseOver(code, from, to, n)) return n;
    const { acc, live, clause } = this;
    let kept = 0;
    for (let k = 0; k < n; k++) {
      const w = live[k]!;
      const v = acc[w]! & clause[k]!;
      acc[w] = v;
      if (v !== 0) live[kept++] = w;
    }
    return kept;
  }

  /**
   * The clause of literals code[from, to) on the first `n` live words, into `clause[k]` for `live[k]`;
   * false when it holds everywhere (the NOT of an empty set), so there is nothing to AND.
   */
  private clauseOver(code: Int32Array, from: number, to: number, n: number): boolean {
    const { live, clause } = this;
    clause.fill(0, 0, n);
    for (let j = from; j < to; j++) {
      const lit = code[j]!;
      const src = this.leaves.bitset(lit >> 1);
      const data = this.arena.data;
      if ((lit & 1) === 0) {
        if (src !== 0) for (let k = 0; k < n; k++) clause[k]! |= data[src + live[k]!]!;
      } else if (src === 0) return false;
      else for (let k = 0; k < n; k++) clause[k]! |= ~data[src + live[k]!]!;
    }
    return true;
  }

  /** A query tree too big for a CNF, walked over sets (rare). */
  tree(node: CNode): number {
    if (node.k === K_LEAF) return this.leaves.bitset(node.leaf);
    const a = this.arena;
    const W = a.words;
    if (node.k === K_AND || node.k === K_OR) {
      const and = node.k === K_AND;
      let out = -1;
      for (const child of node.c) {
        const b = this.tree(child);
        if (b === 0) {
          if (and) return 0;
          continue;
        }
        if (out < 0) {
          out = a.alloc();
          a.data.copyWithin(out, b, b + W);
        } else for (let w = 0; w < W; w++) a.data[out + w] = and ? a.data[out + w]! & a.data[b + w]! : a.data[out + w]! | a.data[b + w]!;
      }
      return out < 0 || a.isEmpty(out) ? 0 : out;
    }
    const b = this.tree(node.c[0]!);
    const out = a.alloc();
    for (let w = 0; w < W; w++) a.data[out + w] = b === 0 ? -1 : ~a.data[b + w]!;
    a.data[out + W - 1]! &= a.tailMask;
    return a.isEmpty(out) ? 0 : out;
  }
}

/** Where the first clause of one plain (not negated) literal of the CNF code[from, to) starts, or -1. */
function firstPlainClause(code: Int32Array, from: number, to: number): number {
  for (let i = from; i < to; i += 1 + code[i]!) if (code[i] === 1 && (code[i + 1]! & 1) === 0) return i;
  return -1;
}

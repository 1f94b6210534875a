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

  constructor(
    private readonly arena: BitsetArena,
    private readonly leaves: BatchLeaves,
  ) {}

  /** Sizes the scratch for the arena's current batch. */
  begin(): void {
    const words = this.arena.words;
    if (this.acc.length < words) [this.acc, this.clause, this.live] = [new Int32Array(words), new Int32Array(words), new Int32Array(words)];
  }

  /**
   * A flat CNF (CompiledQuery.cnf in code[from, to)) over the leaves' sets: the papers where every clause
   * has a true literal. Only the words still non-zero are visited (`live`): the first clauses are the
   * likely-false ones (compile order), so after them most queries are down to a word or two. A non-empty
   * result is stored (the arena is fresh, so only its live words are written).
   */
  cnf(code: Int32Array, from: number, to: number): number {
    const { words: W, tailMask } = this.arena;
    const { acc, live, clause } = this;
    let n = 0;
    let i = from;
    if (code[i] === 1 && (code[i + 1]! & 1) === 0) {
      // a first clause of one plain leaf (the usual rarest word): the live words are that set's non-zero ones
      const src = this.leaves.bitset(code[i + 1]! >> 1);
      if (src === 0) return 0;
      const data = this.arena.data;
      for (let w = 0; w < W; w++) {
        const v = data[src + w]!;
        if (v !== 0) {
          acc[w] = v;
          live[n++] = w;
        }
      }
      i += 2;
    } else {
      for (let w = 0; w < W; w++) {
        acc[w] = -1;
        live[w] = w;
      }
      acc[W - 1] = tailMask;
      n = W;
    }
    for (; i < to; ) {
      const end = i + 1 + code[i]!;
      if (this.clauseOver(code, i + 1, end, n)) {
        let kept = 0;
        for (let k = 0; k < n; k++) {
          const w = live[k]!;
          const v = acc[w]! & clause[k]!;
          acc[w] = v;
          if (v !== 0) live[kept++] = w;
        }
        n = kept;
        if (n === 0) return 0;
      }
      i = end;
    }
    const out = this.arena.alloc();
    const data = this.arena.data;
    for (let k = 0; k < n; k++) data[out + live[k]!] = acc[live[k]!]!;
    return out;
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

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

  constructor(
    private readonly arena: BitsetArena,
    private readonly leaves: BatchLeaves,
  ) {}

  /** Sizes the scratch for the arena's current batch. */
  begin(): void {
    const words = this.arena.words;
    if (this.acc.length < words) [this.acc, this.clause] = [new Int32Array(words), new Int32Array(words)];
  }

  /**
   * A flat CNF (CompiledQuery.cnf in code[from, to)) over the leaves' sets: the papers where every clause
   * has a true literal. Accumulates in scratch and stores only a non-empty result.
   */
  cnf(code: Int32Array, from: number, to: number): number {
    const { words: W, tailMask } = this.arena;
    const acc = this.acc;
    acc.fill(-1, 0, W);
    acc[W - 1] = tailMask;
    for (let i = from; i < to; ) {
      const end = i + 1 + code[i]!;
      const first = code[i + 1]!;
      if (end === i + 2 && (first & 1) === 0) {
        // one positive literal: AND its set in directly
        const src = this.leaves.bitset(first >> 1);
        if (src === 0) return 0;
        const data = this.arena.data;
        for (let w = 0; w < W; w++) acc[w]! &= data[src + w]!;
      } else if (!this.clauseInto(code, i + 1, end)) return 0;
      let live = 0;
      for (let w = 0; w < W; w++) live |= acc[w]!;
      if (live === 0) return 0;
      i = end;
    }
    const out = this.arena.alloc();
    this.arena.data.set(acc.subarray(0, W), out);
    return out;
  }

  /** ANDs the clause of literals code[from, to) into `acc`; false when nothing can be left. */
  private clauseInto(code: Int32Array, from: number, to: number): boolean {
    const W = this.arena.words;
    const clause = this.clause;
    clause.fill(0, 0, W);
    for (let j = from; j < to; j++) {
      const lit = code[j]!;
      const src = this.leaves.bitset(lit >> 1);
      const data = this.arena.data;
      if ((lit & 1) === 0) {
        if (src !== 0) for (let w = 0; w < W; w++) clause[w]! |= data[src + w]!;
      } else if (src === 0) return true; // NOT of an empty set: every paper, the clause holds
      else for (let w = 0; w < W; w++) clause[w]! |= ~data[src + w]!;
    }
    for (let w = 0; w < W; w++) this.acc[w]! &= clause[w]!;
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

/**
 * Verification programs of every indexed query, packed in ONE Int32Array so that checking a candidate costs
 * one random access (slot → offset → program) instead of a chain of object hops (entry → compiled query →
 * tree → children → typed array): on a big heap each hop is a likely cache miss, and a paper has hundreds
 * of candidates. A program is `[head, cnfLength, cnf…, planLength, planFlat…]`: head ≥ 0 is the leaf id of
 * a single-term query; -1 means "evaluate the CNF that follows"; -2 means "walk the query tree" (CNF too
 * big). `planFlat` is CompiledQuery.planFlat (the reason steps). Freed programs become garbage that is
 * compacted away once it exceeds the live part.
 */
import type { CompiledQuery } from './percolator-compile.js';
import { K_LEAF } from './percolator-compile.js';

export const PROGRAM_TREE = -2;
export const PROGRAM_CNF = -1;

export class ProgramPool {
  code = new Int32Array(4096);
  /** offset[slot] = start of the slot's program in `code`, -1 when the slot is free. */
  offset = new Int32Array(1024).fill(-1);
  private used = 0;
  private garbage = 0;

  set(slot: number, c: CompiledQuery): void {
    if (slot >= this.offset.length) {
      let n = this.offset.length;
      while (n <= slot) n *= 2;
      const bigger = new Int32Array(n).fill(-1);
      bigger.set(this.offset);
      this.offset = bigger;
    }
    const program = programOf(c);
    this.reserve(program.length);
    this.code.set(program, this.used);
    this.offset[slot] = this.used;
    this.used += program.length;
  }

  free(slot: number): void {
    const off = this.offset[slot]!;
    if (off < 0) return;
    this.garbage += this.lengthAt(off);
    this.offset[slot] = -1;
    if (this.garbage > 4096 && this.garbage * 2 > this.used) this.compact();
  }

  /** Offset of the plan's first word (after its length) in the program at `off`. */
  planStart(off: number): number {
    return off + 3 + this.code[off + 1]!;
  }

  private lengthAt(off: number): number {
    const planLenAt = off + 2 + this.code[off + 1]!;
    return planLenAt + 1 + this.code[planLenAt]! - off;
  }

  private reserve(n: number): void {
    if (this.used + n <= this.code.length) return;
    let size = this.code.length;
    while (size < this.used + n) size *= 2;
    const bigger = new Int32Array(size);
    bigger.set(this.code.subarray(0, this.used));
    this.code = bigger;
  }

  private compact(): void {
    const code = new Int32Array(Math.max(4096, this.code.length));
    let w = 0;
    for (let slot = 0; slot < this.offset.length; slot++) {
      const off = this.offset[slot]!;
      if (off < 0) continue;
      const len = this.lengthAt(off);
      code.set(this.code.subarray(off, off + len), w);
      this.offset[slot] = w;
      w += len;
    }
    this.code = code;
    this.used = w;
    this.garbage = 0;
  }
}

function programOf(c: CompiledQuery): Int32Array {
  const head = c.root.k === K_LEAF ? c.root.leaf : c.cnf === null ? PROGRAM_TREE : PROGRAM_CNF;
  const cnf = head === PROGRAM_CNF ? c.cnf! : new Int32Array(0);
  const out = new Int32Array(3 + cnf.length + c.planFlat.length);
  out[0] = head;
  out[1] = cnf.length;
  out.set(cnf, 2);
  out[2 + cnf.length] = c.planFlat.length;
  out.set(c.planFlat, 3 + cnf.length);
  return out;
}

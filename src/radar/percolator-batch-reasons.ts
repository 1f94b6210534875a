/**
 * Reasons of the batch's matches, through the same per-slot cache as the paper-by-paper path
 * (percolator-reasons.ts): keyed by the leaf's value bits for a one-leaf query, by the mask of plan steps that hit
 * otherwise, so both paths hand out the very same frozen arrays. Work per match is kept to a few bit tests:
 * a one-leaf query on a non-text field has the same reasons on every paper (looked up once per query), and a
 * small plan gathers its steps' field sets once per query, then tests one bit per step and paper. A match's
 * reasons are handed out as an index into the pass's `sets`, each array listed once per query and key.
 */
import type { BatchLeaves } from './percolator-batch-leaves.js';
import { lowestBit, type BitsetArena } from './percolator-bitsets.js';
import { BIT_ABSTRACT, BIT_TITLE } from './percolator-dictionary.js';
import type { ProgramPool } from './percolator-pool.js';
import { buildReasons, planMask, type ReasonCache } from './percolator-reasons.js';
import type { MatchReason } from './subscription.js';

export class SlotReasons {
  /** The current slot's plan steps that can hit: `[count, set offset…]` per step (empty sets left out). */
  private steps = new Int32Array(64);
  private stepCount = 0;
  private slot = -1;
  private head = 0;
  private planStart = 0;
  private planEnd = 0;
  private cache: ReasonCache;
  /** The reasons arrays of this pass's matches (MatchTable.reasonSets). */
  sets: (readonly MatchReason[])[] = [];
  /** The current slot's index into `sets` per cache key (valid when keyStamp === stamp). */
  private keyIndex = new Int32Array(64);
  private keyStamp = new Int32Array(64);
  private stamp = 0;
  private constantIndex = -1;
  /** A one-text-leaf query's title and abstract sets. */
  private titleSet = 0;
  private abstractSet = 0;
  private stepWord = new Int32Array(32);
  /** Per gathered step: its number in the plan (its bit in a key). */
  private stepBit = new Int32Array(32);
  /** fillStepsWord's steps that split the word: their papers in it, their key bits. */
  private splitWord = new Int32Array(32);
  private splitBit = new Int32Array(32);

  constructor(
    private readonly arena: BitsetArena,
    private readonly leaves: BatchLeaves,
    private readonly pool: () => ProgramPool,
    private readonly stepReasons: (slot: number) => readonly MatchReason[],
  ) {}

  /** Starts a pass: a new list of reasons arrays. */
  reset(): void {
    this.sets = [];
  }

  /** Prepares for `slot`, whose query matched the papers of the set `res` (every plan leaf computed). */
  begin(slot: number, res: number, cache: ReasonCache): void {
    const pool = this.pool();
    const { code, offset } = pool;
    const off = offset[slot]!;
    this.slot = slot;
    this.cache = cache;
    this.head = code[off]!;
    this.planStart = pool.planStart(off);
    this.planEnd = this.planStart + code[this.planStart - 1]!;
    this.stepCount = 0;
    this.constantIndex = -1;
    this.stamp++;
    if (this.head >= 0 && this.leaves.isFieldless(this.head)) {
      this.constantIndex = this.sets.push(this.compute(this.arena.first(res))) - 1;
    } else if (this.head >= 0) {
      this.titleSet = this.leaves.fieldSet(this.head, BIT_TITLE);
      this.abstractSet = this.leaves.fieldSet(this.head, BIT_ABSTRACT);
    } else if (cache !== undefined && !this.arena.single(res)) this.gatherSteps(code);
  }

  /**
   * Writes into why[at…] the reasons (an index into `sets`) of the current slot's match on each paper of
   * `word`, word `w` of its result; returns the end. The key of every paper of the word comes from one word
   * of each set the reasons read: a bit per step or field, no per-paper loads.
   */
  fillWord(w: number, word: number, why: Int32Array, at: number): number {
    if (this.constantIndex >= 0) {
      for (; word !== 0; word &= word - 1) why[at++] = this.constantIndex;
      return at;
    }
    const data = this.arena.data;
    if (this.stepCount > 0) return this.fillStepsWord(w, word, why, at);
    if (this.head >= 0) {
      // a one-text-leaf query: the key is the leaf's value, title and abstract bits
      const inTitle = data[this.titleSet + w]! & word;
      const inAbstract = data[this.abstractSet + w]! & word;
      if ((inTitle === 0 || inTitle === word) && (inAbstract === 0 || inAbstract === word)) {
        // the same key for every paper of the word
        const key = (inTitle === 0 ? 0 : BIT_TITLE) | (inAbstract === 0 ? 0 : BIT_ABSTRACT);
        const index = this.indexOfKey(key, (w << 5) + lowestBit(word));
        for (; word !== 0; word &= word - 1) why[at++] = index;
        return at;
      }
      for (; word !== 0; word &= word - 1) {
        const b = lowestBit(word);
        const key = (((inTitle >>> b) & 1) * BIT_TITLE) | (((inAbstract >>> b) & 1) * BIT_ABSTRACT);
        why[at++] = this.indexOfKey(key, (w << 5) + b);
      }
    } else {
      // a plan with one match, or too big to cache: worked out paper by paper
      for (; word !== 0; word &= word - 1) why[at++] = this.sets.push(this.compute((w << 5) + lowestBit(word))) - 1;
    }
    return at;
  }

  /**
   * fillWord for a plan: a step whose papers cover the whole word (or none of it) gives every paper of the word
   * the same bit, so only the steps that split the word are read paper by paper — usually none or one.
   */
  private fillStepsWord(w: number, word: number, why: Int32Array, at: number): number {
    const stepWords = this.stepWords(w);
    const { splitWord, splitBit } = this;
    let base = 0;
    let splits = 0;
    for (let s = 0; s < this.stepCount; s++) {
      const hit = stepWords[s]! & word;
      if (hit === word) base |= 1 << this.stepBit[s]!;
      else if (hit !== 0) {
        splitWord[splits] = hit;
        splitBit[splits++] = this.stepBit[s]!;
      }
    }
    if (splits === 0) {
      const index = this.indexOfKey(base, (w << 5) + lowestBit(word));
      for (; word !== 0; word &= word - 1) why[at++] = index;
      return at;
    }
    for (; word !== 0; word &= word - 1) {
      const b = lowestBit(word);
      let key = base;
      for (let s = 0; s < splits; s++) key |= ((splitWord[s]! >>> b) & 1) << splitBit[s]!;
      why[at++] = this.indexOfKey(key, (w << 5) + b);
    }
    return at;
  }

  /** The index in `sets` of the current slot's reasons for `key` (first seen on paper `i`). */
  private indexOfKey(key: number, i: number): number {
    if (this.keyStamp[key] === this.stamp) return this.keyIndex[key]!;
    const index = this.sets.push(this.cache?.[key] ?? this.compute(i)) - 1;
    this.keyStamp[key] = this.stamp;
    this.keyIndex[key] = index;
    return index;
  }

  /** Word `w` of each step's papers (the union of its sets). */
  private stepWords(w: number): Int32Array {
    const buf = this.steps;
    const data = this.arena.data;
    for (let s = 0, at = 0; s < this.stepCount; s++) {
      const end = at + 1 + buf[at]!;
      let union = 0;
      for (let k = at + 1; k < end; k++) union |= data[buf[k]! + w]!;
      this.stepWord[s] = union;
      at = end;
    }
    return this.stepWord;
  }

  /** The current slot's plan steps that have a non-empty set (their sets, and their step numbers in `stepBit`). */
  private gatherSteps(code: Int32Array): void {
    const planSize = this.planEnd - this.planStart;
    if (this.steps.length < planSize) this.steps = new Int32Array(planSize * 2);
    if (this.stepBit.length < planSize) {
      [this.stepBit, this.stepWord, this.splitWord, this.splitBit] = [new Int32Array(planSize), new Int32Array(planSize), new Int32Array(planSize), new Int32Array(planSize)];
    }
    const buf = this.steps;
    let n = 0;
    let at = 0;
    for (let j = this.planStart, step = 0; j < this.planEnd; step++) {
      const bit = code[j]!;
      const stepEnd = j + 2 + code[j + 1]!;
      const countAt = at++;
      for (let l = j + 2; l < stepEnd; l++) {
        const set = this.leaves.fieldSet(code[l]!, bit);
        if (set !== 0) buf[at++] = set;
      }
      if (at === countAt + 1) at = countAt; // no set: the step never hits
      else {
        buf[countAt] = at - countAt - 1;
        this.stepBit[n++] = step;
      }
      j = stepEnd;
    }
    this.stepCount = n;
  }

  /** The reasons on paper `i` from the plan itself, through the cache. */
  private compute(i: number): readonly MatchReason[] {
    const code = this.pool().code;
    const cache = this.cache;
    // a one-leaf query (most calls here) finds its reasons without the closure the plan walks need
    const key = this.head >= 0 ? this.leaves.bits(this.head, i) : cache === undefined ? 0 : -1;
    const hit = key >= 0 ? cache?.[key] : undefined;
    if (hit !== undefined) return hit;
    const leafBits = (leaf: number): number => this.leaves.bits(leaf, i);
    const mask = key >= 0 ? key : planMask(code, this.planStart, leafBits);
    return cache?.[mask] ?? buildReasons(code, this.planStart, this.stepReasons(this.slot), cache, mask, leafBits);
  }
}

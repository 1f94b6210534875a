/**
 * Writing a batch pass's match table (percolator-batch.ts), by subscription: each matching query's papers are
 * written once, ascending, with a reasons index per paper (worked out a word of papers at a time), and every
 * subscription points at its query's range — subscriptions sharing a query share it, nothing is copied per
 * subscription and nothing is sorted. Typed arrays: a day at 100,000 subscriptions has millions of matches.
 */
import { SlotReasons } from './percolator-batch-reasons.js';
import { lowestBit, type BitsetArena } from './percolator-bitsets.js';
import type { SubscriptionOrder } from './percolator-order.js';
import type { ReasonCache } from './percolator-reasons.js';
import type { MatchTable } from './subscription.js';

const EMPTY = new Int32Array(0);
/** Subscriptions pointed at their ranges per step of `finishSteps`. */
const FINISH_STEP = 32768;

export class TableWriter {
  /**
   * The pass's matches: new arrays for every pass, sized by the last one's matches per paper, handed to the
   * table as they are (a copy of a day's millions of matches cost time and, while both existed, memory).
   */
  private paper = EMPTY;
  private reason = EMPTY;
  /** Matches per paper the last pass wrote: a pass of a few papers after a day's does not size for the day. */
  private perPaper = 0;
  /** Per slot, valid when rangeEpoch === epoch: its matches are paper[rangeFrom] … paper[rangeTo - 1]. */
  private rangeEpoch = new Uint32Array(1024);
  private rangeFrom = new Int32Array(1024);
  private rangeTo = new Int32Array(1024);
  private epoch = 0;
  private used = 0;

  constructor(
    private readonly arena: BitsetArena,
    private readonly reasons: SlotReasons,
  ) {}

  /** Room for slots 0 … size - 1. */
  ensureSlots(size: number): void {
    if (this.rangeEpoch.length >= size) return;
    [this.rangeEpoch, this.rangeFrom, this.rangeTo] = [new Uint32Array(size * 2), new Int32Array(size * 2), new Int32Array(size * 2)];
    this.epoch = 0;
  }

  /** Starts a pass's table. */
  begin(): void {
    if (++this.epoch === 0xffffffff) {
      this.rangeEpoch.fill(0);
      this.epoch = 1;
    }
    this.reasons.reset();
    this.used = 0;
    const expected = Math.ceil(this.perPaper * this.arena.n);
    const size = Math.max(1024, expected + (expected >>> 3));
    [this.paper, this.reason] = [new Int32Array(size), new Int32Array(size)];
  }

  /**
   * Adds the matches of `slot`, whose result set `res` was just computed: written right away, while the
   * sets its reasons read are still in the cache from its evaluation. `words[0, wordCount)` lists the set's
   * non-zero words when the evaluation knows them (null: every word is read).
   */
  add(slot: number, res: number, cache: ReasonCache, words: Int32Array | null, wordCount: number): void {
    this.used = this.writeSlot(slot, res, cache, words, wordCount, this.used);
  }

  /**
   * The table: every subscription of `order` pointing at its query's range — in steps of FINISH_STEP
   * subscriptions (100,000 took 5–8 ms of a warm process: each reads its slot's range at random).
   */
  *finishSteps(order: SubscriptionOrder): Generator<void, MatchTable, void> {
    const { slots, ids } = order;
    const [from, to] = [new Int32Array(ids.length), new Int32Array(ids.length)];
    for (let k = 0; k < ids.length; k++) {
      const slot = slots[k]!;
      if (k % FINISH_STEP === FINISH_STEP - 1) yield;
      if (this.rangeEpoch[slot] !== this.epoch) continue;
      from[k] = this.rangeFrom[slot]!;
      to[k] = this.rangeTo[slot]!;
    }
    const { paper, reason, used } = this;
    [this.paper, this.reason, this.perPaper] = [EMPTY, EMPTY, used / Math.max(1, this.arena.n)];
    // arrays mostly empty (far fewer matches per paper than the last pass) are copied: the table may be kept for long
    const fit = (a: Int32Array): Int32Array => (used * 2 < a.length ? a.slice(0, used) : a.subarray(0, used));
    return { papers: this.arena.n, ids, from, to, paper: fit(paper), reason: fit(reason), reasonSets: this.reasons.sets };
  }

  /** Writes the papers of `slot`'s result set `res` and their reasons at `at`; returns the end. */
  private writeSlot(slot: number, res: number, cache: ReasonCache, words: Int32Array | null, wordCount: number, at: number): number {
    const { data, words: W } = this.arena;
    if (at + 32 * W > this.paper.length) this.grow(at + 32 * W);
    this.reasons.begin(slot, res, cache);
    const start = at;
    if (words === null) for (let w = 0; w < W; w++) at = this.writeWord(w, data[res + w]!, at);
    else for (let k = 0; k < wordCount; k++) at = this.writeWord(words[k]!, data[res + words[k]!]!, at);
    this.rangeEpoch[slot] = this.epoch;
    this.rangeFrom[slot] = start;
    this.rangeTo[slot] = at;
    return at;
  }

  /** Writes the papers of word `w` of a result (`word`, maybe 0) and their reasons at `at`; returns the end. */
  private writeWord(w: number, word: number, at: number): number {
    if (word === 0) return at;
    const paper = this.paper;
    const wordStart = at;
    for (let bits = word; bits !== 0; bits &= bits - 1) paper[at++] = (w << 5) + lowestBit(bits);
    this.reasons.fillWord(w, word, this.reason, wordStart);
    return at;
  }

  private grow(size: number): void {
    const n = Math.max(size, this.paper.length * 2);
    const [paper, reason] = [new Int32Array(n), new Int32Array(n)];
    paper.set(this.paper);
    reason.set(this.reason);
    [this.paper, this.reason] = [paper, reason];
  }
}

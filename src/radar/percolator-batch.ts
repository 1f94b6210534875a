/**
 * Batch percolation: many papers (the match cache's day window, up to MAX_BATCH per pass) are matched
 * against every indexed query at once. One paper at a time, each of a paper's hundreds of candidate queries
 * costs several random memory accesses on a 100k-query index (program, leaf memo, reasons cache, result
 * scratch). The batch turns the work around: every leaf is evaluated ONCE for the slice, as a bitset over its
 * papers (percolator-batch-leaves.ts); every candidate query once, in slot order, as AND/OR/NOT over those
 * sets in a flat loop; and each matching query's papers are written once into a table by subscription
 * (percolator-batch-table.ts: every subscription points at its query's range, nothing is sorted). Results are
 * identical to the per-paper path (percolator.ts `match`): same sets, same order, the same shared reasons
 * arrays (test/unit/radar-percolator-batch.test.ts; the matcher bench checks every paper of its day).
 */
import type { Paper } from '../papers/paper.js';
import { BatchLeaves } from './percolator-batch-leaves.js';
import { SlotReasons } from './percolator-batch-reasons.js';
import { TableWriter } from './percolator-batch-table.js';
import { BitsetArena, lowestBit } from './percolator-bitsets.js';
import { QueryEvaluator } from './percolator-batch-eval.js';
import type { CNode } from './percolator-compile.js';
import type { LeafTable, TokenDictionary } from './percolator-dictionary.js';
import type { SubscriptionOrder } from './percolator-order.js';
import { PROGRAM_CNF, type ProgramPool } from './percolator-pool.js';
import { ANCHOR_SHIFT, type AnchorPostings } from './percolator-postings.js';
import type { ReasonCache } from './percolator-reasons.js';
import { concatMatchTables, type MatchReason, type MatchTable } from './subscription.js';
import type { TopicHits } from './topic-leaf.js';

/** What the batch reads from the percolator's index; percolator.ts owns it and keeps it current. */
export interface BatchIndex {
  readonly dict: TokenDictionary;
  readonly leaves: LeafTable;
  readonly pool: ProgramPool;
  readonly postings: AnchorPostings;
  /** One more than the highest slot ever used. */
  readonly slotCount: number;
  /** The query tree of a slot whose program is PROGRAM_TREE. */
  treeOf(slot: number): CNode;
  /** The reason of each plan step of a slot, in plan order. */
  stepReasons(slot: number): readonly MatchReason[];
  /** Per slot, the reasons cache shared with the paper-by-paper path (see percolator-batch-reasons.ts). */
  reasonCaches(): readonly ReasonCache[];
  /**
   * Live subscriptions in insertion (seq) order (the match order) with their slots, built in steps when
   * they changed since the last build. Resume it only while `version` is unchanged.
   */
  orderSteps(): Generator<void, SubscriptionOrder, void>;
  /** Changes with every add and remove: a pass suspended across a change starts over. */
  readonly version: number;
  /** No query is indexed. */
  readonly empty: boolean;
}

/** Papers matched per pass: bounds the arena (sets of `MAX_BATCH / 32` ints). */
export const MAX_BATCH = 4096;
/** Restarts of a batch (subscriptions changed between its steps) before it runs to the end in one go. */
const MAX_RESTARTS = 3;
// work per step of `steps`, about a millisecond at 100,000 subscriptions; query evaluations and match
// writes cost in proportion to the ints per set, so their share shrinks as the batch grows
const STEP_PAPERS = 16;
const STEP_TOKENS = 1024;
const stepQueries = (words: number): number => Math.max(64, Math.floor(65536 / words));
/**
 * A step also ends once it has run this long, whatever it has done: those sizes hold for code that has
 * run before. A process's first pass runs every loop for the first time (interpreted, then compiled) and
 * writes memory it has never touched — its steps of the sizes above measured 35–45 ms each (the event loop
 * held that long, commands waiting) where the same steps later take ~2 ms.
 */
const STEP_MS = 2;
/** Queries evaluated between two looks at the clock. */
const CLOCK_EVERY = 16;

export class BatchMatcher {
  private readonly arena = new BitsetArena();
  private readonly leaves: BatchLeaves;
  private readonly evaluator: QueryEvaluator;
  /** A bit per slot: its query is a candidate of the pass (a set of slots, listed in order without a sort). */
  private candidateBits = new Int32Array(32);
  private candidates = new Int32Array(1024);
  private readonly table: TableWriter;
  /** The last evaluated query was a CNF (its result's non-zero words are listed by the evaluator). */
  private fromCnf = false;

  constructor(private readonly index: BatchIndex) {
    this.leaves = new BatchLeaves(this.arena, () => index.dict, () => index.leaves);
    this.evaluator = new QueryEvaluator(this.arena, this.leaves);
    const reasons = new SlotReasons(this.arena, this.leaves, () => index.pool, (slot) => index.stepReasons(slot));
    this.table = new TableWriter(this.arena, reasons);
  }

  /**
   * The matches of every paper (row `i` for `papers[i]`, in subscription insertion order), in steps of
   * about a millisecond each (a few papers tokenised, a few thousand queries evaluated, a few thousand
   * subscriptions' matches written — and a step also ends after STEP_MS on the clock), for a caller that
   * yields to the event loop between steps. If the subscriptions change between two steps, the batch starts
   * over.
   */
  *steps(papers: readonly Paper[], topics?: TopicHits): Generator<void, MatchTable, void> {
    const parts: MatchTable[] = [];
    // passes of equal size: 6,000 papers as 2 × 3,000, not 4,096 + 1,904
    const passes = Math.max(1, Math.ceil(papers.length / MAX_BATCH));
    const size = Math.max(1, Math.ceil(papers.length / passes));
    let version = this.index.version;
    let restarts = 0;
    for (let from = 0; from < papers.length || parts.length === 0; ) {
      const slice = passes === 1 ? papers : papers.slice(from, from + size);
      // subscriptions changing faster than a pass completes must not starve it: after a few restarts the
      // passes run without giving control away (one long stretch instead of none at all)
      const pass = this.pass(slice, topics, version);
      const table = restarts < MAX_RESTARTS ? yield* pass : drain(pass);
      if (table === undefined) {
        // the subscriptions changed: every pass starts over, so that all rows see the same subscriptions
        version = this.index.version;
        restarts++;
        parts.length = 0;
        from = 0;
        continue;
      }
      parts.push(table);
      from += size;
    }
    return parts.length === 1 ? parts[0]! : concatMatchTables(parts);
  }

  /** One pass over ≤ MAX_BATCH papers; undefined when the index changed while it was suspended. */
  private *pass(papers: readonly Paper[], topics: TopicHits | undefined, version: number): Generator<void, MatchTable | undefined, void> {
    this.begin(papers);
    try {
      const loading = new StepBudget(STEP_PAPERS, 1);
      for (let i = 0; i < papers.length; i++) {
        this.leaves.load(i, papers[i]!, topics);
        if (!loading.spent()) continue;
        if ((yield, this.index.version !== version)) return undefined;
        loading.start();
      }
      const touched = this.leaves.touched;
      for (let t = 0; t < touched.length; t += STEP_TOKENS) {
        this.collectCandidates(touched, t, Math.min(touched.length, t + STEP_TOKENS));
        if ((yield, this.index.version !== version)) return undefined;
      }
      // in slot order, programs and (mostly) leaves are read front to back instead of at random
      const count = this.listCandidates();
      const caches = this.index.reasonCaches();
      this.table.begin();
      const evaluating = new StepBudget(stepQueries(this.arena.words), CLOCK_EVERY);
      for (let k = 0; k < count; k++) {
        const slot = this.candidates[k]!;
        const res = this.evaluate(slot);
        if (res !== 0) {
          // a CNF result lists its non-zero words: the writer visits only those
          const words = this.fromCnf ? this.evaluator.resultWords() : null;
          this.table.add(slot, res, caches[slot], words, this.fromCnf ? this.evaluator.resultWordCount : 0);
        }
        if (!evaluating.spent()) continue;
        if ((yield, this.index.version !== version)) return undefined;
        evaluating.start();
      }
      const order = yield* whileVersion(this.index.orderSteps(), () => this.index.version === version);
      if (order === undefined) return undefined;
      return yield* whileVersion(this.table.finishSteps(order), () => this.index.version === version);
    } finally {
      this.leaves.end();
      this.arena.release();
    }
  }

  private begin(papers: readonly Paper[]): void {
    // a pass of many papers makes about a set per dictionary token (its token sets, pairs, unions and
    // phrases: 0.7–1.5× measured at 1,000–100,000 subscriptions and 3,000 papers)
    this.arena.reset(papers.length, this.index.dict.size);
    this.leaves.begin();
    this.evaluator.begin();
    const slotWords = (this.index.slotCount >>> 5) + 1;
    if (this.candidateBits.length < slotWords) {
      this.candidateBits = new Int32Array(slotWords * 2);
      this.table.ensureSlots(slotWords * 32);
    }
    // a pass given up half-way leaves its marks
    this.candidateBits.fill(0);
  }

  /** Marks as candidates the slots anchored on the batch's tokens touched[from, to). */
  private collectCandidates(touched: readonly number[], from: number, to: number): void {
    const { postings } = this.index;
    const bits = this.candidateBits;
    for (let t = from; t < to; t++) {
      const key = touched[t]!;
      const slots = postings.slotsOf(Math.floor(key / ANCHOR_SHIFT), key % ANCHOR_SHIFT);
      if (slots === undefined) continue;
      for (let j = 0; j < slots.length; j++) bits[slots[j]! >>> 5]! |= 1 << (slots[j]! & 31);
    }
  }

  /** Lists the marked candidates in slot order (and clears the marks); returns how many. */
  private listCandidates(): number {
    const bits = this.candidateBits;
    let count = 0;
    for (let w = 0; w < bits.length; w++) {
      let word = bits[w]!;
      if (word === 0) continue;
      bits[w] = 0;
      if (count + 32 > this.candidates.length) {
        const bigger = new Int32Array(this.candidates.length * 2);
        bigger.set(this.candidates);
        this.candidates = bigger;
      }
      for (; word !== 0; word &= word - 1) this.candidates[count++] = (w << 5) + lowestBit(word);
    }
    return count;
  }

  /** Evaluates the query of `slot` over the batch: its result set (0 for none). */
  private evaluate(slot: number): number {
    const pool = this.index.pool;
    const { code, offset } = pool;
    const off = offset[slot]!;
    const head = code[off]!;
    let res: number;
    this.fromCnf = head === PROGRAM_CNF;
    if (head >= 0) res = this.leaves.bitset(head);
    else if (head === PROGRAM_CNF) res = this.evaluator.cnf(code, off + 2, off + 2 + code[off + 1]!);
    else res = this.evaluator.tree(this.index.treeOf(slot));
    if (res === 0 || head >= 0) return res;
    // the reasons read every leaf of the plan: compute them now, so that writing the table allocates nothing
    const planStart = pool.planStart(off);
    const planEnd = planStart + code[planStart - 1]!;
    for (let j = planStart; j < planEnd; ) {
      const stepEnd = j + 2 + code[j + 1]!;
      for (let l = j + 2; l < stepEnd; l++) this.leaves.bitset(code[l]!);
      j = stepEnd;
    }
    return res;
  }
}

/** The work of one step: it ends after `units` units, or after STEP_MS on the clock (read every `clockEvery` units). */
class StepBudget {
  private done = 0;
  private end = 0;

  constructor(
    private readonly units: number,
    private readonly clockEvery: number,
  ) {
    this.start();
  }

  /** Starts a step — after the caller's yield: the time the event loop had is not the step's. */
  start(): void {
    this.done = 0;
    this.end = performance.now() + STEP_MS;
  }

  /** One unit done; true when the step ends here. */
  spent(): boolean {
    const done = ++this.done;
    return done >= this.units || (done % this.clockEvery === 0 && performance.now() >= this.end);
  }
}

/** Runs `steps`, yielding at each of its steps; undefined as soon as `valid` fails after a yield. */
function* whileVersion<T>(steps: Generator<void, T, void>, valid: () => boolean): Generator<void, T | undefined, void> {
  for (let next = steps.next(); ; next = steps.next()) {
    if (next.done) return next.value;
    yield;
    if (!valid()) return undefined;
  }
}

/** Runs a generator to its end without yielding to anyone. */
export function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

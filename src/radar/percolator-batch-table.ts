/**
 * Writing a batch pass's match table (percolator-batch.ts): the matching queries' subscriptions are marked in
 * insertion (seq) order, each paper's matches counted, then every match written at its paper's place — a
 * subscription index and a reasons index per match, typed arrays, nothing sorted. Each matching query's
 * result is first copied in sparse form (its few non-zero words), so the walks never visit the empty words
 * of a set of thousands of papers; its reasons are worked out once and shared by its subscriptions.
 */
import { SlotReasons } from './percolator-batch-reasons.js';
import { lowestBit, type BitsetArena } from './percolator-bitsets.js';
import type { SubscriptionOrder } from './percolator-order.js';
import type { ReasonCache } from './percolator-reasons.js';
import type { MatchTable } from './subscription.js';

/** What the writer reads from the percolator's index (BatchIndex has it). */
export interface TableSource {
  /** Live subscriptions in insertion (seq) order, and where each slot's ones are. */
  order(): SubscriptionOrder;
  /** Per slot, the reasons cache shared with the paper-by-paper path. */
  reasonCaches(): readonly ReasonCache[];
  /** Changes with every add and remove: a write suspended across a change is given up. */
  readonly version: number;
}

// matches written per step, about a millisecond: marks words of 32 subscriptions, fewer as sets grow
const stepMarkWords = (words: number): number => Math.max(1, Math.floor(2048 / words));

export class TableWriter {
  /** Positions (seq order) of the subscriptions that matched in this pass, a bit each. */
  private marks = new Int32Array(1024);
  /** Per matching slot, where its result starts in `sparse` (see markMatching). */
  private sparseAt = new Int32Array(1024);
  private sparse = new Int32Array(1 << 16);
  private slotRes: Int32Array = new Int32Array(0);

  constructor(
    private readonly arena: BitsetArena,
    private readonly reasons: SlotReasons,
    private readonly source: TableSource,
  ) {}

  /** Room for slots 0 … size - 1. */
  ensureSlots(size: number): void {
    if (this.sparseAt.length < size) this.sparseAt = new Int32Array(size * 2);
  }

  /**
   * Writes the table: marks the positions (seq order) of the matching subscriptions, counts each paper's
   * matches, then walks the marks again writing each match at its paper's place. A query's reasons are
   * worked out once (into `why`, one index per matching paper) and reused by every subscription sharing it.
   * Every plan leaf was computed by `evaluate`, so nothing is allocated in the arena here.
   */
  *write(candidates: Int32Array, candidateCount: number, slotRes: Int32Array, version: number): Generator<void, MatchTable | undefined, void> {
    this.slotRes = slotRes;
    const order = this.source.order();
    const markWords = this.markMatching(order, candidates, candidateCount);
    const { slots, slotStart } = order;
    const { words, n } = this.arena;
    const sparse = this.sparse;
    const start = new Int32Array(n + 1);
    const perStep = stepMarkWords(words);
    for (let m = 0; m < markWords; m++) {
      this.countPerPaper(start, slots, m);
      if (m % perStep === perStep - 1 && (yield, this.source.version !== version)) return undefined;
    }
    for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
    const cursor = start.slice(0, n);
    const [subscription, reason, why] = [new Int32Array(start[n]!), new Int32Array(start[n]!), new Int32Array(start[n]!)];
    const caches = this.source.reasonCaches();
    this.reasons.reset();
    const whyOf = new Map<number, number>();
    let whyCount = 0;
    for (let m = 0; m < markWords; m++) {
      for (let mark = this.marks[m]!; mark !== 0; mark &= mark - 1) {
        const k = (m << 5) + lowestBit(mark);
        const slot = slots[k]!;
        let b = whyOf.get(slot) ?? -1;
        if (b < 0) {
          b = whyCount;
          if (slotStart[slot + 1]! - slotStart[slot]! > 1) whyOf.set(slot, b);
          whyCount = this.whyOfSlot(slot, caches[slot], why, b);
        }
        const at = this.sparseAt[slot]!;
        for (let j = at + 1; j < at + 1 + 2 * sparse[at]!; j += 2) {
          const base = sparse[j]! << 5;
          for (let word = sparse[j + 1]!; word !== 0; word &= word - 1) {
            const pos = cursor[base + lowestBit(word)]!++;
            subscription[pos] = k;
            reason[pos] = why[b++]!;
          }
        }
      }
      if (m % perStep === perStep - 1 && (yield, this.source.version !== version)) return undefined;
    }
    return { start, subscription, reason, ids: order.ids, reasonSets: this.reasons.sets };
  }

  /** Writes the reasons index of each paper `slot` matched into why[at…]; returns the end. */
  private whyOfSlot(slot: number, cache: ReasonCache, why: Int32Array, at: number): number {
    const sparse = this.sparse;
    const from = this.sparseAt[slot]!;
    this.reasons.begin(slot, this.slotRes[slot]!, cache);
    for (let j = from + 1; j < from + 1 + 2 * sparse[from]!; j += 2) at = this.reasons.fillWord(sparse[j]!, sparse[j + 1]!, why, at);
    return at;
  }

  /**
   * Sets the mark of every subscription of a matching slot, and writes each matching slot's result in
   * sparse form (`sparseAt[slot]`: the count of non-zero words, then word index and word for each): the
   * walks below visit only a result's few non-zero words, from one place. Returns the number of mark words.
   */
  private markMatching({ slots, slotStart, positions }: SubscriptionOrder, candidates: Int32Array, candidateCount: number): number {
    const markWords = Math.ceil(slots.length / 32);
    if (this.marks.length < markWords) this.marks = new Int32Array(markWords * 2);
    const marks = this.marks;
    marks.fill(0, 0, markWords); // a pass given up halfway may have left marks
    let used = 0;
    for (let c = 0; c < candidateCount; c++) {
      const slot = candidates[c]!;
      const res = this.slotRes[slot]!;
      if (res === 0) continue;
      for (let q = slotStart[slot]!; q < slotStart[slot + 1]!; q++) marks[positions[q]! >>> 5]! |= 1 << (positions[q]! & 31);
      used = this.writeSparse(slot, res, used);
    }
    return markWords;
  }

  private writeSparse(slot: number, res: number, at: number): number {
    const { data, words } = this.arena;
    if (at + 1 + 2 * words > this.sparse.length) {
      const bigger = new Int32Array(Math.max(this.sparse.length * 2, at + 1 + 2 * words));
      bigger.set(this.sparse.subarray(0, at));
      this.sparse = bigger;
    }
    const sparse = this.sparse;
    this.sparseAt[slot] = at;
    let end = at + 1;
    for (let w = 0; w < words; w++) {
      const word = data[res + w]!;
      if (word === 0) continue;
      sparse[end++] = w;
      sparse[end++] = word;
    }
    sparse[at] = (end - at - 1) >>> 1;
    return end;
  }

  /** Counts, in start[i + 1], the matches on paper i of the subscriptions marked in mark word `m`. */
  private countPerPaper(start: Int32Array, slots: Int32Array, m: number): void {
    const sparse = this.sparse;
    for (let mark = this.marks[m]!; mark !== 0; mark &= mark - 1) {
      const at = this.sparseAt[slots[(m << 5) + lowestBit(mark)]!]!;
      for (let j = at + 1; j < at + 1 + 2 * sparse[at]!; j += 2) {
        const base = (sparse[j]! << 5) + 1;
        for (let word = sparse[j + 1]!; word !== 0; word &= word - 1) start[base + lowestBit(word)]!++;
      }
    }
  }
}

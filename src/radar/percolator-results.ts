/**
 * Per-paper scratch of the percolator's matches, reused between papers: matches arrive in candidate order
 * and leave in subscription insertion order, sorted by packed `seq · 2^20 + index` keys in a Float64Array
 * (exact while seq < 2^33); past 2^20 matches an index array is sorted by seq instead.
 */
import type { MatchReason, SubscriptionMatch } from './subscription.js';

/** Sort keys are `seq * MATCH_SLOTS + index of the match in the scratch arrays`. */
const MATCH_SLOTS = 2 ** 20;

export class MatchCollector {
  private keys = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private ids: string[] = [];
  private reasons: (readonly MatchReason[])[] = [];
  private m = 0;

  /** Makes room for `count` more matches. */
  reserve(count: number): void {
    if (this.m + count <= this.keys.length) return;
    const size = Math.max(this.keys.length * 2, this.m + count);
    const keys = new Float64Array(size);
    keys.set(this.keys);
    this.keys = keys;
    const seqs = new Float64Array(size);
    seqs.set(this.seqs);
    this.seqs = seqs;
  }

  /** Adds one match; `reserve` must have made room. */
  push(seq: number, id: string, reasons: readonly MatchReason[]): void {
    const m = this.m++;
    this.keys[m] = seq * MATCH_SLOTS + m;
    this.seqs[m] = seq;
    this.ids[m] = id;
    this.reasons[m] = reasons;
  }

  /** The collected matches in seq order; the collector is empty afterwards. */
  finish(): SubscriptionMatch[] {
    const m = this.m;
    this.m = 0;
    const out: SubscriptionMatch[] = new Array(m);
    const { ids, reasons } = this;
    if (m < MATCH_SLOTS) {
      const sorted = this.keys.subarray(0, m).sort();
      for (let i = 0; i < m; i++) {
        const j = sorted[i]! % MATCH_SLOTS;
        out[i] = { subscriptionId: ids[j]!, reasons: reasons[j]! };
      }
    } else {
      const seqs = this.seqs;
      const order = Array.from({ length: m }, (_, j) => j).sort((a, b) => seqs[a]! - seqs[b]!);
      for (let i = 0; i < m; i++) out[i] = { subscriptionId: ids[order[i]!]!, reasons: reasons[order[i]!]! };
    }
    if (ids.length > 4 * 1024 && m < ids.length / 8) {
      this.ids = [];
      this.reasons = [];
    }
    return out;
  }
}

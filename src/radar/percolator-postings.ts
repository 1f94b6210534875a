/**
 * The presearcher's inverted index: per anchor field, posting lists of entry slots indexed by token id.
 * `collect` probes the lists with the current paper's distinct tokens and gathers each candidate slot once
 * (an epoch stamp per slot, so nothing is cleared between papers).
 */
import { ANCHOR_FIELDS } from './percolator-anchors.js';
import type { PaperView } from './percolator-paper.js';

/** Anchors are packed as `field * ANCHOR_SHIFT + tokenId`. */
export const ANCHOR_SHIFT = 2 ** 28;

/** Posting lists of entry slots, indexed by token id. */
type Lists = (number[] | undefined)[];

export class AnchorPostings {
  private lists: Lists[] = Array.from({ length: ANCHOR_FIELDS }, () => []);
  /** Total postings (one per anchor of each live entry). */
  count = 0;
  private candStamp = new Uint32Array(1024);
  /** Candidate slots of the last `collect`, in probe order. */
  candidates = new Int32Array(1024);

  add(anchors: readonly number[], slot: number): void {
    if (this.candStamp.length <= slot) {
      const bigger = new Uint32Array(Math.max(slot + 1, this.candStamp.length * 2));
      bigger.set(this.candStamp);
      this.candStamp = bigger;
    }
    for (const a of anchors) {
      const lists = this.lists[Math.floor(a / ANCHOR_SHIFT)]!;
      const list = lists[a % ANCHOR_SHIFT];
      // most lists hold a few slots: grown by push, an array keeps room for 17 or more (a third of the
      // index's arrays at 100,000 queries); short ones are copied at their size instead (O(1): at most 8)
      if (list === undefined) lists[a % ANCHOR_SHIFT] = [slot];
      else if (list.length < 8) lists[a % ANCHOR_SHIFT] = list.concat(slot);
      else list.push(slot);
      this.count++;
    }
  }

  remove(anchors: readonly number[], slot: number): void {
    for (const a of anchors) {
      const lists = this.lists[Math.floor(a / ANCHOR_SHIFT)]!;
      const list = lists[a % ANCHOR_SHIFT]!;
      const i = list.indexOf(slot);
      list[i] = list[list.length - 1]!;
      list.pop();
      if (list.length === 0) lists[a % ANCHOR_SHIFT] = undefined;
      this.count--;
    }
  }

  /** The entry slots anchored on `token` in `field` (undefined when none). Read-only. */
  slotsOf(field: number, token: number): readonly number[] | undefined {
    return this.lists[field]![token];
  }

  /** Gathers the candidate slots for the paper loaded in `view` into `candidates`; returns their number. */
  collect(view: PaperView): number {
    let n = 0;
    const epoch = view.epoch;
    const candStamp = this.candStamp;
    for (let f = 0; f < ANCHOR_FIELDS; f++) {
      const lists = this.lists[f]!;
      const present = view.present[f]!;
      const count = view.presentCount[f]!;
      for (let i = 0; i < count; i++) {
        const list = lists[present[i]!];
        if (list === undefined) continue;
        for (let j = 0; j < list.length; j++) {
          const slot = list[j]!;
          if (candStamp[slot] === epoch) continue;
          candStamp[slot] = epoch;
          if (n === this.candidates.length) {
            const bigger = new Int32Array(n * 2);
            bigger.set(this.candidates);
            this.candidates = bigger;
          }
          this.candidates[n++] = slot;
        }
      }
    }
    return n;
  }
}

/**
 * The live subscriptions in insertion (seq) order, for the batch path: the percolator's `bySub` map iterates
 * in seq order (a re-added id is deleted and set again; compaction only re-sets existing keys), and the
 * batch needs, per slot, where its subscriptions stand in that order.
 */
export interface SubscriptionOrder {
  /** The slot and the id of each live subscription, by position in seq order. */
  readonly slots: Int32Array;
  readonly ids: readonly string[];
  /** The positions of slot s's subscriptions are `positions[slotStart[s]]` to `positions[slotStart[s + 1] - 1]`. */
  readonly slotStart: Int32Array;
  readonly positions: Int32Array;
}

/** The order of `bySub` (iterated in seq order) over slots `0 … slotCount - 1`. */
export function buildOrder(bySub: ReadonlyMap<string, { readonly slot: number }>, slotCount: number): SubscriptionOrder {
  const n = bySub.size;
  const slots = new Int32Array(n);
  const ids = new Array<string>(n);
  const slotStart = new Int32Array(slotCount + 1);
  let k = 0;
  for (const [id, entry] of bySub) {
    slots[k] = entry.slot;
    ids[k++] = id;
    slotStart[entry.slot + 1]!++;
  }
  for (let s = 0; s < slotCount; s++) slotStart[s + 1]! += slotStart[s]!;
  const positions = new Int32Array(n);
  const cursor = slotStart.slice(0, slotCount);
  for (let p = 0; p < n; p++) positions[cursor[slots[p]!]!++] = p;
  return { slots, ids, slotStart, positions };
}

/**
 * Bitsets over the papers of one batch (percolator-batch.ts), all in one reusable Int32Array: a bitset is
 * `words` consecutive ints at an offset, bit `i` is paper `i`. Offset 0 is the empty set, so an offset of 0
 * means "no paper". One arena instead of a typed array per set: a batch makes tens of thousands of sets,
 * most of a few words, and they all die together when the next batch resets the arena.
 */
export class BitsetArena {
  /** The ints; replaced when the arena grows, so read it again after `alloc`. */
  data = new Int32Array(1 << 16);
  /** Ints per bitset. */
  words = 1;
  /** Papers in the batch. */
  n = 0;
  /** The valid bits of the last word (the papers past `n` must stay 0). */
  tailMask = -1;
  private used = 0;

  /** Ints the last batch used: the next one starts with room for them (growing copies everything). */
  private hint = 1 << 16;
  /** Ints written since the memory was last zeroed. */
  private dirty = 0;

  /**
   * Starts a batch of `n` papers; offset 0 becomes the empty set. The memory of the last batch is kept and
   * zeroed (only what it used), so `alloc` never clears: allocating tens of megabytes afresh for every
   * pass made the garbage collector stop the process for long pauses.
   *
   * `expectedSets` is the caller's estimate of the sets the batch makes: room for them is taken now, in
   * one piece, so that the arena need not grow during the batch. Growing copies everything so far into
   * new memory, and new memory costs a page fault per 4 KB when first written (~13 µs each on the VM
   * measured): the first pass of a process doubled its way to 13 MB, the last copy holding the event loop
   * 28 ms and all of them 54 ms. Memory taken but never written costs nothing (the system maps it lazily),
   * so the room is written — and faulted in — bit by bit as the batch's steps make their sets.
   */
  reset(n: number, expectedSets = 0): void {
    this.n = n;
    this.words = Math.max(1, Math.ceil(n / 32));
    const tail = n & 31;
    this.tailMask = tail === 0 ? -1 : (1 << tail) - 1;
    const need = Math.max(this.hint, (expectedSets + 1) * this.words);
    const want = Math.max(1 << 16, Math.ceil(need * 1.25));
    if (this.data.length < need) this.data = new Int32Array(want);
    else this.data.fill(0, 0, this.dirty);
    this.dirty = 0;
    this.used = 0;
    this.alloc();
  }

  /** A zeroed bitset; returns its offset. The arena may move: re-read `data` after calling. */
  alloc(): number {
    const off = this.used;
    this.used += this.words;
    if (this.used > this.data.length) {
      const bigger = new Int32Array(Math.max(this.data.length * 2, this.used));
      bigger.set(this.data.subarray(0, off));
      this.data = bigger;
    }
    return off;
  }

  /** Ends a batch: its size is the next one's hint; what it used is zeroed when the next one starts. */
  release(): void {
    this.hint = this.used;
    this.dirty = Math.max(this.dirty, this.used);
    this.used = 0;
  }

  /** A new set a ∪ b. */
  union(a: number, b: number): number {
    const out = this.alloc();
    const d = this.data;
    for (let w = 0; w < this.words; w++) d[out + w] = d[a + w]! | d[b + w]!;
    return out;
  }

  isEmpty(off: number): boolean {
    for (let w = 0; w < this.words; w++) if (this.data[off + w] !== 0) return false;
    return true;
  }

  /** Does the set at `off` (0 allowed) hold paper `i`? */
  has(off: number, i: number): boolean {
    return off !== 0 && (this.data[off + (i >>> 5)]! & (1 << (i & 31))) !== 0;
  }

  /** Does the non-empty set hold exactly one paper? */
  single(off: number): boolean {
    let seen = false;
    for (let w = 0; w < this.words; w++) {
      const word = this.data[off + w]!;
      if (word === 0) continue;
      if (seen || (word & (word - 1)) !== 0) return false;
      seen = true;
    }
    return true;
  }

  /** The lowest paper of a non-empty set. */
  first(off: number): number {
    for (let w = 0; w < this.words; w++) {
      const word = this.data[off + w]!;
      if (word !== 0) return (w << 5) + lowestBit(word);
    }
    return -1;
  }
}

/** The index (0–31) of the lowest set bit of a non-zero int. */
export const lowestBit = (word: number): number => 31 - Math.clz32(word & -word);

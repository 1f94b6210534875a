/**
 * Every pair of adjacent tokens of the queries' phrases (`"language models"` → (language, model)), interned
 * to dense ids. The batch path (percolator-batch-text.ts) marks, while it tokenises a paper, the pairs the
 * paper's text holds — so a two-word phrase's papers are known exactly without reading any text again, and a
 * longer phrase is checked only on the papers holding all of its pairs. Like the dictionary, it never shrinks.
 */

/** Open-addressing table of (first, second) token-id pairs → pair id. */
export class PairTable {
  /** Per token id: does some pair start with it? (Most tokens of a paper start none: one byte read.) */
  private starts = new Uint8Array(1024);
  /** Slot → pair id + 1 (0: empty). */
  private slots = new Int32Array(1024);
  private first = new Int32Array(512);
  private second = new Int32Array(512);
  private count = 0;

  /** The id of the pair (a, b), registering it if new. */
  intern(a: number, b: number): number {
    const known = this.lookup(a, b);
    if (known >= 0) return known;
    if ((this.count + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    if (this.count === this.first.length) this.growPairs();
    const id = this.count++;
    this.first[id] = a;
    this.second[id] = b;
    this.place(id);
    if (a >= this.starts.length) this.growStarts(a);
    this.starts[a] = 1;
    return id;
  }

  /** The id of the pair (a, b), or -1 when no phrase holds it. Both ids must be ≥ 0. */
  lookup(a: number, b: number): number {
    if (a >= this.starts.length || this.starts[a] === 0) return -1;
    const mask = this.slots.length - 1;
    for (let s = hashPair(a, b) & mask; ; s = (s + 1) & mask) {
      const entry = this.slots[s]!;
      if (entry === 0) return -1;
      if (this.first[entry - 1] === a && this.second[entry - 1] === b) return entry - 1;
    }
  }

  /** Does some pair start with token `a`? */
  startsPair(a: number): boolean {
    return a < this.starts.length && this.starts[a] === 1;
  }

  get size(): number {
    return this.count;
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let s = hashPair(this.first[id]!, this.second[id]!) & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = id + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let id = 0; id < this.count; id++) this.place(id);
  }

  private growPairs(): void {
    const n = this.first.length * 2;
    const [first, second] = [new Int32Array(n), new Int32Array(n)];
    first.set(this.first);
    second.set(this.second);
    [this.first, this.second] = [first, second];
  }

  private growStarts(a: number): void {
    const starts = new Uint8Array(Math.max(a + 1, this.starts.length * 2));
    starts.set(this.starts);
    this.starts = starts;
  }
}

const hashPair = (a: number, b: number): number => Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);

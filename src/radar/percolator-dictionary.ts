/**
 * The percolator's interned vocabulary: query tokens → dense ids ({@link TokenDictionary}) and every distinct
 * leaf of every query ({@link LeafTable}), shared between queries so a leaf is evaluated once per paper.
 */
import type { PersonName } from './author-match.js';
import { PairTable } from './percolator-pairs.js';
import type { MatchField } from './subscription.js';

/** FNV-1a step over one UTF-16 code unit. */
export const FNV_PRIME = 0x01000193;
export const fnv = (h: number, c: number): number => Math.imul(h ^ c, FNV_PRIME);
export const FNV_SEED = 0x811c9dc5 | 0;
/** The last mixing step of a token's hash. */
const finish = (h: number): number => h ^ (h >>> 15);
const Y = 121; // 'y'

/**
 * Interned strings → dense ids (text tokens, author tokens, categories, archives share one space), in an
 * open-addressing table of their FNV-1a hashes. Besides looking up a string, it looks up a stretch of a
 * paper's text as the tokeniser would turn it into a token (`spanHashed`): lower-cased, stemmed by cutting its end
 * or adding a `y` — so the ~600,000 words of a day are looked up without making a string of each.
 */
export class TokenDictionary {
  private readonly strings: string[] = [];
  /** The strings' UTF-16 code units, back to back (`chars[charStart[id] …]`): compared without touching a string. */
  private chars = new Uint16Array(8192);
  private charStart = new Int32Array(1024);
  private charCount = 0;
  /** Slot → [hash, id + 1] (id + 1 = 0: empty); at most half full. */
  private slots = new Int32Array(4096);
  private readonly seenTerms = new Set<string>();
  /** Per token id: how many distinct text terms (phrases) of the queries contain it. */
  private termFreq = new Int32Array(1024);

  intern(s: string): number {
    const known = this.lookup(s);
    if (known >= 0) return known;
    const id = this.strings.length;
    this.strings.push(s);
    if (id + 1 >= this.charStart.length) {
      this.charStart = grown(this.charStart);
      this.termFreq = grown(this.termFreq);
    }
    while (this.charCount + s.length > this.chars.length) this.chars = grownChars(this.chars);
    for (let k = 0; k < s.length; k++) this.chars[this.charCount++] = s.charCodeAt(k);
    this.charStart[id + 1] = this.charCount;
    if (this.strings.length * 4 > this.slots.length) this.rehash();
    else this.place(id, hashOf(s, 0, s.length, false, false));
    return id;
  }

  /** The id of `s`, or -1. */
  lookup(s: string): number {
    return this.probe(s, 0, s.length, false, false);
  }

  /**
   * The id of the token `text[start, start + len)` with ASCII letters lower-cased, followed by a `y` when
   * `y` is set — the form stem() gives `…ies` words — or -1; `state` is the FNV-1a state after those
   * characters (and the `y`), which the tokeniser has computed while reading them.
   */
  spanHashed(text: string, start: number, len: number, y: boolean, state: number): number {
    return this.probeHashed(text, start, len, y, true, finish(state));
  }

  private probe(text: string, start: number, len: number, y: boolean, lower: boolean): number {
    return this.probeHashed(text, start, len, y, lower, hashOf(text, start, len, y, lower));
  }

  private probeHashed(text: string, start: number, len: number, y: boolean, lower: boolean, h: number): number {
    const slots = this.slots;
    const mask = slots.length - 2;
    for (let s = (h << 1) & mask; ; s = (s + 2) & mask) {
      const entry = slots[s + 1]!;
      if (entry === 0) return -1;
      if (slots[s] === h && this.sameAs(entry - 1, text, start, len, y, lower)) return entry - 1;
    }
  }

  private sameAs(id: number, text: string, start: number, len: number, y: boolean, lower: boolean): boolean {
    const from = this.charStart[id]!;
    if (this.charStart[id + 1]! - from !== len + (y ? 1 : 0)) return false;
    const chars = this.chars;
    for (let k = 0; k < len; k++) {
      const c = text.charCodeAt(start + k);
      if (chars[from + k] !== (lower && c >= 65 && c <= 90 ? c | 32 : c)) return false;
    }
    return !y || chars[from + len] === Y;
  }

  private place(id: number, h: number): void {
    const mask = this.slots.length - 2;
    let s = (h << 1) & mask;
    while (this.slots[s + 1] !== 0) s = (s + 2) & mask;
    this.slots[s] = h;
    this.slots[s + 1] = id + 1;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let id = 0; id < this.strings.length; id++) {
      const s = this.strings[id]!;
      this.place(id, hashOf(s, 0, s.length, false, false));
    }
  }

  /** Records a text term (its analysed tokens) the first time it is seen. */
  noteTerm(tokens: readonly string[]): void {
    const key = tokens.join(' ');
    if (this.seenTerms.has(key)) return;
    this.seenTerms.add(key);
    for (const t of new Set(tokens)) this.termFreq[this.intern(t)]!++;
  }
  termFrequency(token: string): number {
    const id = this.lookup(token);
    return id < 0 ? 0 : this.termFreq[id]!;
  }
  get size(): number {
    return this.strings.length;
  }
}

/** FNV-1a of `text[start, start + len)` (ASCII letters lower-cased when `lower`), then a `y` when `y`. */
function hashOf(text: string, start: number, len: number, y: boolean, lower: boolean): number {
  let h = FNV_SEED;
  for (let k = start; k < start + len; k++) {
    const c = text.charCodeAt(k);
    h = fnv(h, lower && c >= 65 && c <= 90 ? c | 32 : c);
  }
  if (y) h = fnv(h, Y);
  return finish(h);
}

function grownChars(a: Uint16Array<ArrayBuffer>): Uint16Array<ArrayBuffer> {
  const out = new Uint16Array(a.length * 2);
  out.set(a);
  return out;
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  return out;
}

/** Leaf-value bits (see PaperView.leaf): a text leaf hit in the title / abstract, an author, a category. */
export const BIT_TITLE = 1;
export const BIT_ABSTRACT = 2;
export const BIT_AUTHORS = 4;
export const BIT_CATEGORIES = 8;
/**
 * A topic leaf hit reuses the category bit: leaf values are packed in 4 bits, and a reason step only ever
 * tests the leaves of its own term, so the bit cannot be mistaken for a category hit.
 */
export const BIT_TOPIC = BIT_CATEGORIES;
export const FIELD_BIT: Readonly<Record<MatchField, number>> = {
  title: BIT_TITLE, abstract: BIT_ABSTRACT, authors: BIT_AUTHORS, categories: BIT_CATEGORIES, topic: BIT_TOPIC, like: BIT_TOPIC,
};

export type LeafDef =
  | { readonly k: 'text'; readonly mask: number; readonly ids: Int32Array }
  /** `anchor` is the dictionary id of the name's anchor token (authorAnchor), -1 for an empty name. */
  | { readonly k: 'author'; readonly name: PersonName; readonly anchor: number }
  | { readonly k: 'cat'; readonly id: number; readonly prefix: boolean }
  /** `id` is the dictionary id of the topic leaf key. */
  | { readonly k: 'topic'; readonly id: number };

/** Flat leaf kinds, so the common leaves are evaluated from typed arrays without touching `defs`. */
export const L_TOKEN = 0; // one-token text term: `tok` is the token, `mask` its fields
export const L_PHRASE = 1;
export const L_AUTHOR = 2; // `tok` is the anchor token's id (-1 for an empty name)
export const L_CAT = 3; // `tok` is the category id
export const L_ARCHIVE = 4; // `tok` is the archive id
export const L_TOPIC = 5; // `tok` is the topic leaf key's id

/** Every distinct leaf of every query, by dense id (never shrinks, like the dictionary). */
export class LeafTable {
  readonly defs: LeafDef[] = [];
  /** The adjacent token pairs of every phrase leaf (percolator-pairs.ts). */
  readonly pairs = new PairTable();
  /** Per phrase leaf: the ids of its adjacent pairs, in order (undefined for other leaves). */
  readonly phrasePairs: (Int32Array | undefined)[] = [];
  kind = new Uint8Array(1024);
  mask = new Uint8Array(1024);
  tok = new Int32Array(1024);
  private readonly byKey = new Map<string, number>();
  intern(key: string, make: () => LeafDef): number {
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.defs.length;
      const def = make();
      this.defs.push(def);
      this.byKey.set(key, id);
      if (id >= this.kind.length) this.grow();
      if (def.k === 'text') {
        this.kind[id] = def.ids.length === 1 ? L_TOKEN : L_PHRASE;
        this.mask[id] = def.mask;
        this.tok[id] = def.ids[0]!;
        if (def.ids.length > 1) {
          const { ids } = def;
          this.phrasePairs[id] = Int32Array.from({ length: ids.length - 1 }, (_, j) => this.pairs.intern(ids[j]!, ids[j + 1]!));
        }
      } else if (def.k === 'cat') {
        this.kind[id] = def.prefix ? L_ARCHIVE : L_CAT;
        this.tok[id] = def.id;
      } else if (def.k === 'topic') {
        this.kind[id] = L_TOPIC;
        this.tok[id] = def.id;
      } else {
        this.kind[id] = L_AUTHOR;
        this.tok[id] = def.anchor;
      }
    }
    return id;
  }
  private grow(): void {
    const n = this.kind.length * 2;
    const kind = new Uint8Array(n);
    kind.set(this.kind);
    const mask = new Uint8Array(n);
    mask.set(this.mask);
    const tok = new Int32Array(n);
    tok.set(this.tok);
    [this.kind, this.mask, this.tok] = [kind, mask, tok];
  }
}


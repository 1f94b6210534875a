/**
 * The percolator's interned vocabulary: query tokens → dense ids ({@link TokenDictionary}) and every distinct
 * leaf of every query ({@link LeafTable}), shared between queries so a leaf is evaluated once per paper.
 */
import type { PersonName } from './author-match.js';
import type { MatchField } from './subscription.js';

/** FNV-1a over UTF-16 code units, reduced to 22 bits (the Bloom filter's size). */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 22)) & 0x3fffff;
}

/** Interned strings → dense ids (text tokens, author tokens, categories, archives share one space). */
export class TokenDictionary {
  private readonly ids = new Map<string, number>();
  private readonly seenTerms = new Set<string>();
  /** Per token id: how many distinct text terms (phrases) of the queries contain it. */
  private termFreq = new Int32Array(1024);
  /**
   * A one-hash Bloom filter over the interned strings: most tokens of a paper are not query vocabulary, and
   * a bit test in a 512 KB bitmap is much cheaper than a miss in a Map of 100k strings.
   */
  private readonly bloom = new Uint32Array(1 << 17);
  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(s, id);
      const h = hashString(s);
      this.bloom[h >>> 5]! |= 1 << (h & 31);
      if (id >= this.termFreq.length) {
        const bigger = new Int32Array(this.termFreq.length * 2);
        bigger.set(this.termFreq);
        this.termFreq = bigger;
      }
    }
    return id;
  }
  lookup(s: string): number {
    const h = hashString(s);
    if ((this.bloom[h >>> 5]! & (1 << (h & 31))) === 0) return -1;
    return this.ids.get(s) ?? -1;
  }
  /** Records a text term (its analysed tokens) the first time it is seen. */
  noteTerm(tokens: readonly string[]): void {
    const key = tokens.join(' ');
    if (this.seenTerms.has(key)) return;
    this.seenTerms.add(key);
    for (const t of new Set(tokens)) this.termFreq[this.intern(t)]!++;
  }
  termFrequency(token: string): number {
    const id = this.ids.get(token);
    return id === undefined ? 0 : this.termFreq[id]!;
  }
  get size(): number {
    return this.ids.size;
  }
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


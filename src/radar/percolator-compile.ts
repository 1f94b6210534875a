/**
 * Compiles a parsed query for the percolator: tokens interned to integer ids, leaves interned in a shared
 * {@link LeafTable} (the same `cat:cs.LG` or keyword in 5,000 queries is ONE leaf, evaluated once per paper),
 * a reason plan computed once, and the "anchors" (presearcher terms, after Luwak / Lucene Monitor): a set of
 * (field, token) such that every paper matching the query contains at least one of them. AND anchors on its
 * cheapest anchorable child, OR on the union of its children, a phrase on its rarest-looking token, an
 * author on the last token of the name, a category on the category (or the archive for `cat:cs.*`). The
 * parser guarantees the root is anchorable (no pure negations).
 *
 * Rarity is estimated without seeing papers: a static guess from the token (common academic words, short
 * tokens) times a penalty for tokens that occur in many distinct query terms (`sparse` in `sparse
 * attention`, `sparse coding`, … is a modifier, the other word is the specific one). AND children are
 * ordered for a fast reject: likely-false leaves first, the anchored child (present by construction) last.
 */
import { authorAnchor, type PersonName } from './author-match.js';
import { positiveTerms, type Query, type QueryNode, type Term } from './query-ast.js';
import { compareReasons } from './reasons.js';
import type { MatchField, MatchReason } from './subscription.js';

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
const FIELD_BIT: Readonly<Record<MatchField, number>> = { title: BIT_TITLE, abstract: BIT_ABSTRACT, authors: BIT_AUTHORS, categories: BIT_CATEGORIES };

export type LeafDef =
  | { readonly k: 'text'; readonly mask: number; readonly ids: Int32Array }
  | { readonly k: 'author'; readonly name: PersonName }
  | { readonly k: 'cat'; readonly id: number; readonly prefix: boolean };

/** Flat leaf kinds, so the common leaves are evaluated from typed arrays without touching `defs`. */
export const L_TOKEN = 0; // one-token text term: `tok` is the token, `mask` its fields
export const L_PHRASE = 1;
export const L_AUTHOR = 2;
export const L_CAT = 3; // `tok` is the category id
export const L_ARCHIVE = 4; // `tok` is the archive id

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
      } else this.kind[id] = L_AUTHOR;
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

export const K_LEAF = 0;
export const K_AND = 1;
export const K_OR = 2;
export const K_NOT = 3;

/** One monomorphic node shape: `leaf` is a LeafTable id for K_LEAF, `c` the children otherwise. */
export interface CNode {
  readonly k: number;
  readonly leaf: number;
  readonly c: readonly CNode[];
}

/** Index fields of the presearcher. */
export const AnchorField = { Title: 0, Abstract: 1, Author: 2, Category: 3, Archive: 4 } as const;
export type AnchorField = (typeof AnchorField)[keyof typeof AnchorField];
export const ANCHOR_FIELDS = 5;

export interface Anchor {
  readonly field: AnchorField;
  readonly id: number;
}

/** One possible reason: reported when any of `leaves` has `bit` set. Pre-sorted (field, term). */
export interface ReasonStep {
  readonly reason: MatchReason;
  readonly bit: number;
  readonly leaves: Int32Array;
}

export interface CompiledQuery {
  readonly root: CNode;
  /**
   * The root in conjunctive normal form when it is small (most queries: `a OR b OR c`, `a b -c`,
   * `cat:X (a OR b)`): `[clauseLength, literal…, clauseLength, literal…]`, literal = `leafId * 2 + negated`.
   * Evaluated by a flat loop; `null` when the CNF would blow up (an OR of ANDs), then `root` is walked.
   */
  readonly cnf: Int32Array | null;
  readonly anchors: readonly Anchor[];
  readonly plan: readonly ReasonStep[];
  /** The plan flattened for the hot path: `[bit, leafCount, leafId…]` per step, in plan order. */
  readonly planFlat: Int32Array;
}

const CNF_MAX_LITERALS = 24;

/** CNF clauses of `node` (negated when `neg`), or null past CNF_MAX_LITERALS. */
function cnfOf(node: CNode, neg: boolean): number[][] | null {
  if (node.k === K_LEAF) return [[node.leaf * 2 + (neg ? 1 : 0)]];
  if (node.k === K_NOT) return cnfOf(node.c[0]!, !neg);
  const conj = (node.k === K_AND) !== neg; // De Morgan
  const parts: number[][][] = [];
  for (const c of node.c) {
    const p = cnfOf(c, neg);
    if (p === null) return null;
    parts.push(p);
  }
  let out: number[][];
  if (conj) out = parts.flat();
  else {
    out = [[]];
    for (const p of parts) {
      const next: number[][] = [];
      for (const a of out) for (const b of p) next.push([...a, ...b]);
      out = next;
      if (out.reduce((n, c) => n + c.length, 0) > CNF_MAX_LITERALS) return null;
    }
  }
  return out.reduce((n, c) => n + c.length, 0) > CNF_MAX_LITERALS ? null : out;
}

function flatCnf(root: CNode): Int32Array | null {
  const clauses = cnfOf(root, false);
  return clauses === null ? null : Int32Array.from(clauses.flatMap((c) => [c.length, ...c]));
}

// Words so common in titles/abstracts that they make poor anchors (stemmed, folded).
const COMMON = new Set(
  ('a an the of and or in on for to with by from at as is are be we our this that these which it its ' +
    'not no can using use used based via into over under than more most new approach method model ' +
    'learning data network result show paper propose proposed present task performance work study problem ' +
    'system framework algorithm training large language deep neural time state analysi set two one ' +
    'also such both each other between through high low different existing significant improve across ' +
    'while however where when how what has have been was were their they them may well first ' +
    // frequent academic-abstract vocabulary
    'accuracy access efficient effective efficiency mechanism technique distribution parameter energy ' +
    'detection benchmark condition correlation evaluation experiment application structure function ' +
    'process information analysis dynamic dynamics theory design control quality robust robustness ' +
    'optimization estimation prediction representation generation feature image graph signal field ' +
    'measurement simulation sample space order scale test testing error loss noise rate level point ' +
    'general linear complex simple multi single global local small novel key recent real world case ' +
    'effect impact property behavior behaviour interaction environment resource strategy challenge') .split(' '),
);

function staticCost(token: string): number {
  if (COMMON.has(token)) return 0.6;
  const n = token.length;
  return n <= 2 ? 0.2 : n <= 3 ? 0.08 : n <= 5 ? 0.03 : n <= 8 ? 0.015 : 0.008;
}

/** Estimated share of papers containing the token: static guess × modifier penalty. */
function tokenCost(token: string, dict: TokenDictionary): number {
  return Math.min(1, staticCost(token) * (1 + Math.max(0, dict.termFrequency(token) - 1) * 0.5));
}

interface AnchorChoice {
  anchors: Anchor[];
  cost: number;
}

function textAnchor(node: Extract<Term, { kind: 'text' }>, dict: TokenDictionary): AnchorChoice {
  let best = node.tokens[0]!;
  let bestCost = tokenCost(best, dict);
  for (const t of node.tokens) {
    const c = tokenCost(t, dict);
    if (c < bestCost || (c === bestCost && t.length > best.length)) [best, bestCost] = [t, c];
  }
  const id = dict.intern(best);
  if (node.field === 'title') return { anchors: [{ field: AnchorField.Title, id }], cost: bestCost * 0.15 };
  if (node.field === 'abstract') return { anchors: [{ field: AnchorField.Abstract, id }], cost: bestCost };
  return { anchors: [{ field: AnchorField.Title, id }, { field: AnchorField.Abstract, id }], cost: bestCost * 1.15 };
}

function chooseAnchors(node: QueryNode, dict: TokenDictionary): AnchorChoice | null {
  switch (node.kind) {
    case 'text':
      return textAnchor(node, dict);
    case 'author':
      return { anchors: [{ field: AnchorField.Author, id: dict.intern(authorAnchor(node.name)!) }], cost: 0.001 };
    case 'category':
      return node.prefix
        ? { anchors: [{ field: AnchorField.Archive, id: dict.intern(node.value) }], cost: 0.3 }
        : { anchors: [{ field: AnchorField.Category, id: dict.intern(node.value) }], cost: 0.05 };
    case 'not':
      return null;
    case 'and': {
      let best: AnchorChoice | null = null;
      for (const c of node.children) {
        const a = chooseAnchors(c, dict);
        if (a && (best === null || a.cost < best.cost)) best = a;
      }
      return best;
    }
    case 'or': {
      const all: AnchorChoice = { anchors: [], cost: 0 };
      for (const c of node.children) {
        const a = chooseAnchors(c, dict);
        if (a === null) return null;
        all.anchors.push(...a.anchors);
        all.cost += a.cost;
      }
      return all;
    }
  }
}

/** Rough probability that the node is true on a random paper (for ordering AND children). */
function estimate(node: QueryNode, dict: TokenDictionary): number {
  switch (node.kind) {
    case 'not':
      return 1 - estimate(node.child, dict);
    case 'and':
      return Math.min(...node.children.map((c) => estimate(c, dict)));
    case 'or':
      return Math.min(1, node.children.reduce((s, c) => s + estimate(c, dict), 0));
    case 'text':
      return Math.min(...node.tokens.map((t) => tokenCost(t, dict)));
    case 'author':
      return 0.001;
    case 'category':
      return node.prefix ? 0.3 : 0.05;
  }
}

function authorKey(n: PersonName): string {
  return `a${n.comma ? 1 : 0}${n.singleWord ? 1 : 0}:${n.given.join(' ')}|${n.surname.join(' ')}`;
}

function leafOf(term: Term, dict: TokenDictionary, leaves: LeafTable): number {
  switch (term.kind) {
    case 'text': {
      const mask = term.field === 'title' ? BIT_TITLE : term.field === 'abstract' ? BIT_ABSTRACT : BIT_TITLE | BIT_ABSTRACT;
      const ids = Int32Array.from(term.tokens, (t) => dict.intern(t));
      return leaves.intern(`t${mask}:${ids.join(',')}`, () => ({ k: 'text', mask, ids }));
    }
    case 'author':
      return leaves.intern(authorKey(term.name), () => ({ k: 'author', name: term.name }));
    case 'category': {
      const id = dict.intern(term.value);
      return leaves.intern(`c${term.prefix ? 1 : 0}:${id}`, () => ({ k: 'cat', id, prefix: term.prefix }));
    }
  }
}

const NO_CHILDREN: readonly CNode[] = Object.freeze([]);

function compileNode(node: QueryNode, dict: TokenDictionary, leaves: LeafTable, ids: Map<Term, number>): CNode {
  switch (node.kind) {
    case 'or':
      return { k: K_OR, leaf: -1, c: node.children.map((c) => compileNode(c, dict, leaves, ids)) };
    case 'not':
      return { k: K_NOT, leaf: -1, c: [compileNode(node.child, dict, leaves, ids)] };
    case 'and': {
      // fast reject: least likely child first; the anchored child (true for every candidate) last
      let anchored = -1;
      let anchoredCost = Infinity;
      node.children.forEach((c, i) => {
        const a = chooseAnchors(c, dict);
        if (a && a.cost < anchoredCost) [anchored, anchoredCost] = [i, a.cost];
      });
      const order = node.children
        .map((c, i) => ({ c, i, p: i === anchored ? 2 : estimate(c, dict) }))
        .sort((a, b) => a.p - b.p || a.i - b.i);
      return { k: K_AND, leaf: -1, c: order.map((o) => compileNode(o.c, dict, leaves, ids)) };
    }
    default: {
      const leaf = leafOf(node, dict, leaves);
      ids.set(node, leaf);
      return { k: K_LEAF, leaf, c: NO_CHILDREN };
    }
  }
}

function fieldsOf(term: Term): MatchField[] {
  if (term.kind === 'author') return ['authors'];
  if (term.kind === 'category') return ['categories'];
  return term.field === 'title' ? ['title'] : term.field === 'abstract' ? ['abstract'] : ['title', 'abstract'];
}

export function compileQuery(q: Query, dict: TokenDictionary, leaves: LeafTable): CompiledQuery {
  for (const t of positiveTerms(q.root)) if (t.kind === 'text') dict.noteTerm(t.tokens);
  const choice = chooseAnchors(q.root, dict);
  if (choice === null) throw new Error('unanchorable query reached the percolator (parser bug)');
  const leafIds = new Map<Term, number>();
  const root = compileNode(q.root, dict, leaves, leafIds);
  const seen = new Set<string>();
  const anchors = choice.anchors.filter((a) => {
    const key = `${a.field}:${a.id}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  const steps = new Map<string, { reason: MatchReason; field: MatchField; leaves: Set<number> }>();
  for (const term of positiveTerms(q.root)) {
    for (const field of fieldsOf(term)) {
      const key = `${field}\u0000${term.text}`;
      let step = steps.get(key);
      if (step === undefined) {
        step = { reason: Object.freeze({ field, term: term.text }), field, leaves: new Set() };
        steps.set(key, step);
      }
      step.leaves.add(leafIds.get(term)!);
    }
  }
  const plan = [...steps.values()]
    .sort((a, b) => compareReasons(a.reason, b.reason))
    .map((s) => ({ reason: s.reason, bit: FIELD_BIT[s.field], leaves: Int32Array.from(s.leaves) }));
  const planFlat = Int32Array.from(plan.flatMap((s) => [s.bit, s.leaves.length, ...s.leaves]));
  return { root, cnf: flatCnf(root), anchors, plan, planFlat };
}

/**
 * Compiles a parsed query for the percolator: tokens interned to integer ids, a reason plan computed once,
 * and the "anchors" (presearcher terms, after Luwak / Lucene Monitor): a set of (field, token) such that
 * every paper matching the query contains at least one of them. AND anchors on its cheapest anchorable
 * child, OR on the union of its children, a phrase on its rarest-looking token, an author on the last
 * token of the name, a category on the category (or the archive for `cat:cs.*`). The parser guarantees
 * the root is anchorable (no pure negations).
 */
import type { PersonName } from './author-match.js';
import { authorAnchor } from './author-match.js';
import { positiveTerms, type Query, type QueryNode, type Term } from './query-ast.js';
import { compareReasons } from './reasons.js';
import type { MatchField, MatchReason } from './subscription.js';

/** Interned strings → dense ids (text tokens, author tokens, categories, archives share one space). */
export class TokenDictionary {
  private readonly ids = new Map<string, number>();
  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(s, id);
    }
    return id;
  }
  lookup(s: string): number {
    return this.ids.get(s) ?? -1;
  }
  get size(): number {
    return this.ids.size;
  }
}

export const MASK_TITLE = 1;
export const MASK_ABSTRACT = 2;

export type CNode =
  | { readonly k: 'text'; readonly mask: number; readonly ids: Int32Array }
  | { readonly k: 'author'; readonly name: PersonName }
  | { readonly k: 'cat'; readonly id: number; readonly prefix: boolean }
  | { readonly k: 'and' | 'or'; readonly c: readonly CNode[] }
  | { readonly k: 'not'; readonly c: CNode };

export type CLeaf = Extract<CNode, { k: 'text' | 'author' | 'cat' }>;

/** Index fields of the presearcher. */
export const AnchorField = { Title: 0, Abstract: 1, Author: 2, Category: 3, Archive: 4 } as const;
export type AnchorField = (typeof AnchorField)[keyof typeof AnchorField];
export const ANCHOR_FIELDS = 5;

export interface Anchor {
  readonly field: AnchorField;
  readonly id: number;
}

/** One possible reason: it is reported when any of `leaves` hits `field`. Pre-sorted (field, term). */
export interface ReasonStep {
  readonly reason: MatchReason;
  readonly field: MatchField;
  readonly leaves: readonly CLeaf[];
}

export interface CompiledQuery {
  readonly root: CNode;
  readonly anchors: readonly Anchor[];
  readonly plan: readonly ReasonStep[];
  /** The root is a single leaf: an anchor hit may still need verification (phrase, author), but no logic. */
  readonly single: boolean;
}

// Words so common in titles/abstracts that they make poor anchors (stemmed, folded).
const COMMON = new Set(
  ('a an the of and or in on for to with by from at as is are be we our this that these which it its ' +
    'not no can using use used based via into over under than more most new approach method model ' +
    'learning data network result show paper propose proposed present task performance work study problem ' +
    'system framework algorithm training large language deep neural time state analysi set two one ' +
    'also such both each other between through high low different existing significant improve across ' +
    'while however where when how what has have been was were their they them may well first') .split(' '),
);

function tokenCost(token: string): number {
  if (COMMON.has(token)) return 0.6;
  const n = token.length;
  return n <= 2 ? 0.2 : n <= 3 ? 0.08 : n <= 5 ? 0.03 : n <= 8 ? 0.015 : 0.008;
}

interface AnchorChoice {
  anchors: Anchor[];
  cost: number;
}

function chooseAnchors(node: QueryNode, leafOf: Map<Term, CLeaf>, dict: TokenDictionary): AnchorChoice | null {
  switch (node.kind) {
    case 'text': {
      let best = node.tokens[0]!;
      for (const t of node.tokens) if (tokenCost(t) < tokenCost(best)) best = t;
      const id = dict.intern(best);
      const base = tokenCost(best);
      if (node.field === 'title') return { anchors: [{ field: AnchorField.Title, id }], cost: base * 0.15 };
      if (node.field === 'abstract') return { anchors: [{ field: AnchorField.Abstract, id }], cost: base };
      return {
        anchors: [{ field: AnchorField.Title, id }, { field: AnchorField.Abstract, id }],
        cost: base * 1.15,
      };
    }
    case 'author':
      return { anchors: [{ field: AnchorField.Author, id: dict.intern(authorAnchor(node.name)!) }], cost: 0.001 };
    case 'category': {
      const leaf = leafOf.get(node) as Extract<CNode, { k: 'cat' }>;
      return node.prefix
        ? { anchors: [{ field: AnchorField.Archive, id: leaf.id }], cost: 0.3 }
        : { anchors: [{ field: AnchorField.Category, id: leaf.id }], cost: 0.05 };
    }
    case 'not':
      return null;
    case 'and': {
      let best: AnchorChoice | null = null;
      for (const c of node.children) {
        const a = chooseAnchors(c, leafOf, dict);
        if (a && (best === null || a.cost < best.cost)) best = a;
      }
      return best;
    }
    case 'or': {
      const all: AnchorChoice = { anchors: [], cost: 0 };
      for (const c of node.children) {
        const a = chooseAnchors(c, leafOf, dict);
        if (a === null) return null;
        all.anchors.push(...a.anchors);
        all.cost += a.cost;
      }
      return all;
    }
  }
}

function compileNode(node: QueryNode, leafOf: Map<Term, CLeaf>, dict: TokenDictionary): CNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { k: node.kind, c: node.children.map((c) => compileNode(c, leafOf, dict)) };
    case 'not':
      return { k: 'not', c: compileNode(node.child, leafOf, dict) };
    default: {
      let leaf: CLeaf;
      if (node.kind === 'text') {
        const mask = node.field === 'title' ? MASK_TITLE : node.field === 'abstract' ? MASK_ABSTRACT : MASK_TITLE | MASK_ABSTRACT;
        leaf = { k: 'text', mask, ids: Int32Array.from(node.tokens, (t) => dict.intern(t)) };
      } else if (node.kind === 'author') {
        leaf = { k: 'author', name: node.name };
      } else {
        leaf = { k: 'cat', id: dict.intern(node.value), prefix: node.prefix };
      }
      leafOf.set(node, leaf);
      return leaf;
    }
  }
}

function fieldsOf(term: Term): MatchField[] {
  if (term.kind === 'author') return ['authors'];
  if (term.kind === 'category') return ['categories'];
  return term.field === 'title' ? ['title'] : term.field === 'abstract' ? ['abstract'] : ['title', 'abstract'];
}

export function compileQuery(q: Query, dict: TokenDictionary): CompiledQuery {
  const leafOf = new Map<Term, CLeaf>();
  const root = compileNode(q.root, leafOf, dict);
  const choice = chooseAnchors(q.root, leafOf, dict);
  if (choice === null) throw new Error('unanchorable query reached the percolator (parser bug)');
  const seen = new Set<string>();
  const anchors = choice.anchors.filter((a) => {
    const key = `${a.field}:${a.id}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  const steps = new Map<string, { reason: MatchReason; field: MatchField; leaves: CLeaf[] }>();
  for (const term of positiveTerms(q.root)) {
    for (const field of fieldsOf(term)) {
      const key = `${field}\u0000${term.text}`;
      let step = steps.get(key);
      if (step === undefined) {
        step = { reason: Object.freeze({ field, term: term.text }), field, leaves: [] };
        steps.set(key, step);
      }
      step.leaves.push(leafOf.get(term)!);
    }
  }
  const plan = [...steps.values()].sort((a, b) => compareReasons(a.reason, b.reason));
  return { root, anchors, plan, single: root.k === 'text' || root.k === 'author' || root.k === 'cat' };
}

/**
 * Compiles a parsed query for the percolator: tokens interned to integer ids, leaves interned in a shared
 * {@link LeafTable} (the same `cat:cs.LG` or keyword in 5,000 queries is ONE leaf, evaluated once per paper),
 * a reason plan computed once, and the anchors (percolator-anchors.ts). The parser guarantees the root is
 * anchorable (no pure negations). AND children are ordered for a fast reject: likely-false leaves first, the
 * anchored child (present by construction) last.
 */
import { authorAnchor, type PersonName } from './author-match.js';
import { chooseAnchors, estimate, type Anchor } from './percolator-anchors.js';
import { BIT_ABSTRACT, BIT_TITLE, FIELD_BIT, type LeafTable, type TokenDictionary } from './percolator-dictionary.js';
import { positiveTerms, type Query, type QueryNode, type Term } from './query-ast.js';
import { compareReasons } from './reasons.js';
import type { MatchField, MatchReason } from './subscription.js';

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
    case 'author': {
      // the anchor token is interned even when another term anchors the query: the batch path finds the
      // papers an author leaf can hit through it (percolator-batch.ts)
      const anchor = authorAnchor(term.name);
      const id = anchor === undefined ? -1 : dict.intern(anchor);
      return leaves.intern(authorKey(term.name), () => ({ k: 'author', name: term.name, anchor: id }));
    }
    case 'category': {
      const id = dict.intern(term.value);
      return leaves.intern(`c${term.prefix ? 1 : 0}:${id}`, () => ({ k: 'cat', id, prefix: term.prefix }));
    }
    case 'topic':
    case 'like': {
      const id = dict.intern(term.key);
      return leaves.intern(`k:${id}`, () => ({ k: 'topic', id }));
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
  if (term.kind === 'topic' || term.kind === 'like') return [term.kind];
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

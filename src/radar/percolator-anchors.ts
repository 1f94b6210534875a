/**
 * The presearcher's anchors (after Luwak / Lucene Monitor): a set of (field, token) such that every paper
 * matching the query contains at least one of them. AND anchors on its cheapest anchorable child, OR on the
 * union of its children, a phrase on its rarest-looking token, an author on the last token of the name, a
 * category on the category (or the archive for `cat:cs.*`).
 *
 * Rarity is estimated without seeing papers: a static guess from the token (common academic words, short
 * tokens) times a penalty for tokens that occur in many distinct query terms (`sparse` in `sparse
 * attention`, `sparse coding`, … is a modifier, the other word is the specific one).
 */
import { authorAnchor } from './author-match.js';
import type { TokenDictionary } from './percolator-dictionary.js';
import type { QueryNode, Term } from './query-ast.js';

/** Index fields of the presearcher. */
/** `Topic` holds the keys of the topic leaves a paper hits (given by the topic service, see topic-leaf.ts). */
export const AnchorField = { Title: 0, Abstract: 1, Author: 2, Category: 3, Archive: 4, Topic: 5 } as const;
export type AnchorField = (typeof AnchorField)[keyof typeof AnchorField];
export const ANCHOR_FIELDS = 6;
/** Estimated share of papers a topic leaf hits (they are capped per day, so rare). */
const TOPIC_COST = 0.01;

export interface Anchor {
  readonly field: AnchorField;
  readonly id: number;
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

export interface AnchorChoice {
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

export function chooseAnchors(node: QueryNode, dict: TokenDictionary): AnchorChoice | null {
  switch (node.kind) {
    case 'text':
      return textAnchor(node, dict);
    case 'author':
      return { anchors: [{ field: AnchorField.Author, id: dict.intern(authorAnchor(node.name)!) }], cost: 0.001 };
    case 'category':
      return node.prefix
        ? { anchors: [{ field: AnchorField.Archive, id: dict.intern(node.value) }], cost: 0.3 }
        : { anchors: [{ field: AnchorField.Category, id: dict.intern(node.value) }], cost: 0.05 };
    case 'topic':
    case 'like':
      return { anchors: [{ field: AnchorField.Topic, id: dict.intern(node.key) }], cost: TOPIC_COST };
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
export function estimate(node: QueryNode, dict: TokenDictionary): number {
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
    case 'topic':
    case 'like':
      return TOPIC_COST;
  }
}


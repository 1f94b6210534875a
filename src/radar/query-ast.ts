/**
 * The subscription query AST. Produced by `parseQuery`, consumed by the reference matcher, the percolator
 * compiler and `describeQuery`. Nodes are plain immutable data; `column` (1-based) points into the source.
 */
import type { PersonName } from './author-match.js';

/** Where a free-text term looks: `any` = title or abstract (a bare term). */
export type TextField = 'any' | 'title' | 'abstract';

/** A word or phrase. Several tokens (quoted, or `mixture-of-experts`) must appear consecutively. */
export interface TextTerm {
  readonly kind: 'text';
  readonly field: TextField;
  /** As the user wrote it, without quotes. Used as `MatchReason.term`. */
  readonly text: string;
  readonly quoted: boolean;
  /** Analysed tokens (folded, stemmed); never empty. */
  readonly tokens: readonly string[];
  readonly column: number;
}

export interface AuthorTerm {
  readonly kind: 'author';
  readonly text: string;
  readonly quoted: boolean;
  readonly name: PersonName;
  readonly column: number;
}

/** `cat:cs.LG` (exact) or `cat:cs` / `cat:cs.*` (prefix: the whole archive). */
export interface CategoryTerm {
  readonly kind: 'category';
  readonly text: string;
  /** Lower-case category (`cs.lg`) or archive (`cs`). */
  readonly value: string;
  readonly prefix: boolean;
  readonly column: number;
}

/** `topic:"…"`: papers whose meaning is close to the text (embeddings, or BM25 in lexical mode). */
export interface TopicTerm {
  readonly kind: 'topic';
  /** The topic text as written (trimmed). Used as `MatchReason.term`. */
  readonly text: string;
  /** The shared leaf key (`topicKey(text)`). */
  readonly key: string;
  readonly column: number;
}

/** `like:<paper>`: papers close to that paper. `text` is the paper id (`arxiv:2411.17796`). */
export interface LikeTerm {
  readonly kind: 'like';
  readonly text: string;
  readonly key: string;
  readonly column: number;
}

export type Term = TextTerm | AuthorTerm | CategoryTerm | TopicTerm | LikeTerm;

export interface AndNode {
  readonly kind: 'and';
  readonly children: readonly QueryNode[];
}
export interface OrNode {
  readonly kind: 'or';
  readonly children: readonly QueryNode[];
}
export interface NotNode {
  readonly kind: 'not';
  readonly child: QueryNode;
  readonly column: number;
}

export type QueryNode = Term | AndNode | OrNode | NotNode;

/** A parsed, validated query. Every query has at least one positive term (pure negations are rejected). */
export interface Query {
  readonly source: string;
  readonly root: QueryNode;
  readonly termCount: number;
}

export function isTerm(node: QueryNode): node is Term {
  return node.kind !== 'and' && node.kind !== 'or' && node.kind !== 'not';
}

/** The `topic:` and `like:` terms of a query (positive or negated), each once by key. */
export function topicTerms(node: QueryNode, out: (TopicTerm | LikeTerm)[] = []): (TopicTerm | LikeTerm)[] {
  if (node.kind === 'topic' || node.kind === 'like') {
    if (!out.some((t) => t.key === node.key)) out.push(node);
  } else if (node.kind === 'and' || node.kind === 'or') for (const c of node.children) topicTerms(c, out);
  else if (node.kind === 'not') topicTerms(node.child, out);
  return out;
}

/** The leaf terms not under any NOT, in source order (the terms that can become match reasons). */
export function positiveTerms(node: QueryNode, out: Term[] = []): Term[] {
  if (isTerm(node)) out.push(node);
  else if (node.kind === 'and' || node.kind === 'or') for (const c of node.children) positiveTerms(c, out);
  return out;
}

/**
 * True when every paper that matches `node` contains at least one positive term of it: a term; an AND with
 * such a child; an OR whose children all are. NOT is never anchorable. The percolator relies on the root
 * being anchorable, and so the parser rejects queries whose root is not. With `anchors`, only the terms it
 * accepts count (query-breadth.ts: terms that are not common words).
 */
export function isAnchorable(node: QueryNode, anchors: (term: Term) => boolean = () => true): boolean {
  switch (node.kind) {
    case 'and':
      return node.children.some((c) => isAnchorable(c, anchors));
    case 'or':
      return node.children.every((c) => isAnchorable(c, anchors));
    case 'not':
      return false;
    default:
      return anchors(node);
  }
}

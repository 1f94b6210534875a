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

export type Term = TextTerm | AuthorTerm | CategoryTerm;

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
  return node.kind === 'text' || node.kind === 'author' || node.kind === 'category';
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
 * being anchorable, and so the parser rejects queries whose root is not.
 */
export function isAnchorable(node: QueryNode): boolean {
  switch (node.kind) {
    case 'and':
      return node.children.some(isAnchorable);
    case 'or':
      return node.children.every(isAnchorable);
    case 'not':
      return false;
    default:
      return true;
  }
}

/**
 * Is a query so broad that it would bring most of each day's papers? A subscription like `the`, `model` or
 * `"a new approach"` is accepted (it is a valid query) but the person adding it is told, because a channel
 * flooded with every paper of the day is what they least expect.
 *
 * The test is lexical, the same walk as `isAnchorable`: a query is narrow when every matching paper must
 * contain a narrow term — an author, a category, a topic, or a word or phrase with at least one token that
 * is neither a common word (common-words.ts) nor a single character. An AND is narrow when one of its
 * children is, an OR when all of them are; a NOT narrows nothing.
 */
import { COMMON_WORDS } from './common-words.js';
import type { Query, QueryNode, TextTerm } from './query-ast.js';

const isSelectiveToken = (token: string): boolean => token.length > 1 && !COMMON_WORDS.has(token);

function isNarrow(node: QueryNode): boolean {
  switch (node.kind) {
    case 'and':
      return node.children.some(isNarrow);
    case 'or':
      return node.children.every(isNarrow);
    case 'not':
      return false;
    case 'text':
      return node.tokens.some(isSelectiveToken);
    default:
      return true;
  }
}

/** The positive word terms of a broad query (what to show the user), or undefined when the query is narrow. */
export function broadTermsOf(query: Query): readonly TextTerm[] | undefined {
  if (isNarrow(query.root)) return undefined;
  const terms: TextTerm[] = [];
  const visit = (node: QueryNode): void => {
    if (node.kind === 'text') terms.push(node);
    else if (node.kind === 'and' || node.kind === 'or') node.children.forEach(visit);
  };
  visit(query.root);
  return terms;
}

/**
 * Is a query so broad that it would bring most of each day's papers? A subscription like `the`, `model` or
 * `"a new approach"` is accepted (it is a valid query) but the person adding it is told, because a channel
 * flooded with every paper of the day is what they least expect.
 *
 * The test is lexical, `isAnchorable` with only narrow terms counting: a query is narrow when every
 * matching paper must contain a narrow term — an author, a category, a topic, or a word or phrase with at least one token that
 * is neither a common word (common-words.ts) nor a single character. An AND is narrow when one of its
 * children is, an OR when all of them are; a NOT narrows nothing.
 */
import { COMMON_WORDS } from './common-words.js';
import { isAnchorable, positiveTerms, type Query, type Term, type TextTerm } from './query-ast.js';

const isSelectiveToken = (token: string): boolean => token.length > 1 && !COMMON_WORDS.has(token);
const isNarrowTerm = (term: Term): boolean => term.kind !== 'text' || term.tokens.some(isSelectiveToken);

/** The positive word terms of a broad query (what to show the user), or undefined when the query is narrow. */
export function broadTermsOf(query: Query): readonly TextTerm[] | undefined {
  if (isAnchorable(query.root, isNarrowTerm)) return undefined;
  return positiveTerms(query.root).filter((term): term is TextTerm => term.kind === 'text');
}

/**
 * Categories of a query checked against arXiv's taxonomy (src/papers/arxiv-taxonomy.ts): new subscriptions
 * are refused with a suggestion, stored ones are flagged.
 */
import { isArxivCategory, nearestArxivCategory } from '../papers/arxiv-taxonomy.js';
import type { CategoryTerm, Query, QueryNode } from './query-ast.js';
import { fail, type Hint } from './query-error.js';
import { parseQuery } from './query-parser.js';

/**
 * Checks a new subscription's categories against arXiv's taxonomy: `cat:cs.LGG` would be stored and match
 * nothing, quietly, every day. Only new queries are checked — stored ones must keep parsing whatever the
 * taxonomy says. Throws `UserError('query_invalid')` at the first unknown category, suggesting the nearest.
 */
export function checkArxivCategories(query: Query): void {
  for (const term of categoryTerms(query.root)) {
    if (isArxivCategory(term.value, term.prefix)) continue;
    const near = nearestArxivCategory(term.value, term.prefix);
    const hint: Hint = near ? { key: 'query.hint.didYouMean', vars: { suggestion: `cat:${near}` } } : 'query.hint.categoryList';
    fail(query.source, term.column, 'query.err.unknownCategory', { value: `cat:${term.text}` }, hint);
  }
}

/**
 * The categories of a stored query that arXiv does not have (`cat:cs.XX`), as written; none for a query
 * that no longer parses (that is reported on its own). Such a term matches nothing.
 */
export function unknownCategoriesOf(query: string): string[] {
  // `/radar list` asks this of every subscription: a query without a category field needs no parse
  if (!MAY_HOLD_CATEGORY.test(query)) return [];
  let parsed: Query;
  try {
    parsed = parseQuery(query);
  } catch {
    return [];
  }
  return categoryTerms(parsed.root).filter((t) => !isArxivCategory(t.value, t.prefix)).map((t) => `cat:${t.text}`);
}

/** Every category term is written `cat:` or `category:` (the field name in any case, the colon right after it). */
const MAY_HOLD_CATEGORY = /cat(?:egory)?:/i;

function categoryTerms(node: QueryNode, out: CategoryTerm[] = []): CategoryTerm[] {
  if (node.kind === 'category') out.push(node);
  else if (node.kind === 'and' || node.kind === 'or') for (const c of node.children) categoryTerms(c, out);
  else if (node.kind === 'not') categoryTerms(node.child, out);
  return out;
}

/**
 * An inverted index over the topic pages' 30 days of papers, used only to narrow a query down to the papers
 * that can match it before the exact matcher runs. It relies on the parser's guarantee (query-ast.ts,
 * `isAnchorable`): every paper matching a query contains at least one of its positive terms, so the union of
 * "papers containing term t" over the positive terms is a superset of the matches. Tokens are analysed as
 * the matchers analyse them (normalize.ts, author-match.ts); a test checks results equal a full scan.
 */
import type { Paper } from '../papers/paper.js';
import { authorAnchor, parsePersonName } from '../radar/author-match.js';
import { analyze } from '../radar/normalize.js';
import { positiveTerms, type Term } from '../radar/query-ast.js';
import { parseQuery } from '../radar/query-parser.js';

export interface TopicIndex {
  readonly papers: readonly Paper[];
  /** The papers that may match `query` (a superset of its matches), in index order. Throws on a bad query. */
  candidates(query: string): Paper[];
}

function termKey(term: Term): string | undefined {
  switch (term.kind) {
    case 'text':
      return `x\u0000${term.tokens.reduce((a, b) => (b.length > a.length ? b : a))}`;
    case 'author': {
      const anchor = authorAnchor(term.name);
      return anchor === undefined ? undefined : `a\u0000${anchor}`;
    }
    case 'category':
      return `${term.prefix ? 'r' : 'c'}\u0000${term.value}`;
  }
}

export function buildTopicIndex(papers: readonly Paper[]): TopicIndex {
  const postings = new Map<string, number[]>();
  const add = (key: string, i: number): void => {
    const list = postings.get(key);
    if (!list) postings.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  papers.forEach((p, i) => {
    for (const t of analyze(p.title)) add(`x\u0000${t}`, i);
    for (const t of analyze(p.abstract)) add(`x\u0000${t}`, i);
    for (const a of p.authors) for (const t of parsePersonName(a.name).tokens) add(`a\u0000${t}`, i);
    for (const c of p.categories) {
      const lower = c.toLowerCase();
      add(`c\u0000${lower}`, i);
      add(`r\u0000${lower}`, i);
      const dot = lower.indexOf('.');
      if (dot > 0) add(`r\u0000${lower.slice(0, dot)}`, i);
    }
  });
  return {
    papers,
    candidates(query) {
      const terms = positiveTerms(parseQuery(query).root);
      const hit = new Uint8Array(papers.length);
      for (const term of terms) {
        const key = termKey(term);
        if (key === undefined) return [...papers];
        for (const i of postings.get(key) ?? []) hit[i] = 1;
      }
      return papers.filter((_, i) => hit[i] === 1);
    },
  };
}

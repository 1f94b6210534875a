/**
 * The reference matcher: every subscription's AST evaluated against every paper with plain string
 * comparisons. Slow by design and kept obviously correct: it is the oracle the percolator is tested
 * against, and the "naive loop" of the benchmark.
 */
import type { Paper } from '../papers/paper.js';
import { authorMatches, parsePersonName, type PersonName } from './author-match.js';
import { analyze } from './normalize.js';
import { positiveTerms, type Query, type QueryNode, type Term } from './query-ast.js';
import { parseQuery } from './query-parser.js';
import { normalizeReasons } from './reasons.js';
import { matchTableOf, type MatchField, type MatchReason, type SubscriptionMatch, type SubscriptionMatcher } from './subscription.js';
import type { TopicHits } from './topic-leaf.js';

/** A paper analysed once: token streams, parsed author names, lower-case categories. */
export interface AnalyzedPaper {
  readonly title: readonly string[];
  readonly abstract: readonly string[];
  readonly authors: readonly PersonName[];
  readonly categories: readonly string[];
  /** Keys of the topic leaves the paper hits (see topic-leaf.ts). */
  readonly topicKeys: ReadonlySet<string>;
}

export function analyzePaper(paper: Paper, topics?: TopicHits): AnalyzedPaper {
  return {
    title: analyze(paper.title),
    abstract: analyze(paper.abstract),
    authors: paper.authors.map((a) => parsePersonName(a.name)),
    categories: paper.categories.map((c) => c.toLowerCase()),
    topicKeys: new Set(topics?.keysOf(paper.id) ?? []),
  };
}

function hasPhrase(hay: readonly string[], needle: readonly string[]): boolean {
  for (let i = 0; i + needle.length <= hay.length; i++) {
    let ok = true;
    for (let j = 0; j < needle.length && ok; j++) ok = hay[i + j] === needle[j];
    if (ok) return true;
  }
  return false;
}

/** The fields a term hits in the paper (empty when it does not hit). */
export function termHits(term: Term, p: AnalyzedPaper): MatchField[] {
  switch (term.kind) {
    case 'text': {
      const out: MatchField[] = [];
      if (term.field !== 'abstract' && hasPhrase(p.title, term.tokens)) out.push('title');
      if (term.field !== 'title' && hasPhrase(p.abstract, term.tokens)) out.push('abstract');
      return out;
    }
    case 'author':
      return p.authors.some((a) => authorMatches(term.name, a)) ? ['authors'] : [];
    case 'category': {
      const hit = term.prefix
        ? p.categories.some((c) => c === term.value || c.startsWith(`${term.value}.`))
        : p.categories.includes(term.value);
      return hit ? ['categories'] : [];
    }
    case 'topic':
    case 'like':
      return p.topicKeys.has(term.key) ? [term.kind] : [];
  }
}

export function evaluate(node: QueryNode, p: AnalyzedPaper): boolean {
  switch (node.kind) {
    case 'and':
      return node.children.every((c) => evaluate(c, p));
    case 'or':
      return node.children.some((c) => evaluate(c, p));
    case 'not':
      return !evaluate(node.child, p);
    default:
      return termHits(node, p).length > 0;
  }
}

/** Every positive term that hits, with the field it hit; sorted (field, term) and de-duplicated. */
export function reasonsFor(q: Query, p: AnalyzedPaper): MatchReason[] {
  const out: MatchReason[] = [];
  for (const term of positiveTerms(q.root)) {
    for (const field of termHits(term, p)) out.push({ field, term: term.text });
  }
  return normalizeReasons(out);
}

/** `null` when the query does not match, else the reasons. */
export function matchQuery(q: Query, p: AnalyzedPaper): MatchReason[] | null {
  return evaluate(q.root, p) ? reasonsFor(q, p) : null;
}

/**
 * Matches in subscription insertion order (re-adding an id replaces it and moves it last), like the
 * percolator.
 */
export function createReferenceMatcher(): SubscriptionMatcher {
  const subs = new Map<string, Query>();
  let changes = 0;
  return {
    add({ id, query }) {
      const parsed = parseQuery(query);
      subs.delete(id);
      subs.set(id, parsed);
      changes++;
    },
    remove(id) {
      subs.delete(id);
      changes++;
    },
    match(paper: Paper, topics?: TopicHits): SubscriptionMatch[] {
      const p = analyzePaper(paper, topics);
      const out: SubscriptionMatch[] = [];
      for (const [subscriptionId, q] of subs) {
        const reasons = matchQuery(q, p);
        if (reasons) out.push({ subscriptionId, reasons });
      }
      return out;
    },
    matchMany(papers, topics) {
      return matchTableOf(papers.map((p) => this.match(p, topics)));
    },
    *matchSteps(papers, topics) {
      // one paper per step; a change between steps starts over, as the percolator does
      for (;;) {
        const version = changes;
        const rows: SubscriptionMatch[][] = [];
        for (const p of papers) {
          rows.push(this.match(p, topics));
          yield;
          if (changes !== version) break;
        }
        if (rows.length === papers.length && changes === version) return matchTableOf(rows);
      }
    },
    get size() {
      return subs.size;
    },
  };
}

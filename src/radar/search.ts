/**
 * Ad-hoc search over papers already in hand (`/radar search`, and the preview shown before subscribing),
 * built on the percolator with one temporary subscription so results mean exactly what a subscription would.
 */
import type { Paper } from '../papers/paper.js';
import { createPercolatorMatcher } from './percolator.js';
import type { MatchReason } from './subscription.js';
import { rankCandidates as rank } from './rank.js';
import type { TopicHits } from './topic-leaf.js';
import { capTopicMatches, scoreTopicReasons } from '../topics/topic-matching.js';

/** Topic leaves of the query, decided over the same papers (see TopicService.hits), and the daily cap. */
export interface TopicSearch {
  readonly hits: TopicHits;
  readonly dailyCap: number;
}

export interface SearchHit {
  readonly paper: Paper;
  readonly reasons: readonly MatchReason[];
}

export interface QueryPreview {
  /** Matches per day, newest day first. `day` is `paper.announced`, else the date part of `published`. */
  readonly days: { day: string; count: number }[];
  readonly total: number;
  /** The best-ranked matches (as `searchPapers` ranks them). */
  readonly examples: Paper[];
}

/** The announcement day a paper is counted under (`announced`, else the date of `published`). */
export function dayOf(p: Paper): string {
  return p.announced ?? p.published?.slice(0, 10) ?? p.updated?.slice(0, 10) ?? 'unknown';
}

function allMatches(papers: readonly Paper[], query: string, topics?: TopicSearch): SearchHit[] {
  const matcher = createPercolatorMatcher();
  matcher.add({ id: 'search', query }); // throws UserError('query_invalid') with the parser's message
  const found: { paper: Paper; matches: { subscriptionId: string; reasons: readonly MatchReason[] }[] }[] = [];
  for (const paper of papers) {
    const m = matcher.match(paper, topics?.hits)[0];
    if (m) found.push({ paper, matches: [{ ...m, reasons: scoreTopicReasons(m.reasons, paper.id, topics?.hits) }] });
  }
  const kept = topics ? capTopicMatches(found, topics.dailyCap) : found;
  return kept.map((f) => ({ paper: f.paper, reasons: f.matches[0]!.reasons }));
}

/**
 * Papers matching `query`, best first, ranked exactly as digests rank (see rank.ts). Throws `UserError('query_invalid')` for a bad query.
 */
export function searchPapers(papers: readonly Paper[], query: string, limit = 10, topics?: TopicSearch): SearchHit[] {
  return rank(allMatches(papers, query, topics)).slice(0, Math.max(0, limit));
}

/** How often a query would have fired over `papers`, per day, with a few examples. */
export function previewQuery(papers: readonly Paper[], query: string, examples = 3, topics?: TopicSearch): QueryPreview {
  const hits = allMatches(papers, query, topics);
  const counts = new Map<string, number>();
  for (const h of hits) counts.set(dayOf(h.paper), (counts.get(dayOf(h.paper)) ?? 0) + 1);
  const days = [...counts].map(([day, count]) => ({ day, count })).sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
  return { days, total: hits.length, examples: rank(hits).slice(0, Math.max(0, examples)).map((h) => h.paper) };
}

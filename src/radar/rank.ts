/**
 * How matches are ranked, in digests and in `/radar search` alike: more distinct matched terms first, then
 * title hits, then author hits, then more field hits, then the best topic similarity, then newer, then id
 * (a total, stable order).
 */
import type { Paper } from '../papers/paper.js';
import type { MatchReason } from './subscription.js';

export interface Candidate {
  readonly paper: Paper;
  readonly reasons: readonly MatchReason[];
  /** The subscriptions that matched, when known (digest headers name them). */
  readonly subscriptionIds?: readonly string[];
}

function score(c: Candidate) {
  const terms = new Set(c.reasons.map((r) => `${r.field}\u0000${r.term.toLowerCase()}`));
  return {
    terms: new Set(c.reasons.map((r) => r.term.toLowerCase())).size,
    hits: terms.size,
    title: c.reasons.filter((r) => r.field === 'title').length,
    authors: c.reasons.filter((r) => r.field === 'authors').length,
    topic: Math.max(0, ...c.reasons.map((r) => r.score ?? 0)),
    date: c.paper.announced ?? c.paper.updated ?? c.paper.published ?? '',
  };
}

export function rankCandidates(candidates: readonly Candidate[]): Candidate[] {
  const scored = candidates.map((c) => ({ c, s: score(c) }));
  scored.sort(
    (a, b) =>
      b.s.terms - a.s.terms ||
      b.s.title - a.s.title ||
      b.s.authors - a.s.authors ||
      b.s.hits - a.s.hits ||
      b.s.topic - a.s.topic ||
      (a.s.date < b.s.date ? 1 : a.s.date > b.s.date ? -1 : 0) ||
      (a.c.paper.id < b.c.paper.id ? -1 : a.c.paper.id > b.c.paper.id ? 1 : 0),
  );
  return scored.map((x) => x.c);
}

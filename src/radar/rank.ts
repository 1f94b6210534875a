/**
 * How matches are ranked, in digests and in `/radar search` alike: more distinct matched terms first, then
 * title hits, then author hits, then more field hits, then the best topic similarity, then newer, then id
 * (a total, stable order).
 *
 * A channel's learned preference (src/feedback, from its 👍/👎) re-ranks that order: without one the order
 * is exactly the base order. It only re-ranks (never drops), and never moves a paper that matched an
 * author subscription below its unlearned place.
 */
import type { Paper } from '../papers/paper.js';
import type { MatchReason } from './subscription.js';

export interface Candidate {
  readonly paper: Paper;
  readonly reasons: readonly MatchReason[];
  /** The subscriptions that matched, when known (digest headers name them). */
  readonly subscriptionIds?: readonly string[];
  /** Set by a learned re-ranking when this candidate moved because of what the channel liked/disliked. */
  readonly learned?: LearnedReason;
}

/** Why the learned ranking moved a candidate: the feature that pushed it most, and how many votes carry it. */
export interface LearnedReason {
  readonly direction: 'up' | 'down';
  /** Feature name, e.g. `au:yinmin zhong`, `w:serving` (see src/feedback/features.ts). */
  readonly feature: string;
  /** Votes of that direction on papers with this feature. */
  readonly count: number;
}

/** A channel's learned taste, applied on top of the base order. */
export interface Preference {
  /** Learned score: > 0 liked, < 0 disliked, 0 no opinion. */
  score(candidate: Candidate): number;
  /**
   * Why a candidate moved in `direction` among `candidates` (what sets it apart from them, not what they
   * all share); undefined when no single reason is worth a chip.
   */
  explain(candidate: Candidate, direction: 'up' | 'down', candidates: readonly Candidate[]): LearnedReason | undefined;
}

/** How much the unlearned order weighs against learned scores: a place costs PRIOR·ln(1 + place). */
const PRIOR = 0.35;
/** Learned scores smaller than this never earn a chip. */
const CHIP_MIN = 0.15;
/** Chips are worked out for the places a batch can show (the largest digest size); the rest wait. */
const CHIP_PLACES = 25;

interface BaseScore {
  /** Distinct matched terms (case-insensitive). */
  readonly terms: number;
  /** Distinct (field, term) hits. */
  readonly hits: number;
  readonly title: number;
  readonly authors: number;
  readonly topic: number;
  readonly date: string;
}

/** The base-order score; a digest ranks every match of a channel, so this allocates nothing per reason. */
function score(c: Candidate): BaseScore {
  const rs = c.reasons;
  const lower = rs.map((r) => r.term.toLowerCase());
  let terms = 0;
  let hits = 0;
  let title = 0;
  let authors = 0;
  let topic = 0;
  for (let i = 0; i < rs.length; i++) {
    const r = rs[i]!;
    if (r.field === 'title') title++;
    else if (r.field === 'authors') authors++;
    if ((r.score ?? 0) > topic) topic = r.score!;
    let newTerm = true;
    let newHit = true;
    for (let j = 0; j < i && newHit; j++) {
      if (lower[j] !== lower[i]) continue;
      newTerm = false;
      if (rs[j]!.field === r.field) newHit = false;
    }
    if (newTerm) terms++;
    if (newHit) hits++;
  }
  return { terms, hits, title, authors, topic, date: c.paper.announced ?? c.paper.updated ?? c.paper.published ?? '' };
}

/** Ranks candidates; with a `preference` (the channel's votes) the base order is re-ranked by it. */
export function rankCandidates(candidates: readonly Candidate[], preference?: Preference): Candidate[] {
  const base = baseOrder(candidates);
  return preference ? rerank(base, preference) : base;
}

const isAuthorMatch = (c: Candidate): boolean => c.reasons.some((r) => r.field === 'authors');

function rerank(base: readonly Candidate[], preference: Preference): Candidate[] {
  const scored = base.map((c, pos) => {
    const s = preference.score(c);
    return { c, pos, s, key: s - PRIOR * Math.log1p(pos) };
  });
  const learned = [...scored].sort((a, b) => b.key - a.key || a.pos - b.pos);
  // Author-subscription matches may move up, never down: each is due at its base place (earliest deadline
  // first); every other place takes the next candidate in learned order.
  const due = learned.filter((x) => isAuthorMatch(x.c)).sort((a, b) => a.pos - b.pos);
  const placed = new Set<(typeof learned)[number]>();
  const out: typeof learned = [];
  let d = 0;
  let l = 0;
  while (out.length < learned.length) {
    while (d < due.length && placed.has(due[d]!)) d++;
    let x = d < due.length && due[d]!.pos <= out.length ? due[d]! : undefined;
    if (!x) {
      while (placed.has(learned[l]!)) l++;
      x = learned[l]!;
    }
    placed.add(x);
    out.push(x);
  }
  return out.map((x, i) => {
    const direction = i < x.pos ? 'up' : i > x.pos ? 'down' : undefined;
    if (!direction || i >= CHIP_PLACES || Math.abs(x.s) < CHIP_MIN || (x.s > 0) !== (direction === 'up')) return x.c;
    const why = preference.explain(x.c, direction, base);
    return why ? { ...x.c, learned: why } : x.c;
  });
}

function baseOrder(candidates: readonly Candidate[]): Candidate[] {
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

/** Subscriptions and the matcher port. */
import type { Paper } from '../papers/paper.js';
import type { TopicHits } from './topic-leaf.js';

export interface Subscription {
  /** Globally unique: `${channelKey}#${number}`. */
  readonly id: string;
  readonly channelKey: string;
  /** Small per-channel number shown to users (`/radar remove 3`). */
  readonly number: number;
  /** The query line as typed, e.g. `"mixture of experts" routing -survey`. */
  readonly query: string;
  readonly createdAt: string;
  readonly createdBy?: string;
}

/** `topic` / `like`: a `topic:"…"` / `like:<paper>` leaf hit (by meaning, or lexically). */
export type MatchField = 'title' | 'abstract' | 'authors' | 'categories' | 'topic' | 'like';

/**
 * Why a paper matched: which query term hit which field. Matchers report `field` and `term`; topic hits are
 * given their `score` and `mode` afterwards (they depend on the day's papers, not on the query alone), and
 * the structured reason travels to the card renderer (`topic: sparse expert routing (0.83)`).
 */
export interface MatchReason {
  readonly field: MatchField;
  /** The term as the user wrote it (phrase without quotes, author name, category, topic text, paper id). */
  readonly term: string;
  /** Topic reasons: the similarity (cosine; in lexical mode the share of the day's best BM25 score). */
  readonly score?: number;
  /** Topic reasons: how the hit was decided. */
  readonly mode?: 'embedding' | 'lexical';
}

export interface SubscriptionMatch {
  readonly subscriptionId: string;
  readonly reasons: readonly MatchReason[];
}

/**
 * Matches papers against many subscriptions. Implementations: the reference matcher (a loop, the
 * correctness oracle) and the percolator (an inverted index over compiled queries). Both must return the
 * same match sets and reasons. Queries are validated on `add` (throws UserError with the parser's message).
 */
export interface SubscriptionMatcher {
  add(subscription: Pick<Subscription, 'id' | 'query'>): void;
  remove(subscriptionId: string): void;
  /**
   * Every subscription that matches, with reasons sorted deterministically (field, then term). `topics` says
   * which `topic:`/`like:` leaves the paper hits (from the topic service); without it they hit nothing.
   */
  match(paper: Paper, topics?: TopicHits): SubscriptionMatch[];
  readonly size: number;
}

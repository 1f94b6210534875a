/** Subscriptions and the matcher port. */
import type { Paper } from '../papers/paper.js';

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

export type MatchField = 'title' | 'abstract' | 'authors' | 'categories';

/** Why a paper matched: which query term hit which field. */
export interface MatchReason {
  readonly field: MatchField;
  /** The term as the user wrote it (phrase without quotes, author name, category). */
  readonly term: string;
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
  /** Every subscription that matches, with reasons sorted deterministically (field, then term). */
  match(paper: Paper): SubscriptionMatch[];
  readonly size: number;
}

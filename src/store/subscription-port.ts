/** The subscriptions port: each channel's numbered queries, a row each, one per query and channel. */
import type { Subscription } from '../radar/subscription.js';

/** What `SubscriptionStore.addMany` did. */
export interface AddedSubscriptions {
  readonly added: Subscription[];
  /** How many subscriptions the channel held before. */
  readonly before: number;
  /** The channel's subscriptions that already had one of the queries (not added again), in number order. */
  readonly existing: Subscription[];
}

export interface SubscriptionStore {
  /**
   * Stores a new subscription and returns it with its per-channel number. A channel holds a query once: when
   * it already has this one (see `addMany`), that subscription is returned and nothing is stored.
   */
  add(channelKey: string, query: string, createdBy?: string): Promise<Subscription>;
  /**
   * Stores several subscriptions in one transaction, numbered consecutively in the order given: all of them
   * or (on any error) none, and no number is used up by a failed call. A query the channel already has is
   * not stored again (it is in `existing`), nor one that repeats an earlier one of `queries` — the same
   * query being one with the same `subscriptionKeyOf` (matching the same papers, however it is spelled). With `limit`,
   * none are stored when the channel would then hold more than `limit` (`added` is empty) — decided inside
   * the transaction, so concurrent adds cannot pass it together, nor add one query twice. `before`: how
   * many the channel held.
   */
  addMany(channelKey: string, queries: readonly string[], options?: { readonly createdBy?: string; readonly limit?: number }): Promise<AddedSubscriptions>;
  /**
   * Gives subscription `number` a new query, keeping its number; resolves to it before and after, to
   * `{ duplicateOf }` when another subscription of the channel has that query (nothing changes), or
   * undefined when the channel has no such subscription.
   */
  replace(channelKey: string, number: number, query: string): Promise<{ before: Subscription; after: Subscription } | { duplicateOf: Subscription } | undefined>;
  /** Removes by per-channel number; resolves to the removed subscription, or undefined. */
  remove(channelKey: string, number: number): Promise<Subscription | undefined>;
  list(channelKey: string): Promise<Subscription[]>;
  /** Every subscription of every channel (to build the matcher at start-up). */
  listAll(): Promise<Subscription[]>;
  /** Channel keys that have at least one subscription. */
  channels(): Promise<string[]>;
}

/**
 * Who asked to be named when one of a channel's subscriptions brings papers (`/radar watch <id>`): the digest
 * then ends with one line naming each of them and their cards, a ping per person per digest. Keyed by the
 * subscription's number, which an edit keeps and nothing reuses; removing the subscription removes its watchers.
 */
export type WatchOutcome = 'added' | 'already' | 'unknown_subscription' | 'full';

/** The most people one subscription names (a digest's mention line stays short; Discord allows 100 a message). */
export const MAX_WATCHERS_PER_SUBSCRIPTION = 20;

export interface WatcherStore {
  /**
   * Adds `userId` (the platform's own user id) to subscription `number`'s watchers, in one transaction with the
   * check that the subscription exists and has room: `unknown_subscription` when it does not, `full` at
   * MAX_WATCHERS_PER_SUBSCRIPTION, `already` when they watch it.
   */
  watch(channelKey: string, number: number, userId: string): Promise<WatchOutcome>;
  /** Removes `userId` from the watchers of `number`; false when they were not watching it. */
  unwatch(channelKey: string, number: number, userId: string): Promise<boolean>;
  /** The watchers of each watched subscription of the channel, by number, in the order they asked. */
  list(channelKey: string): Promise<Map<number, string[]>>;
}

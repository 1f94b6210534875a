/**
 * The votes port: one vote per (channel, paper, voter), a later vote replacing the earlier one. Votes
 * carry the paper's features as the channel saw them when the vote was cast, so the model never needs
 * the paper again (papers age out of the window; subscriptions change).
 */

export type VoteValue = 1 | -1;

export interface Vote {
  readonly paperId: string;
  readonly voterId: string;
  readonly value: VoteValue;
  /** ISO instant of the (latest) vote. */
  readonly at: string;
  /** The paper's features (src/feedback/features.ts) at voting time. */
  readonly features: Readonly<Record<string, number>>;
}

/** What a `put` did: a first vote, a switched vote (👍→👎), or the same vote again (counted once). */
export type PutOutcome = 'added' | 'changed' | 'unchanged';

export interface VoteStore {
  /** Records `vote`, replacing the voter's earlier vote on that paper in that channel. */
  put(channelKey: string, vote: Vote): Promise<PutOutcome>;
  /** Removes the voter's vote on the paper (only if it has `value`, when given); true when one was removed. */
  remove(channelKey: string, paperId: string, voterId: string, value?: VoteValue): Promise<boolean>;
  /** The channel's votes, oldest first. */
  list(channelKey: string): Promise<Vote[]>;
  /** The channel's votes on these papers, oldest first (a page of cards: one question, whatever the channel's history). */
  on(channelKey: string, paperIds: readonly string[]): Promise<Vote[]>;
  /** Deletes every vote of the channel; resolves to how many there were. */
  forget(channelKey: string): Promise<number>;
}

/**
 * Where the page's 👍/👎 go: the channel's votes, one per (channel, paper, voter), the latest replacing
 * earlier ones. The port is small on purpose: the feedback service implements it when learning is on
 * (src/app/web-votes.ts); without the service the votes go straight into the store's votes table.
 */
import type { Vote as ChannelVote, VoteStore } from '../feedback/vote-store.js';

export interface Vote {
  readonly channelKey: string;
  /** Versionless paper id (`arxiv:2606.04101`). */
  readonly paperId: string;
  /** Who voted: the platform user the signed link was given to (`web:` + user id). */
  readonly voter: string;
  readonly value: 1 | -1;
  readonly at: string;
}

export interface FeedbackSink {
  record(vote: Vote): Promise<void>;
  /** The votes on these papers in one channel (one per voter and paper): one read for a whole page. */
  votesOn(channelKey: string, paperIds: readonly string[]): Promise<Vote[]>;
}

/** The page's view of a channel's votes. */
export const pageVotes = (channelKey: string, votes: readonly ChannelVote[]): Vote[] =>
  votes.map((v) => ({ channelKey, paperId: v.paperId, voter: v.voterId, value: v.value, at: v.at }));

/** The page's votes in the store's votes table, without features (nothing learns from them until learning is on). */
export function createStoreFeedbackSink(votes: VoteStore): FeedbackSink {
  return {
    async record(vote) {
      await votes.put(vote.channelKey, { paperId: vote.paperId, voterId: vote.voter, value: vote.value, at: vote.at, features: {} });
    },
    votesOn: async (channelKey, paperIds) => pageVotes(channelKey, await votes.on(channelKey, paperIds)),
  };
}

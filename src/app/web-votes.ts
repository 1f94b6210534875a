/**
 * Where the web page's 👍/👎 go. With the feedback capability on, they are the channel's votes like a
 * button press or a reaction — the same store, the same voter id (the platform user the signed link was
 * given to), the same learned ranking. Without it they go into the same votes table, without features.
 */
import type { FeedbackService } from '../feedback/feedback-service.js';
import type { RadarStore } from '../store/ports.js';
import { createStoreFeedbackSink, pageVotes, type FeedbackSink } from '../web/feedback-sink.js';

/** The page's votes through the feedback service (the page lists matches posted or not: all were shown). */
export function feedbackServiceSink(feedback: FeedbackService): FeedbackSink {
  return {
    async record(vote) {
      await feedback.vote(vote.channelKey, vote.paperId, vote.voter, vote.value, { shownToChannel: true });
    },
    votesOn: async (channelKey, paperIds) => pageVotes(channelKey, await feedback.votesOn(channelKey, paperIds)),
  };
}

export function webVotesSink(store: RadarStore, feedback: FeedbackService | undefined): FeedbackSink {
  return feedback ? feedbackServiceSink(feedback) : createStoreFeedbackSink(store.votes);
}

/**
 * Where the web page's 👍/👎 go. With the feedback capability on, they are the channel's votes like a
 * button press or a reaction — the same store, the same voter id (the platform user the signed link was
 * given to), the same learned ranking. Without it they are kept in the store's `votes` namespace.
 */
import type { FeedbackService } from '../feedback/feedback-service.js';
import type { RadarStore } from '../store/ports.js';
import type { FeedbackSink } from '../web/feedback-sink.js';

/** The page's votes through the feedback service (the page lists matches posted or not: all were shown). */
export function feedbackServiceSink(feedback: FeedbackService): FeedbackSink {
  return {
    async record(vote) {
      await feedback.vote(vote.channelKey, vote.paperId, vote.voter, vote.value, { shownToChannel: true });
    },
    async votesOn(channelKey, paperIds) {
      const wanted = new Set(paperIds);
      const all = await feedback.votes(channelKey);
      return all.filter((v) => wanted.has(v.paperId)).map((v) => ({ channelKey, paperId: v.paperId, voter: v.voterId, value: v.value, at: v.at }));
    },
  };
}

export async function webVotesSink(store: RadarStore, feedback: FeedbackService | undefined): Promise<FeedbackSink> {
  if (feedback) return feedbackServiceSink(feedback);
  const { webFeedbackSink } = await import('../web/capability.js');
  return webFeedbackSink(store);
}

/**
 * 👍/👎 on Slack cards: an actions block under each card of a votable message (a digest batch), and
 * the mapping of Slack reaction names to votes for `reaction_added` / `reaction_removed`.
 */
import type { types } from '@slack/bolt';
import type { PaperCard } from '../../src/chat/message.js';

export const VOTE_UP_ACTION = 'radar_vote_up';
export const VOTE_DOWN_ACTION = 'radar_vote_down';

const voteButton = (emoji: string, actionId: string, paperId: string): types.Button => ({
  type: 'button',
  text: { type: 'plain_text', text: emoji, emoji: true },
  action_id: actionId,
  value: paperId,
});

/** The `[👍] [👎]` actions block of one card (action ids are unique within the block). */
export function voteBlock(card: PaperCard): types.ActionsBlock {
  return { type: 'actions', elements: [voteButton('👍', VOTE_UP_ACTION, card.paperId), voteButton('👎', VOTE_DOWN_ACTION, card.paperId)] };
}

const VOTES: Readonly<Record<string, 1 | -1>> = {
  '+1': 1, thumbsup: 1, heavy_plus_sign: 1, heart: 1, '-1': -1, thumbsdown: -1,
};

/** The vote a Slack reaction name stands for (`+1::skin-tone-3` → +1), or undefined. */
export function slackReactionVote(name: string | undefined): 1 | -1 | undefined {
  return name ? VOTES[name.split('::')[0]!] : undefined;
}

/**
 * The dispatcher's feedback inputs: a 👍/👎 button (or `/like`, `/dislike`) answers the voter privately;
 * a reaction is recorded silently (a reaction has nothing to reply to). A reaction on a message that is not
 * one card of this channel (several cards, another bot's message) is ignored; a refused vote is logged —
 * neither ever reaches the user as an error nor stops the process.
 */
import { channelKey, type ButtonAction, type ReactionEvent, type Responder } from '../chat/ports.js';
import { UserError } from '../errors.js';
import type { Translate } from '../i18n/messages.js';
import type { Logger } from '../logger.js';
import type { FeedbackService } from '../feedback/feedback-service.js';

export async function handleVoteAction(action: ButtonAction, responder: Responder, feedback: FeedbackService | undefined, t: Translate): Promise<void> {
  if (!feedback) throw new UserError('feedback_off', 'feedback.notEnabled');
  if (!action.paperId || (action.vote !== 1 && action.vote !== -1)) throw new UserError('vote_unknown_card', 'feedback.unknownCard');
  const r = await feedback.vote(channelKey(action.channel), action.paperId, action.user.id, action.vote);
  const title = r.title.length > 120 ? `${r.title.slice(0, 119)}…` : r.title;
  const text =
    r.outcome === 'unchanged'
      ? t('feedback.voted.same', { title })
      : r.outcome === 'changed'
        ? t('feedback.voted.changed', { title, vote: action.vote > 0 ? '👍' : '👎' })
        : t(action.vote > 0 ? 'feedback.voted.up' : 'feedback.voted.down', { title });
  await responder.reply({ text, ephemeral: true });
}

export async function handleReaction(reaction: ReactionEvent, feedback: FeedbackService | undefined, logger: Logger): Promise<void> {
  if (!feedback) return;
  const key = channelKey(reaction.channel);
  const context = { channel: key, message: reaction.messageId, user: reaction.user.id, vote: reaction.vote, added: reaction.added };
  try {
    const target = await feedback.paperOfMessage(key, reaction.messageId);
    if (!target || 'ambiguous' in target) {
      logger.debug({ ...context, cards: target ? target.ambiguous : 0 }, 'reaction not on a single card of this channel; ignored');
      return;
    }
    if (reaction.added) await feedback.vote(key, target.paperId, reaction.user.id, reaction.vote);
    else await feedback.retract(key, target.paperId, reaction.user.id, reaction.vote);
  } catch (err) {
    if (err instanceof UserError) logger.info({ ...context, code: err.code }, 'reaction vote refused');
    else logger.error({ err, ...context }, 'reaction vote failed');
  }
}

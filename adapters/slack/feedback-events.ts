/**
 * Slack inputs of the feedback capability: 👍/👎 buttons under cards (block actions) and 👍 ➕ ❤️ / 👎
 * reactions on the bot's messages (`reaction_added` / `reaction_removed`, scope `reactions:read`).
 */
import type { App } from '@slack/bolt';
import type { ChannelRef, InboundHandlers, Responder, UserRef } from '../../src/chat/ports.js';
import { slackReactionVote, VOTE_DOWN_ACTION, VOTE_UP_ACTION } from './feedback-blocks.js';

export interface FeedbackWiring {
  readonly handlers: InboundHandlers;
  readonly user: (id: string, name?: string) => Promise<UserRef>;
  readonly responder: (channel: ChannelRef, user: UserRef, respond: Parameters<Parameters<App['action']>[1]>[0]['respond']) => Responder;
}

export function registerFeedbackEvents(app: App, w: FeedbackWiring): void {
  app.action(new RegExp(`^(${VOTE_UP_ACTION}|${VOTE_DOWN_ACTION})$`), async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!channelId || !action.value) return;
    const channel: ChannelRef = { platform: 'slack', id: channelId, name: body.channel?.name, workspaceId: body.team?.id };
    const user = await w.user(body.user.id, body.user.name);
    const vote = action.action_id === VOTE_UP_ACTION ? 1 : -1;
    await w.handlers.onAction({ kind: 'vote', channel, user, paperId: action.value, vote }, w.responder(channel, user, respond));
  });

  const onReaction = (added: boolean) =>
    async ({ event }: { event: { user: string; reaction: string; item: { type: string; channel?: string; ts?: string } } }) => {
      const vote = slackReactionVote(event.reaction);
      if (vote === undefined || !w.handlers.onReaction || event.item.type !== 'message' || !event.item.channel || !event.item.ts) return;
      const channel: ChannelRef = { platform: 'slack', id: event.item.channel };
      await w.handlers.onReaction({ channel, user: await w.user(event.user), messageId: event.item.ts, vote, added });
    };
  app.event('reaction_added', onReaction(true));
  app.event('reaction_removed', onReaction(false));
}

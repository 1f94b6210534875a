/**
 * Votes by reaction on Discord (the GuildMessageReactions intent, not privileged): 👍 ➕ ❤️ count as +1,
 * 👎 as -1, any skin tone. Reactions arrive for messages the client never cached (posted over REST, or
 * before a restart), hence the Message/Reaction/User partials: only ids are needed.
 */
import { Events, type Client, type MessageReaction, type PartialMessageReaction, type PartialUser, type User } from 'discord.js';
import type { ChannelRef, InboundHandlers } from '../../src/chat/ports.js';

const VOTES: Readonly<Record<string, 1 | -1>> = { '👍': 1, '➕': 1, '❤': 1, '👎': -1 };

/** The vote an emoji stands for (`👍🏽` → +1, `❤️` → +1), or undefined for any other emoji. */
export function reactionVote(emoji: string | null | undefined): 1 | -1 | undefined {
  if (!emoji) return undefined;
  // Drop skin tones (U+1F3FB–1F3FF) and the emoji presentation selector (U+FE0F).
  const base = emoji.replace(/[\u{1F3FB}-\u{1F3FF}\uFE0F]/gu, '');
  return VOTES[base];
}

export interface ReactionWiring {
  readonly client: Client;
  readonly handlers: () => InboundHandlers | undefined;
  /** The channel a message lives in (a thread maps to its parent channel). */
  readonly place: (channelId: string, guildId: string | null) => { channel: ChannelRef };
  readonly track: (work: Promise<void>) => void;
}

/** Subscribes to reaction add/remove and hands votes to the core's `onReaction`. */
export function listenForReactions(w: ReactionWiring): void {
  const on = (added: boolean) => (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser) => {
    const vote = reactionVote(reaction.emoji.name);
    const onReaction = w.handlers()?.onReaction;
    if (vote === undefined || !onReaction || user.bot || user.id === w.client.user?.id) return;
    const message = reaction.message;
    const { channel } = w.place(message.channelId, message.guildId);
    w.track(onReaction({ channel, user: { id: user.id, canManage: false }, messageId: message.id, vote, added }));
  };
  w.client.on(Events.MessageReactionAdd, on(true));
  w.client.on(Events.MessageReactionRemove, on(false));
}

/**
 * The ports every chat adapter (Discord, Slack, shell) implements, and the neutral types that cross them.
 * Nothing here knows a platform: adapters translate to and from these shapes.
 */
import type { CommandSpec } from './command-spec.js';
import type { OutboundMessage } from './message.js';
import type { UserError } from '../errors.js';

export type Platform = 'discord' | 'slack' | 'shell';

/** A place messages go: a Discord text channel, a Slack channel, the terminal. */
export interface ChannelRef {
  readonly platform: Platform;
  /** Platform id: Discord channel snowflake, Slack channel id (`C…`), `terminal` for the shell. */
  readonly id: string;
  readonly name?: string;
  /** Discord guild id / Slack team id, when known. */
  readonly workspaceId?: string;
}

/** A discussion thread under a message: a Discord thread channel id or a Slack `thread_ts`. */
export interface ThreadRef {
  readonly channel: ChannelRef;
  readonly id: string;
}

export interface UserRef {
  readonly id: string;
  readonly name?: string;
  /** Whether the platform says this user may change the channel's subscriptions and settings. */
  readonly canManage: boolean;
}

/** What an adapter got back from the platform after posting. */
export interface PostedMessage {
  readonly id: string;
  readonly channel: ChannelRef;
  readonly threadId?: string;
  /** The cards this message carries (versionless paper ids), so a reaction on it maps to its paper. */
  readonly paperIds?: readonly string[];
}

/** A `/radar <name> …` invocation, options already parsed against the command's spec. */
export interface CommandInvocation {
  readonly name: string;
  readonly options: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly channel: ChannelRef;
  readonly user: UserRef;
  /** Set when the command was typed inside a thread. */
  readonly thread?: ThreadRef;
}

/** A button press: Shuffle (next batch), Discuss (open a thread on one paper) or a 👍/👎 vote on a card. */
export interface ButtonAction {
  readonly kind: 'shuffle' | 'discuss' | 'vote';
  readonly channel: ChannelRef;
  readonly user: UserRef;
  /** For `discuss` and `vote`: the versionless paper id carried by the button. */
  readonly paperId?: string;
  /** For `vote`: +1 (👍) or -1 (👎). */
  readonly vote?: 1 | -1;
}

/** A member added or removed a reaction that counts as a vote (the adapter maps 👍 ➕ ❤️ → +1, 👎 → -1). */
export interface ReactionEvent {
  readonly channel: ChannelRef;
  readonly user: UserRef;
  /** The message reacted to: Discord message id, Slack message ts. */
  readonly messageId: string;
  readonly vote: 1 | -1;
  readonly added: boolean;
}

/** A message addressed to the bot inside a thread (an @mention, or a reply in a thread the bot started). */
export interface ThreadMessage {
  readonly thread: ThreadRef;
  readonly user: UserRef;
  /** The text with the bot's own mention removed. */
  readonly text: string;
  /** Platform event id, used to drop retried deliveries of the same event. */
  readonly eventId?: string;
}

/**
 * How the core answers one inbound interaction. Adapters have already acknowledged (ack / deferReply)
 * before calling the core, so every method may take its time.
 */
export interface Responder {
  /** Answer the interaction (first call) or follow up (later calls). Ephemeral where the platform allows. */
  reply(message: OutboundMessage): Promise<PostedMessage[]>;
  /** Show transient progress ("reading 7/12 papers…"): an edited message, or a line in the shell. */
  progress(text: string): Promise<void>;
  /**
   * Post `message` in the interaction's channel and open a thread on it named `name` (≤ 100 chars).
   * Used by Discuss. Resolves to the new thread.
   */
  openThread(message: OutboundMessage, name: string): Promise<ThreadRef>;
}

export interface AutocompleteRequest {
  readonly command: string;
  readonly option: string;
  readonly partial: string;
  readonly channel: ChannelRef;
  /** The command's other options typed so far (what `/radar settings` completes depends on the setting named). */
  readonly options?: Readonly<Record<string, string | number | boolean>>;
}

export interface AutocompleteChoice {
  readonly name: string;
  readonly value: string;
}

/** What the core offers adapters. Each resolves when the work is done, so tests can await it. */
export interface InboundHandlers {
  onCommand(invocation: CommandInvocation, responder: Responder): Promise<void>;
  onAction(action: ButtonAction, responder: Responder): Promise<void>;
  onThreadMessage(message: ThreadMessage, responder: Responder): Promise<void>;
  onAutocomplete(request: AutocompleteRequest): Promise<AutocompleteChoice[]>;
  /** A mistake the adapter found before dispatch (unparseable command text): answered in the channel's language. */
  onUserError(channel: ChannelRef, error: UserError, responder: Responder): Promise<void>;
  /** A vote by reaction on one of the bot's messages; nothing is answered (reactions have no reply). */
  onReaction?(reaction: ReactionEvent): Promise<void>;
}

/** One chat platform. Thin: translation and platform limits only; no product logic. */
export interface ChatAdapter {
  readonly platform: Platform;
  /** Connect, register the commands, and start delivering inbound events to `handlers`. */
  start(handlers: InboundHandlers, commands: readonly CommandSpec[]): Promise<void>;
  stop(): Promise<void>;
  /** Post a message (e.g. a scheduled digest), split to platform limits; returns every message posted. */
  post(channel: ChannelRef, message: OutboundMessage): Promise<PostedMessage[]>;
  /** Post into an existing thread. */
  reply(thread: ThreadRef, message: OutboundMessage): Promise<PostedMessage[]>;
}

/** Stable key of a channel in the store: `discord:123`, `slack:C42`, `shell:terminal`. */
export const channelKey = (channel: ChannelRef): string => `${channel.platform}:${channel.id}`;

/** Inverse of {@link channelKey}. */
export function channelFromKey(key: string): ChannelRef {
  const i = key.indexOf(':');
  return { platform: key.slice(0, i) as Platform, id: key.slice(i + 1) };
}

/** Store key of a thread (Discuss, or an `/radar ask` conversation): `${channelKey}/${threadId}`. */
export const threadKeyOf = (channelKey: string, threadId: string): string => `${channelKey}/${threadId}`;

/** Inverse of {@link threadKeyOf}: the channel key and the thread id (channel keys never contain `/`). */
export function parseThreadKey(threadKey: string): { channelKey: string; threadId: string } {
  const i = threadKey.indexOf('/');
  return i < 0 ? { channelKey: threadKey, threadId: '' } : { channelKey: threadKey.slice(0, i), threadId: threadKey.slice(i + 1) };
}

/**
 * Paces one platform's outbound requests so that every process of a deployment together stays inside the
 * platform's global limit (Discord: ~50 requests/s per bot token). Embedded mode has none: one process and
 * the platform client's own limiter are enough there.
 */
export interface RequestPacer {
  /** Resolves when the next request may leave; call it immediately before sending. */
  slot(): Promise<void>;
}

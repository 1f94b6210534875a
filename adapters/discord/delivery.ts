/**
 * Posting over discord.js REST (independent of the gateway, so posts made while the socket reconnects are
 * not lost; discord.js still queues per route and waits out 429s). Platform refusals become DeliveryError.
 */
import { DiscordAPIError, Routes, ThreadAutoArchiveDuration, type REST } from 'discord.js';
import type { OutboundDelivery } from '../../src/chat/message.js';
import type { ChannelRef, PostedMessage } from '../../src/chat/ports.js';
import { DeliveryError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { truncate } from './markdown.js';
import { postFingerprint, postedSince } from './posted-since.js';
import type { DiscordPayload } from './render.js';

/** Discord JSON error codes that mean "the bot may not post here" (Missing Access, Missing Permissions). */
const MISSING_PERMISSION = new Set([50001, 50013]);
const UNKNOWN_CHANNEL = 10003;

/** The message body as the REST API wants it (allowed_mentions in snake_case). */
export function apiBody(p: DiscordPayload): Record<string, unknown> {
  const body: Record<string, unknown> = { embeds: p.embeds, components: p.components, allowed_mentions: p.allowedMentions.users ? { parse: [], users: p.allowedMentions.users } : { parse: [] } };
  if (p.content !== undefined) body.content = p.content;
  return body;
}

/** Map a discord.js failure to the core's DeliveryError (permanent ones are recorded and shown once). */
export function toDeliveryError(err: unknown, channelId: string, logger: Logger): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const code = err instanceof DiscordAPIError ? Number(err.code) : undefined;
  if (code !== undefined && MISSING_PERMISSION.has(code)) {
    logger.warn({ channelId, code }, 'discord refused: missing permission');
    return new DeliveryError(
      'missing_permission',
      `missing permission Send Messages / Embed Links / View Channel in <#${channelId}> (Discord ${code}); ask an admin to grant them`,
      true,
      { cause: err },
    );
  }
  if (code === UNKNOWN_CHANNEL) {
    logger.warn({ channelId, code }, 'discord refused: unknown channel');
    return new DeliveryError('channel_not_found', `channel ${channelId} no longer exists or is hidden from the bot`, true, { cause: err });
  }
  logger.error({ err, channelId }, 'discord delivery failed');
  return new DeliveryError('delivery_failed', `Discord refused the message: ${(err as Error)?.message ?? String(err)}`, false, { cause: err });
}

/** Where a message goes, and who posts it. */
export interface PostTarget {
  readonly channel: ChannelRef;
  readonly threadId?: string;
  /** This bot's user id: a re-post looks for its own messages only. */
  readonly botId?: string;
}

/**
 * Post each payload in order to a channel or thread; stops at the first failure (nothing is skipped).
 * With a delivery id each payload carries `nonce` = `<id>.<index>` and `enforce_nonce`, so posting the same
 * part again (after a crash) makes Discord return the message it already created instead of a second one;
 * a re-post (`since` set) first reads the channel since then, for a crash longer ago than the nonce lasts.
 */
export async function postPayloads(
  rest: REST,
  targetId: string,
  payloads: readonly DiscordPayload[],
  ref: PostTarget,
  logger: Logger,
  delivery?: OutboundDelivery,
): Promise<PostedMessage[]> {
  const posted: PostedMessage[] = [];
  let already: Map<string, string[]> | undefined;
  for (const [i, p] of payloads.entries()) {
    const idempotency = delivery ? { nonce: `${delivery.id}.${i}`, enforce_nonce: true } : {};
    const body = apiBody(p);
    try {
      if (delivery?.since && !already) already = await postedSince(rest, targetId, delivery.since, ref.botId, logger);
      const earlier = already?.get(postFingerprint(p))?.shift();
      const id = earlier ?? ((await rest.post(Routes.channelMessages(targetId), { body: { ...body, ...idempotency } })) as { id: string }).id;
      posted.push({ id, channel: ref.channel, ...(ref.threadId ? { threadId: ref.threadId } : {}), ...(p.paperIds ? { paperIds: p.paperIds } : {}) });
    } catch (err) {
      throw toDeliveryError(err, targetId, logger);
    }
    delivery?.afterPayload?.(i);
  }
  return posted;
}

/** Post `payloads` in `channel` and start a public thread on the first message; resolves to the thread id. */
export async function postWithThread(
  rest: REST,
  channel: ChannelRef,
  payloads: readonly DiscordPayload[],
  name: string,
  logger: Logger,
): Promise<string> {
  const [first, ...more] = payloads;
  if (!first) throw new Error('postWithThread: nothing to post');
  const [root] = await postPayloads(rest, channel.id, [first], { channel }, logger);
  try {
    const thread = (await rest.post(Routes.threads(channel.id, root!.id), {
      body: { name: truncate(name.replace(/\s+/g, ' ').trim(), 100) || 'Discussion', auto_archive_duration: ThreadAutoArchiveDuration.OneDay },
    })) as { id: string };
    if (more.length) await postPayloads(rest, thread.id, more, { channel, threadId: thread.id }, logger);
    return thread.id;
  } catch (err) {
    throw toDeliveryError(err, channel.id, logger);
  }
}

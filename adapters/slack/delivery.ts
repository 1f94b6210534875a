/**
 * Posting rendered payloads through the Web API, and turning Slack's refusals into the core's
 * DeliveryError: permanent ones (not invited, channel gone, missing scope) are thrown once, not retried.
 */
import { webApi } from '@slack/bolt';
import type { OutboundDelivery } from '../../src/chat/message.js';
import type { ChannelRef, PostedMessage, RequestPacer } from '../../src/chat/ports.js';
import { DeliveryError } from '../../src/errors.js';
import type { SlackPayload } from './render.js';

type WebClient = InstanceType<typeof webApi.WebClient>;

const HINTS: Readonly<Record<string, string>> = {
  not_in_channel: 'invite me with /invite @AcademicHub',
  channel_not_found: 'invite me with /invite @AcademicHub (or the channel was deleted)',
  is_archived: 'the channel is archived',
  missing_scope: 'reinstall the app from the manifest (npm run slack:manifest) to grant the missing scope',
  restricted_action: 'a workspace admin restricted posting here',
  invalid_auth: 'the bot token is invalid; check SLACK_BOT_TOKEN',
  not_authed: 'the bot token is missing; check SLACK_BOT_TOKEN',
  token_revoked: 'the app was uninstalled; reinstall it',
  account_inactive: 'the app was uninstalled; reinstall it',
};

/** Maps a Web API failure to a DeliveryError; `permanent` when retrying cannot help. */
export function toDeliveryError(error: unknown): DeliveryError {
  const e = error as { code?: string; data?: { error?: string } };
  if (e.code === webApi.ErrorCode.PlatformError && e.data?.error) {
    const code = e.data.error;
    const hint = HINTS[code];
    if (hint) return new DeliveryError(code, `I cannot post here: ${code} — ${hint}`, true, { cause: error });
    return new DeliveryError(code, `Slack refused the message: ${code}`, false, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError('slack_unavailable', `Slack could not be reached: ${message}`, false, { cause: error });
}

/** Sends payloads one by one; the first refusal stops the run and is thrown as a DeliveryError. */
async function sendEach(
  channel: ChannelRef,
  payloads: readonly SlackPayload[],
  threadTs: string | undefined,
  send: (p: SlackPayload, thread: { thread_ts?: string }, index: number) => Promise<string | undefined>,
  afterPayload?: (index: number) => void,
): Promise<PostedMessage[]> {
  const posted: PostedMessage[] = [];
  const thread = threadTs ? { thread_ts: threadTs } : {};
  for (const [i, p] of payloads.entries()) {
    try {
      const ts = await send(p, thread, i);
      posted.push({ id: String(ts ?? ''), channel, ...(threadTs ? { threadId: threadTs } : {}), ...(p.paperIds ? { paperIds: p.paperIds } : {}) });
    } catch (error) {
      throw toDeliveryError(error);
    }
    afterPayload?.(i);
  }
  return posted;
}

/** The metadata event type that carries a delivery id on every outbox message. */
export const DELIVERY_EVENT_TYPE = 'radar_delivery';

/** Pages of 200 read before a re-post: 2,000 messages since the plan (a busier channel is not searched further). */
const HISTORY_PAGES = 10;

/**
 * Messages already posted since `since` that carry a delivery id, by id → ts (a re-post after a crash
 * finds what went out before it, however many messages came after it). Slack has no idempotency key; the
 * message metadata is ours. With `wanted`, the reading stops as soon as that id is found.
 */
async function postedSince(client: WebClient, channel: ChannelRef, since: string | undefined, threadTs?: string, wanted?: string): Promise<Map<string, string>> {
  // without `since`: the whole history, newest first (a thread's replies come oldest first)
  const oldest = since === undefined ? '0' : String(Math.max(0, Math.floor(Date.parse(since) / 1000) - 60));
  const found = new Map<string, string>();
  try {
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const query = { channel: channel.id, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
      const res = threadTs ? await client.conversations.replies({ ...query, ts: threadTs }) : await client.conversations.history(query);
      for (const m of res.messages ?? []) {
        const meta = (m as { metadata?: { event_type?: string; event_payload?: { delivery_id?: unknown } } }).metadata;
        if (meta?.event_type === DELIVERY_EVENT_TYPE && typeof meta.event_payload?.delivery_id === 'string' && m.ts) {
          found.set(meta.event_payload.delivery_id, m.ts);
        }
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!res.has_more || !cursor || (wanted !== undefined && found.has(wanted))) break;
    }
  } catch (error) {
    throw toDeliveryError(error);
  }
  return found;
}

/** Attempts of a post whose outcome stayed unknown before it is given up (as a transient DeliveryError). */
const UNKNOWN_OUTCOME_ATTEMPTS = 3;

/** The attempt failed in a way that leaves open whether Slack took it: no answer, or a 5xx. */
export const outcomeUnknown = (error: unknown): boolean => {
  const code = (error as { code?: string }).code;
  return code === webApi.ErrorCode.RequestError || code === webApi.ErrorCode.HTTPError;
};

/**
 * chat.postMessage of a message carrying delivery id `key`, once: when an attempt's outcome is unknown (the
 * answer was lost, or Slack failed with a 5xx, perhaps after taking it), the history is read for the key before
 * the message is sent again. The posting client itself retries rate limits only (slack-adapter.ts): its own
 * retries of such failures would post the message twice.
 */
async function postKeyed(
  client: WebClient, channel: ChannelRef, args: Parameters<WebClient['chat']['postMessage']>[0], key: string, threadTs?: string, pacer?: RequestPacer,
): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      await pacer?.slot();
      return (await client.chat.postMessage(args)).ts;
    } catch (error) {
      if (!outcomeUnknown(error) || attempt >= UNKNOWN_OUTCOME_ATTEMPTS) throw error;
      const ts = (await postedSince(client, channel, undefined, threadTs, key)).get(key);
      if (ts) return ts;
    }
  }
}

/**
 * Posts each payload in order (as a thread reply when `threadTs` is set). Stops at the first refusal and
 * throws it as a DeliveryError, so a digest is recorded as delivered only when every part went out. With a
 * delivery id each payload carries metadata `{delivery_id: <id>.<index>}`; on a re-post (`since` set) the
 * channel's history since then is read first and payloads already there are not posted again.
 */
export async function postPayloads(
  client: WebClient,
  channel: ChannelRef,
  payloads: readonly SlackPayload[],
  threadTs?: string,
  delivery?: OutboundDelivery,
  pacer?: RequestPacer,
): Promise<PostedMessage[]> {
  const already = delivery?.since ? await postedSince(client, channel, delivery.since, threadTs) : new Map<string, string>();
  return sendEach(
    channel,
    payloads,
    threadTs,
    async (p, thread, i) => {
      const key = delivery ? `${delivery.id}.${i}` : undefined;
      if (key && already.has(key)) return already.get(key);
      const args = { channel: channel.id, text: p.text, blocks: p.blocks, unfurl_links: false, unfurl_media: false, ...thread };
      if (key) return postKeyed(client, channel, { ...args, metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { delivery_id: key } } }, key, threadTs, pacer);
      await pacer?.slot();
      return (await client.chat.postMessage(args)).ts;
    },
    delivery?.afterPayload,
  );
}

/** An ephemeral message to one user (user mistakes outside a slash command, e.g. in a thread). */
export function postEphemeralPayloads(
  client: WebClient,
  channel: ChannelRef,
  user: string,
  payloads: readonly SlackPayload[],
  threadTs?: string,
): Promise<PostedMessage[]> {
  return sendEach(channel, payloads, threadTs, async (p, thread) =>
    (await client.chat.postEphemeral({ channel: channel.id, user, text: p.text, blocks: p.blocks, ...thread })).message_ts,
  );
}

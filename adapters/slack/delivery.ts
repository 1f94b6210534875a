/**
 * Posting rendered payloads through the Web API, and turning Slack's refusals into the core's
 * DeliveryError: permanent ones (not invited, channel gone, missing scope) are thrown once, not retried.
 */
import { webApi } from '@slack/bolt';
import type { ChannelRef, PostedMessage } from '../../src/chat/ports.js';
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
  send: (p: SlackPayload, thread: { thread_ts?: string }) => Promise<string | undefined>,
): Promise<PostedMessage[]> {
  const posted: PostedMessage[] = [];
  const thread = threadTs ? { thread_ts: threadTs } : {};
  for (const p of payloads) {
    try {
      const ts = await send(p, thread);
      posted.push({ id: String(ts ?? ''), channel, ...(threadTs ? { threadId: threadTs } : {}), ...(p.paperIds ? { paperIds: p.paperIds } : {}) });
    } catch (error) {
      throw toDeliveryError(error);
    }
  }
  return posted;
}

/**
 * Posts each payload in order (as a thread reply when `threadTs` is set). Stops at the first refusal and
 * throws it as a DeliveryError, so a digest is recorded as delivered only when every part went out.
 */
export function postPayloads(
  client: WebClient,
  channel: ChannelRef,
  payloads: readonly SlackPayload[],
  threadTs?: string,
): Promise<PostedMessage[]> {
  return sendEach(channel, payloads, threadTs, async (p, thread) =>
    (await client.chat.postMessage({ channel: channel.id, text: p.text, blocks: p.blocks, unfurl_links: false, unfurl_media: false, ...thread })).ts,
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

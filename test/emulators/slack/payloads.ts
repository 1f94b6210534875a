/**
 * Builders of the payloads Slack sends an app, shaped after the recorded ones in test/fixtures/slack
 * (slash command form body, block_actions, event_callback with app_mention / thread replies).
 */

export interface SlackActor {
  readonly teamId: string;
  readonly channelId: string;
  readonly channelName?: string;
  readonly userId: string;
  readonly userName?: string;
}

let counter = 0;
const nextId = (): number => ++counter;

/** Slash command fields, as the form body of slash_command_body_slack_docs_webhook-collect.txt. */
export function slashCommandFields(actor: SlackActor, text: string, responseUrl: string): Record<string, string> {
  const n = nextId();
  return {
    token: 'xyzz0WbapA4vBCDEFasx0q6G',
    team_id: actor.teamId,
    team_domain: 'testteamnow',
    channel_id: actor.channelId,
    channel_name: actor.channelName ?? 'radar',
    user_id: actor.userId,
    user_name: actor.userName ?? 'roadrunner',
    command: '/radar',
    text,
    api_app_id: 'A111',
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: `398738663015.47445629121.${n}`,
  };
}

/** A block_actions payload for one button press, as block_actions_payload_with_message_bolt-python.json. */
export function blockActionsPayload(
  actor: SlackActor,
  button: { actionId: string; value?: string; messageTs: string; blockId?: string },
  responseUrl: string,
): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: actor.userId, username: actor.userName ?? 'roadrunner', name: actor.userName ?? 'roadrunner', team_id: actor.teamId },
    api_app_id: 'A111',
    token: 'verification_token',
    container: { type: 'message', message_ts: button.messageTs, channel_id: actor.channelId, is_ephemeral: false },
    trigger_id: `4916855695380.${nextId()}.yyy`,
    team: { id: actor.teamId, domain: 'workspace-domain' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: actor.channelId, name: actor.channelName ?? 'radar' },
    message: { type: 'message', ts: button.messageTs, text: 'digest', bot_id: 'B111', user: 'U0BOT' },
    state: { values: {} },
    response_url: responseUrl,
    actions: [
      {
        action_id: button.actionId,
        block_id: button.blockId ?? 'b1',
        text: { type: 'plain_text', text: 'Button', emoji: true },
        value: button.value ?? '',
        type: 'button',
        action_ts: `${Math.floor(Date.now() / 1000)}.000${nextId()}`,
      },
    ],
  };
}

/** An event_callback envelope body around one event, as events_api_app_mention_rich_text_blocks_bolt-python.json. */
export function eventCallback(
  actor: SlackActor,
  event: Record<string, unknown>,
  options: { eventId?: string; botUserId: string },
): Record<string, unknown> {
  const eventId = options.eventId ?? `Ev${String(nextId()).padStart(8, '0')}`;
  return {
    team_id: actor.teamId,
    api_app_id: 'A111',
    event: { team: actor.teamId, channel: actor.channelId, user: actor.userId, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: actor.teamId, user_id: options.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${eventId}`,
  };
}

/** An `app_mention` event, optionally inside a thread. */
export function appMentionEvent(botUserId: string, text: string, threadTs?: string): Record<string, unknown> {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(nextId()).padStart(6, '0')}`;
  return {
    type: 'app_mention',
    text: `<@${botUserId}> ${text}`,
    ts,
    event_ts: ts,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    blocks: [
      {
        type: 'rich_text',
        block_id: 'BCCO',
        elements: [{ type: 'rich_text_section', elements: [{ type: 'user', user_id: botUserId }, { type: 'text', text: ` ${text}` }] }],
      },
    ],
  };
}

/** A plain `message` reply in a thread, as events_api_message_thread_reply_in_channel_bolt-python.json. */
export function threadReplyEvent(text: string, threadTs: string, parentUserId: string): Record<string, unknown> {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(nextId()).padStart(6, '0')}`;
  return { type: 'message', ts, event_ts: ts, text, thread_ts: threadTs, parent_user_id: parentUserId, channel_type: 'channel', user_profile: {} };
}

/** A `reaction_added` / `reaction_removed` event on a message, as in Slack's Events API reference. */
export function reactionEvent(reaction: string, item: { channel: string; ts: string }, itemUser: string, added = true): Record<string, unknown> {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(nextId()).padStart(6, '0')}`;
  return { type: added ? 'reaction_added' : 'reaction_removed', reaction, item_user: itemUser, item: { type: 'message', ...item }, event_ts: ts };
}

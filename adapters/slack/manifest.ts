/**
 * The Slack app manifest, generated from the command registry so the `/radar` usage hint always lists
 * every subcommand. Paste the JSON at https://api.slack.com/apps → Create New App → From an app manifest.
 */
import type { CommandSpec } from '../../src/chat/command-spec.js';

export interface SlackManifestOptions {
  readonly appName?: string;
  /**
   * Public base URL for HTTP mode (e.g. `https://radar.example.org`): adds request URLs ending in
   * `/slack/events` and turns Socket Mode off. Omitted: Socket Mode (no public URL needed).
   */
  readonly httpBaseUrl?: string;
}

/**
 * Bot scopes: post (also in public channels the bot was not invited to), read mentions and thread replies,
 * and tell who may manage (`users:read` for admins/owners/guests, `channels:read`/`groups:read` for a
 * channel's creator); `reactions:read` for 👍/👎 reactions on cards.
 */
export const SLACK_BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'app_mentions:read',
  'channels:history',
  'groups:history',
  'users:read',
  'channels:read',
  'groups:read',
  'reactions:read',
] as const;

/** Events the adapter handles: mentions, replies in its threads (public and private channels), 👍/👎 reactions. */
export const SLACK_BOT_EVENTS = ['app_mention', 'message.channels', 'message.groups', 'reaction_added', 'reaction_removed'] as const;

/** `add <query> | remove <number> | list | …` from the specs; Slack shows it under the command. */
export function usageHint(specs: readonly CommandSpec[]): string {
  return specs
    .map((s) => [s.name, ...s.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`))].join(' '))
    .join(' | ');
}

export function buildSlackManifest(specs: readonly CommandSpec[], options: SlackManifestOptions = {}): Record<string, unknown> {
  const name = options.appName ?? 'AcademicHub';
  const http = options.httpBaseUrl?.replace(/\/+$/, '');
  const requestUrl = http ? `${http}/slack/events` : undefined;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: 'Research radar: new arXiv, Hugging Face and journal papers matched to your channel’s subscriptions.',
      background_color: '#1d3557',
    },
    features: {
      bot_user: { display_name: name, always_online: true },
      slash_commands: [
        {
          command: '/radar',
          description: 'Research radar: subscriptions, digests and paper threads',
          usage_hint: usageHint(specs),
          should_escape: false,
          ...(requestUrl ? { url: requestUrl } : {}),
        },
      ],
    },
    oauth_config: { scopes: { bot: [...SLACK_BOT_SCOPES] } },
    settings: {
      event_subscriptions: { bot_events: [...SLACK_BOT_EVENTS], ...(requestUrl ? { request_url: requestUrl } : {}) },
      interactivity: { is_enabled: true, ...(requestUrl ? { request_url: requestUrl } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !http,
      token_rotation_enabled: false,
    },
  };
}

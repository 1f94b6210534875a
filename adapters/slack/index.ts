/**
 * Slack adapter entry. `slackAdapterFactory` builds the adapter from the config (undefined when
 * SLACK_BOT_TOKEN is unset); `createSlackAdapter` takes explicit options (tests, custom setups).
 */
import type { AdapterFactory } from '../../src/app/start-radar.js';
import { createSlackAdapter } from './slack-adapter.js';

export { createSlackAdapter, stripMention, type SlackAdapter, type SlackAdapterOptions } from './slack-adapter.js';
export { renderMessage, SLACK_LIMITS, SHUFFLE_ACTION, DISCUSS_ACTION, type SlackPayload } from './render.js';
export { buildSlackManifest } from './manifest.js';

/** Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT (path /slack/events) with SLACK_SIGNING_SECRET. */
export const slackAdapterFactory: AdapterFactory = ({ config, logger, pacer }) => {
  if (!config.SLACK_BOT_TOKEN) return undefined;
  return createSlackAdapter({
    botToken: config.SLACK_BOT_TOKEN,
    appToken: config.SLACK_APP_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET,
    apiUrl: config.SLACK_API_URL,
    port: config.PORT,
    managers: config.RADAR_SLACK_MANAGERS,
    logger,
    gateway: config.RADAR_ROLES.includes('gateway'),
    pacer: pacer?.('slack'),
  });
};

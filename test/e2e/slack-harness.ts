/**
 * Shared set-up of the Slack e2e tests: the loopback Slack and arXiv emulators, the real core through
 * startRadar (manual scheduler, fake clock), and the real Bolt app built by the Slack adapter, in Socket
 * Mode or HTTP mode. Helpers send what Slack would send and wait until the adapter has handled it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.js';
import { startRadar, type CapabilityOptions, type RunningRadar } from '../../src/app/start-radar.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { buildRssListing, startArxivEmulator, type ArxivEmulator, type SyntheticPaper } from '../emulators/arxiv/arxiv-emulator.js';
import { fakeClock, moePapers, type MutableClock } from './helpers/world.js';

export { fakeClock, moePapers, type MutableClock };
import { appMentionEvent, blockActionsPayload, eventCallback, slashCommandFields, type SlackActor } from '../emulators/slack/payloads.js';
import { createSlackHttpSender, type SignedResponse, type SlackHttpSender } from '../emulators/slack/signed-http.js';
import { startSlackEmulator, type ResponseUrlPost, type SlackEmulator } from '../emulators/slack/slack-emulator.js';
import { allCommands } from '../../commands/index.js';

export type SlackMode = 'socket' | 'http';

/** The listing day of the emulated arXiv feed and a clock on that (announcement) day. */
export const LISTING_DAY = '2026-04-27';

export interface SlackHarness {
  readonly mode: SlackMode;
  readonly slack: SlackEmulator;
  readonly arxiv: ArxivEmulator;
  readonly radar: RunningRadar;
  readonly adapter: SlackAdapter;
  readonly clock: MutableClock;
  readonly actor: SlackActor;
  /** HTTP mode only: signs and sends requests to the app. */
  readonly http: SlackHttpSender | undefined;
  /** Sends `/radar <text>` (as `as`, default the harness actor); resolves when handled, with what was posted to its response_url. */
  command(text: string, as?: Partial<SlackActor>): Promise<{ ack: unknown; responses: ResponseUrlPost[] }>;
  /** The same, sent by another user of the workspace. */
  commandAs(userId: string, text: string): Promise<{ ack: unknown; responses: ResponseUrlPost[] }>;
  /** Presses a button; resolves when handled, with what was posted to its response_url. */
  press(actionId: string, value: string, messageTs: string, as?: Partial<SlackActor>): Promise<ResponseUrlPost[]>;
  /** Delivers an event_callback (optionally as retry `retryNum`); resolves when handled. */
  event(body: Record<string, unknown>, retryNum?: number): Promise<void>;
  /** An app_mention in a thread, as an event_callback body. */
  mention(text: string, threadTs: string, eventId?: string): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startSlackHarness(
  mode: SlackMode,
  options: { papers?: SyntheticPaper[]; env?: Record<string, string>; clock?: string; logger?: Logger; capabilities?: CapabilityOptions } = {},
): Promise<SlackHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'radar-slack-'));
  const slack = await startSlackEmulator();
  // the default actor administers the workspace, so commands that manage the channel are allowed
  slack.setUser('U0ALICE', { is_admin: true });
  const arxiv = await startArxivEmulator({ rss: { 'cs.LG': buildRssListing(options.papers ?? moePapers(3), { categories: 'cs.LG', day: LISTING_DAY }) }, day: LISTING_DAY });
  const clock = fakeClock(options.clock ?? `${LISTING_DAY}T07:00:00Z`);
  const radar = await startRadar({
    commands: allCommands,
    ...(options.capabilities ? { capabilities: options.capabilities } : {}),
    env: {
      RADAR_DB: `sqlite://${join(dir, 'radar.sqlite')}`,
      RADAR_CATEGORIES: 'cs.LG',
      ARXIV_RSS_URL: arxiv.rssUrl,
      ARXIV_MIN_INTERVAL_MS: '0',
      LOG_LEVEL: 'silent',
      SLACK_BOT_TOKEN: slack.botToken,
      ...(mode === 'socket' ? { SLACK_APP_TOKEN: slack.appToken } : { SLACK_SIGNING_SECRET: slack.signingSecret }),
      SLACK_API_URL: slack.apiUrl,
      ...options.env,
    },
    clock,
    logger: options.logger ?? silentLogger(),
    scheduler: 'manual',
    catchUp: false,
    adapterFactories: [
      ({ config, logger }) =>
        createSlackAdapter({
          botToken: config.SLACK_BOT_TOKEN!,
          appToken: config.SLACK_APP_TOKEN,
          signingSecret: config.SLACK_SIGNING_SECRET,
          apiUrl: config.SLACK_API_URL,
          port: 0,
          managers: config.RADAR_SLACK_MANAGERS,
          logger,
          // Quick retries so a 429 (which first waits Retry-After) finishes within the test.
          retryConfig: { retries: 3, factor: 1, minTimeout: 10, maxTimeout: 100 },
          requestTimeoutMs: 1_000,
          clientPingTimeoutMs: 600,
        }),
    ],
  });
  const adapter = radar.adapters.find((a) => a.platform === 'slack') as SlackAdapter;
  const http = mode === 'http' ? createSlackHttpSender(adapter.requestUrl!, slack.signingSecret) : undefined;
  const actor: SlackActor = { teamId: slack.teamId, channelId: 'C0RADAR', channelName: 'papers', userId: 'U0ALICE', userName: 'alice' };

  const expectOk = (r: SignedResponse): SignedResponse => {
    if (r.status !== 200) throw new Error(`app answered HTTP ${r.status}: ${r.body}`);
    return r;
  };

  async function commandAs(userId: string, text: string): Promise<{ ack: unknown; responses: ResponseUrlPost[] }> {
    const url = slack.responseUrl();
    const fields = slashCommandFields({ ...actor, userId, userName: userId.toLowerCase() }, text, url);
    const ack = http ? expectOk(await http.command(fields)).body : (await slack.socket.send('slash_commands', fields)).payload;
    await adapter.idle();
    const id = url.slice(url.lastIndexOf('/') + 1);
    return { ack, responses: slack.responses.filter((r) => r.id === id) };
  }

  return {
    mode,
    slack,
    arxiv,
    radar,
    adapter,
    clock,
    actor,
    http,
    async command(text, as) {
      const url = slack.responseUrl();
      const fields = slashCommandFields({ ...actor, ...as }, text, url);
      const ack = http ? expectOk(await http.command(fields)).body : (await slack.socket.send('slash_commands', fields)).payload;
      await adapter.idle();
      const id = url.slice(url.lastIndexOf('/') + 1);
      return { ack, responses: slack.responses.filter((r) => r.id === id) };
    },
    commandAs: (userId, text) => commandAs(userId, text),
    async press(actionId, value, messageTs, as) {
      const url = slack.responseUrl();
      const payload = blockActionsPayload({ ...actor, ...as }, { actionId, value, messageTs }, url);
      if (http) expectOk(await http.interactive(payload));
      else await slack.socket.send('interactive', payload);
      await adapter.idle();
      const id = url.slice(url.lastIndexOf('/') + 1);
      return slack.responses.filter((r) => r.id === id);
    },
    async event(body, retryNum) {
      if (http) expectOk(await http.event(body, retryNum === undefined ? {} : { retryNum }));
      else await slack.socket.send('events_api', body, retryNum === undefined ? {} : { retryAttempt: retryNum, retryReason: 'timeout' });
      await adapter.idle();
    },
    mention(text, threadTs, eventId) {
      return eventCallback(actor, appMentionEvent(slack.botUserId, text, threadTs), { botUserId: slack.botUserId, eventId });
    },
    async close() {
      await radar.stop();
      await slack.close();
      await arxiv.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

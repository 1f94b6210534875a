/**
 * Shared set-up of the Discord e2e tests: the loopback Discord and arXiv emulators, the real core through
 * startRadar (manual scheduler, fake clock) and the real discord.js client built by the Discord adapter's
 * factory. Helpers send what Discord would send and resolve once the adapter has finished handling it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RadarCommand } from '../../src/chat/command.js';
import { allCommands } from '../../commands/index.js';
import { discordAdapterFactory, type DiscordAdapter } from '../../adapters/discord/index.js';
import { startRadar, type CapabilityOptions, type RunningRadar } from '../../src/app/start-radar.js';
import { silentLogger } from '../../src/logger.js';
import { buildRssListing, startArxivEmulator, type ArxivEmulator, type SyntheticPaper } from '../emulators/arxiv/arxiv-emulator.js';
import { fakeClock, moePapers, type MutableClock } from './helpers/world.js';

export { fakeClock, moePapers, type MutableClock };
import { startDiscordEmulator, type ActorOptions, type DiscordEmulator, type RecordedCall } from '../emulators/discord/discord-emulator.js';
import type { InteractionRecord } from '../emulators/discord/rest-api.js';
import type { OptionValue } from '../emulators/discord/payloads.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The listing day of the emulated arXiv feed (a Monday: an announcement day). */
export const LISTING_DAY = '2026-04-27';

/** The posts the bot sent to the harness channel over REST (scheduled digests and notices), in order. */
export const channelPosts = (h: DiscordHarness) =>
  h.discord.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${h.discord.world.channelId}/messages`);

/** Everything the bot sent in answer to one interaction. */
export interface Answer {
  readonly record: InteractionRecord;
  /** The first callback body (`type` 4 reply, 5 deferred, 6 deferred update, 8 autocomplete). */
  readonly callback: Json;
  /** Message bodies in order: the callback's data (type 4), @original edits, then follow-ups. */
  readonly bodies: Json[];
}

export interface DiscordHarness {
  readonly discord: DiscordEmulator;
  readonly arxiv: ArxivEmulator;
  readonly radar: RunningRadar;
  readonly adapter: DiscordAdapter;
  readonly clock: MutableClock;
  command(sub: string, options?: Record<string, OptionValue>, actor?: ActorOptions): Promise<Answer>;
  autocomplete(sub: string, option: string, partial: string, others?: Readonly<Record<string, string>>): Promise<Answer>;
  click(message: Json, customId: string, actor?: ActorOptions): Promise<Answer>;
  /** A member @mentions the bot in `threadId`; resolves when the bot has answered in that thread. */
  mention(threadId: string, text: string): Promise<RecordedCall>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  papers?: SyntheticPaper[];
  env?: Record<string, string>;
  clock?: string;
  /** Extra commands registered after the real ones (test fixtures for responder paths). */
  extraCommands?: RadarCommand[];
  /** Optional capabilities to turn on (none by default, as in startRadar). */
  capabilities?: CapabilityOptions;
  /** More text channels in the emulated guild (known to the bot from GUILD_CREATE). */
  channels?: { id: string; name: string }[];
}

export async function startDiscordHarness(options: HarnessOptions = {}): Promise<DiscordHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'radar-discord-'));
  const discord = await startDiscordEmulator();
  for (const c of options.channels ?? []) discord.rest.addTextChannel(c.id, c.name);
  const arxiv = await startArxivEmulator({ rss: { 'cs.LG': buildRssListing(options.papers ?? moePapers(3), { categories: 'cs.LG', day: LISTING_DAY }) }, day: LISTING_DAY });
  const clock = fakeClock(options.clock ?? `${LISTING_DAY}T07:00:00Z`);
  const radar = await startRadar({
    env: {
      RADAR_DB: `sqlite://${join(dir, 'radar.sqlite')}`,
      RADAR_CATEGORIES: 'cs.LG',
      ARXIV_RSS_URL: arxiv.rssUrl,
      ARXIV_MIN_INTERVAL_MS: '0',
      LOG_LEVEL: 'silent',
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_GUILD_ID: discord.world.guildId,
      ...options.env,
    },
    clock,
    logger: silentLogger(),
    scheduler: 'manual',
    catchUp: false,
    adapterFactories: [discordAdapterFactory],
    commands: [...allCommands, ...(options.extraCommands ?? [])],
    ...(options.capabilities ? { capabilities: options.capabilities } : {}),
  });
  const adapter = radar.adapters.find((a) => a.platform === 'discord') as DiscordAdapter;

  const answered = async (record: InteractionRecord): Promise<Answer> => {
    await discord.waitForCall((c) => c.path.startsWith(`/interactions/${record.id}/`));
    await adapter.idle();
    const bodies: Json[] = [];
    const callback = record.callbacks[0] ?? {};
    if (callback.type === 4) bodies.push(callback.data);
    for (const c of discord.calls) {
      if (c.status >= 300 || !c.path.startsWith(`/webhooks/${discord.world.applicationId}/${record.token}`)) continue;
      if (c.method === 'PATCH' || c.method === 'POST') bodies.push(c.body);
    }
    return { record, callback, bodies };
  };

  return {
    discord,
    arxiv,
    radar,
    adapter,
    clock,
    command: (sub, opts = {}, actor) => answered(discord.slash(sub, opts, actor)),
    autocomplete: (sub, option, partial, others) => answered(discord.autocomplete(sub, option, partial, undefined, others)),
    click: (message, customId, actor) => answered(discord.click(message, customId, actor)),
    async mention(threadId, text) {
      const seen = discord.calls.length;
      discord.mention(threadId, text);
      const call = await discord.waitForCall((c) => discord.calls.indexOf(c) >= seen && c.method === 'POST' && c.path === `/channels/${threadId}/messages`);
      await adapter.idle();
      return call;
    },
    async close() {
      await radar.stop();
      await discord.close();
      await arxiv.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

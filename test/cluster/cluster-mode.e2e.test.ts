/**
 * Cluster mode end to end, in one test process: two radars on one PostgreSQL database and one BullMQ prefix.
 * A holds the Discord gateway and the scheduler role, B is a REST-only worker. `/radar add` through A's
 * gateway reaches B's matcher; the digest job A enqueues is run once by B, through discord.js into the
 * emulator, with the ingest done as one job; enqueueing the day again posts nothing more.
 * `npm start` with Redis down stops with a clear message.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordAdapterFactory, type DiscordAdapter } from '../../adapters/discord/index.js';
import { allCommands } from '../../commands/index.js';
import { startRadar, type RunningRadar } from '../../src/app/start-radar.js';
import { silentLogger } from '../../src/logger.js';
import { buildRssListing, startArxivEmulator, type ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/discord-emulator.js';
import { moePapers } from '../e2e/helpers/world.js';
import { REDIS_URL, createDatabase, dropPrefix, freePort, uniquePrefix } from './helpers.js';

const today = new Date().toISOString().slice(0, 10);
let discord: DiscordEmulator;
let arxiv: ArxivEmulator;
let db: { url: string; drop(): Promise<void> };
const prefix = uniquePrefix('mode');
const radars: RunningRadar[] = [];

async function radar(roles: string): Promise<RunningRadar> {
  const r = await startRadar({
    env: {
      RADAR_DB: db.url, REDIS_URL, RADAR_QUEUE_PREFIX: prefix, RADAR_ROLES: roles, LOG_LEVEL: 'silent',
      RADAR_CATEGORIES: 'cs.LG', ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '100', RADAR_HF: 'false',
      DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, RADAR_DIGEST_TIME: '00:00', RADAR_JOB_BACKOFF_MS: '100',
    },
    commands: allCommands,
    logger: silentLogger(),
    catchUp: false,
    adapterFactories: [discordAdapterFactory],
  });
  radars.push(r);
  return r;
}

beforeAll(async () => {
  db = await createDatabase('mode');
  discord = await startDiscordEmulator({ rateLimits: true });
  arxiv = await startArxivEmulator({ rss: { 'cs.LG': buildRssListing(moePapers(3), { categories: 'cs.LG', day: today }) }, day: today });
});

afterAll(async () => {
  // Two Keyv PostgreSQL stores in one process share a pool and the second close throws; not what is tested here.
  for (const r of radars) await r.stop().catch(() => undefined);
  await discord?.close();
  await arxiv?.close();
  await db?.drop();
  await dropPrefix(prefix);
});

const digestPosts = () => discord.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${discord.world.channelId}/messages` && c.status === 200);

describe('cluster mode (PostgreSQL + BullMQ on Redis)', () => {
  it('posts a digest once, from the worker, for a subscription added through another process', async () => {
    const a = await radar('gateway,scheduler');
    const b = await radar('worker');
    expect(b.adapters.map((x) => x.platform)).toEqual(['discord']);
    expect(discord.gateway.received.filter((f) => f.op === 2)).toHaveLength(1); // only A identified
    const rec = discord.slash('add', { query: 'mixture of experts' });
    await discord.waitForCall((c) => c.path.startsWith(`/interactions/${rec.id}/`));
    await (a.adapters[0] as DiscordAdapter).idle();
    expect((await b.services.store.subscriptions.list(`discord:${discord.world.channelId}`)).map((s) => s.query)).toEqual(['mixture of experts']);

    await a.runDueSchedules(); // the scheduler's catch-up: today's 00:00 digest is due
    await discord.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${discord.world.channelId}/messages`);
    while ((await b.services.store.channels.getState(`discord:${discord.world.channelId}`)).lastScheduledDay !== today) await new Promise((r) => setTimeout(r, 50));
    await a.runDueSchedules(); // again: same job id, nothing more
    await b.runDueSchedules(); // a worker without the scheduler role has no schedules to fire
    await new Promise((r) => setTimeout(r, 1_000));
    const posts = digestPosts();
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]!.body)).toContain('Sparse mixture of experts routing, part 0');
    expect(arxiv.requests.filter((r) => r.path.includes('/rss/'))).toHaveLength(1);
    expect(discord.rateLimited).toEqual([]);
  });

  it('stops with a clear message when Redis is down at start', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], {
      env: { ...process.env, RADAR_DB: db.url, REDIS_URL: `redis://127.0.0.1:${port}`, RADAR_ENV_FILE: '/nonexistent', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`Cannot reach Redis at redis://127.0.0.1:${port}`);
    expect(stderr).toContain('start Redis or fix REDIS_URL');
    expect(stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});

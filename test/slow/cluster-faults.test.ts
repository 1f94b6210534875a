/**
 * Losing Redis or PostgreSQL in the middle of a fan-out: two radars (gateway+worker+scheduler, worker) post
 * 30 digests at a deliberately low Discord rate; half-way the Redis server is killed -9 and started again
 * (this test's OWN redis-server on a random port, append-only file on), or this test's PostgreSQL backends
 * are terminated. The jobs resume and every channel still gets exactly one digest.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discordAdapterFactory } from '../../adapters/discord/index.js';
import { allCommands } from '../../commands/index.js';
import { startRadar, type RunningRadar } from '../../src/app/start-radar.js';
import { silentLogger } from '../../src/logger.js';
import { buildRssListing, startArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/discord-emulator.js';
import { moePapers } from '../e2e/helpers/world.js';
import { PG_ADMIN_URL, createDatabase, freePort, uniquePrefix } from '../cluster/helpers.js';
import { waitFor } from '../cluster/processes.js';

const CHANNELS = 30;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function ownRedis(): Promise<{ url: string; kill(): Promise<void>; start(): Promise<void> }> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'radar-redis-'));
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir], { stdio: 'ignore' });
    await waitFor(async () => {
      const { Redis } = await import('ioredis');
      const r = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      r.on('error', () => undefined);
      const ok = await r.connect().then(() => r.ping()).then(() => true, () => false);
      r.disconnect();
      return ok;
    }, 10_000);
  };
  const kill = async (): Promise<void> => {
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  cleanups.push(async () => {
    await kill();
    await rm(dir, { recursive: true, force: true });
  });
  return { url: `redis://127.0.0.1:${port}`, kill, start };
}

async function setup(redisUrl: string): Promise<{ discord: DiscordEmulator; radars: RunningRadar[]; channels: string[]; dbName: string }> {
  const today = new Date().toISOString().slice(0, 10);
  const db = await createDatabase('faults');
  cleanups.push(() => db.drop());
  const discord = await startDiscordEmulator({ rateLimits: true });
  cleanups.push(() => discord.close());
  const arxiv = await startArxivEmulator({ rss: { 'cs.LG': buildRssListing(moePapers(3), { categories: 'cs.LG', day: today }) }, day: today });
  cleanups.push(() => arxiv.close());
  const channels = Array.from({ length: CHANNELS }, (_, i) => String(620000000000000000n + BigInt(i)));
  for (const id of channels) discord.rest.addTextChannel(id, `radar-${i(id)}`);
  const seeder = await startRadar({ env: { RADAR_DB: db.url, LOG_LEVEL: 'silent' }, commands: allCommands, logger: silentLogger(), scheduler: 'manual', catchUp: false });
  for (const id of channels) await seeder.services.subscriptions.add({ platform: 'discord', id }, 'mixture of experts', { id: 'u1', canManage: true });
  await seeder.stop();
  const env = {
    RADAR_DB: db.url, REDIS_URL: redisUrl, RADAR_QUEUE_PREFIX: uniquePrefix('faults'), LOG_LEVEL: 'silent', RADAR_CATEGORIES: 'cs.LG',
    RADAR_HF: 'false', ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '100', DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl,
    RADAR_DIGEST_TIME: '00:00', RADAR_TIMEZONE: 'UTC', RADAR_DISCORD_RATE: '5', RADAR_JOB_BACKOFF_MS: '500',
  };
  const radars: RunningRadar[] = [];
  for (const roles of ['gateway,worker,scheduler', 'worker']) {
    const r = await startRadar({ env: { ...env, RADAR_ROLES: roles }, commands: allCommands, logger: silentLogger(), catchUp: false, adapterFactories: [discordAdapterFactory] });
    radars.push(r);
    cleanups.push(() => r.stop());
  }
  return { discord, radars, channels, dbName: new URL(db.url).pathname.slice(1) };
}
const i = (id: string): string => id.slice(-3);

const posts = (d: DiscordEmulator) => d.calls.filter((c) => c.method === 'POST' && c.status === 200 && /^\/channels\/\d+\/messages$/.test(c.path));
/** Digest messages that exist at the emulator, by channel: what members see. */
function messagesByChannel(d: DiscordEmulator): Map<string, number> {
  const count = new Map<string, number>();
  for (const m of d.rest.messages.values()) {
    if (!(m.author as { bot?: boolean } | undefined)?.bot) continue;
    count.set(String(m.channel_id), (count.get(String(m.channel_id)) ?? 0) + 1);
  }
  return count;
}
const posted = (d: DiscordEmulator) => new Set(messagesByChannel(d).keys());
/**
 * Exactly one digest message per channel. A post may be sent again after a lost connection (the outbox
 * finishing its run): it must then carry the same nonce, so Discord returns the first message instead of
 * creating a second — which the message count above shows.
 */
function expectOncePerChannel(d: DiscordEmulator, channels: string[]): void {
  const count = messagesByChannel(d);
  expect(channels.filter((ch) => count.get(ch) !== 1).map((ch) => `${ch} × ${count.get(ch) ?? 0}`)).toEqual([]);
  const nonces = new Map<string, Set<string>>();
  for (const c of posts(d)) {
    const ch = c.path.split('/')[2]!;
    nonces.set(ch, (nonces.get(ch) ?? new Set()).add(String((c.body as { nonce?: string }).nonce)));
  }
  expect([...nonces].filter(([, n]) => n.size !== 1).map(([ch, n]) => `${ch}: ${[...n].join(', ')}`)).toEqual([]);
}

describe('cluster: infrastructure lost mid-run', () => {
  it('Redis killed and restarted in the middle of the fan-out: jobs resume, nothing posted twice', async () => {
    const redis = await ownRedis();
    const { discord, radars, channels } = await setup(redis.url);
    await radars[0]!.runDueSchedules(); // enqueue every channel's digest for today
    expect(await waitFor(() => posted(discord).size >= 8, 60_000)).toBe(true);
    await redis.kill();
    const atLoss = posted(discord).size;
    await new Promise((r) => setTimeout(r, 2_000));
    await redis.start();
    expect(await waitFor(() => posted(discord).size >= CHANNELS, 120_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 5_000));
    expect(atLoss).toBeLessThan(CHANNELS);
    expectOncePerChannel(discord, channels);
  }, 240_000);

  it('PostgreSQL connections terminated in the middle of the fan-out: jobs retry, nothing posted twice', async () => {
    const { discord, radars, channels, dbName } = await setup('redis://127.0.0.1:6379');
    await radars[0]!.runDueSchedules();
    expect(await waitFor(() => posted(discord).size >= 8, 60_000)).toBe(true);
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    // Only this test's own database's backends.
    const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
    await admin.end();
    const atLoss = posted(discord).size;
    expect(killed.rowCount).toBeGreaterThan(0);
    expect(await waitFor(() => posted(discord).size >= CHANNELS, 120_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 5_000));
    expect(atLoss).toBeLessThan(CHANNELS);
    expectOncePerChannel(discord, channels);
  }, 240_000);
});

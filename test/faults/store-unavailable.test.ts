/**
 * Store failures stop, never wipe. With the SQLite file held by another connection past the busy timeout,
 * `/radar add`, `/radar remove`, `/radar settings` answer "storage is busy" and a scheduled digest fails and
 * retries; once the lock is released everything is intact and the digest arrives once. The same on PostgreSQL
 * with the tables locked by another session past the busy timeout (lock_timeout), and the same digest on
 * PostgreSQL survives its own backends being terminated mid-digest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.js';
import { startRadar, type RunningRadar } from '../../src/app/start-radar.js';
import { channelKey } from '../../src/chat/ports.js';
import { catalogues } from '../../src/i18n/messages.js';
import { buildRssListing, startArxivEmulator, syntheticPapers, type ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { fakeClock } from '../fakes/clock.js';
import { manager, RecordingAdapter, shellChannel } from '../fakes/recording.js';
import { createTempPgDatabase, PG_ADMIN_URL, type TempPgDatabase } from '../contract/pg-temp.js';

const DAY = '2026-11-23';
const CATS = 'cs.AI+cs.CL+cs.CV+cs.LG';
const BUSY = catalogues.en['error.storeBusy'];
let arxiv: ArxivEmulator;
let dir: string;
let pgDb: TempPgDatabase | undefined;
const running: RunningRadar[] = [];

beforeAll(async () => {
  arxiv = await startArxivEmulator({ day: DAY });
  const papers = syntheticPapers(5, ['cs.LG']).map((p) => ({ ...p, announceType: 'new' as const, version: 1 }));
  arxiv.setListing(CATS, buildRssListing(papers, { categories: CATS, day: DAY }));
  dir = mkdtempSync(join(tmpdir(), 'radar-busy-'));
});
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});
afterAll(async () => {
  await arxiv.close();
  rmSync(dir, { recursive: true, force: true });
  await pgDb?.drop();
});

/** A logger whose warnings the test can wait for. */
function watchedLogger() {
  const lines: string[] = [];
  const waiters: { text: string; resolve: () => void }[] = [];
  const logger = pino({ level: 'warn' }, {
    write(line: string) {
      lines.push(line);
      for (const w of [...waiters]) if (line.includes(w.text)) (waiters.splice(waiters.indexOf(w), 1), w.resolve());
    },
  });
  const seen = (text: string) => new Promise<void>((resolve) => (lines.some((l) => l.includes(text)) ? resolve() : waiters.push({ text, resolve })));
  return { logger, lines, seen };
}

async function boot(db: string, logger: pino.Logger) {
  const adapter = new RecordingAdapter();
  const radar = await startRadar({
    commands: allCommands,
    env: { RADAR_DB: db, ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', ARXIV_EMPTY_RETRIES: '0', HTTP_RETRIES: '1', RADAR_HF: 'false' },
    logger,
    clock: fakeClock(`${DAY}T09:00:00Z`),
    scheduler: 'manual',
    catchUp: false,
    adapters: [adapter],
  });
  running.push(radar);
  const channel = shellChannel('busy');
  const command = async (name: string, options: Record<string, string | number> = {}) => {
    const before = adapter.sent.length;
    await radar.handlers.onCommand({ name, options, channel, user: manager }, adapter.responder(channel));
    return adapter.sent.slice(before).map((r) => r.message.text).join('\n');
  };
  return { radar, adapter, channel, command };
}

type Booted = Awaited<ReturnType<typeof boot>>;

/** Three subscriptions, digests of 3, the day ingested: what the lock tests start from. */
async function seedChannel({ radar, command }: Booted): Promise<void> {
  for (const q of ['cat:cs.LG', '"mixture of experts"', 'rlhf']) expect(await command('add', { query: q })).toContain('Subscribed');
  await command('settings', { name: 'size', value: '3' });
  await radar.ingestNow();
}

/**
 * With the store's writes locked by another connection: the writing commands say storage is busy, a listing
 * still reads, and the scheduled digest fails and retries — until `release` lets go of the lock; then it
 * posts its 3 papers.
 */
async function busyUntilReleased({ radar, adapter, channel, command }: Booted, watch: ReturnType<typeof watchedLogger>, release: () => Promise<void>): Promise<void> {
  expect(await command('add', { query: 'new-query' })).toContain(BUSY);
  expect(await command('remove', { id: 2 })).toContain(BUSY);
  expect(await command('settings', { name: 'size', value: '7' })).toContain(BUSY);
  const listed = await command('list');
  for (const n of ['#1', '#2', '#3']) expect(listed).toContain(n);
  adapter.sent.length = 0;
  const digest = radar.services.digests.runScheduled(channel);
  await watch.seen('scheduled digest failed; retrying');
  expect(adapter.cards()).toEqual([]);
  await release();
  expect((await digest).posted).toBe(3);
}

/** After the lock: nothing the refused commands asked for changed, and the digest went out once, closed. */
async function expectIntact({ radar, adapter, channel }: Booted): Promise<void> {
  const store = radar.services.store;
  expect((await store.subscriptions.list(channelKey(channel))).map((s) => s.query)).toEqual(['cat:cs.LG', '"mixture of experts"', 'rlhf']);
  expect((await store.channels.getSettings(channelKey(channel))).size).toBe(3);
  const cards = adapter.cards();
  expect(new Set(cards).size).toBe(cards.length);
  expect(cards).toHaveLength(3);
  expect(await store.outbox.open()).toEqual([]);
}

describe('SQLite file held by another connection past the busy timeout', () => {
  it('commands say storage is busy and change nothing; the scheduled digest retries and arrives once', async () => {
    const file = join(dir, 'busy.sqlite');
    const watch = watchedLogger();
    const booted = await boot(`sqlite://${file}?busy_timeout_ms=200`, watch.logger);
    await seedChannel(booted);
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    other.exec(`INSERT INTO usage (key, used) VALUES ('lock-holder', 1)`);
    try {
      await busyUntilReleased(booted, watch, async () => void other.exec('ROLLBACK'));
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
    await expectIntact(booted);
    const { radar, adapter, channel } = booted;
    for (const id of adapter.cards()) expect(await radar.services.store.ledger.has(channelKey(channel), id)).toBe(true);
    expect((await radar.services.digests.runScheduled(channel)).reason).toBe('already_ran');
  });
});

describe('PostgreSQL tables locked by another session past the busy timeout', () => {
  it('commands say storage is busy instead of waiting; the scheduled digest retries and arrives once', async () => {
    const db = await createTempPgDatabase('locked');
    try {
      const watch = watchedLogger();
      const url = new URL(db.url);
      url.searchParams.set('busy_timeout_ms', '300');
      const booted = await boot(url.toString(), watch.logger);
      await seedChannel(booted);
      // an operator's open transaction: reads go on, writes to these tables wait for it
      const other = new pg.Client({ connectionString: db.url });
      await other.connect();
      await other.query('begin');
      await other.query('lock table channels, subscriptions, channel_settings in exclusive mode');
      try {
        await busyUntilReleased(booted, watch, async () => void (await other.query('rollback')));
      } finally {
        await other.end();
      }
      await expectIntact(booted);
    } finally {
      while (running.length) await running.pop()!.stop();
      await db.drop();
    }
  }, 30_000);
});

describe('PostgreSQL connection killed mid-digest', () => {
  it('the digest completes once; subscriptions, settings and deliveries are intact', async () => {
    pgDb = await createTempPgDatabase('busy');
    const watch = watchedLogger();
    const { radar, adapter, channel, command } = await boot(pgDb.url, watch.logger);
    await command('add', { query: 'cat:cs.LG' });
    await command('settings', { name: 'size', value: '4' });
    await radar.ingestNow();
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    let terminated = 0;
    adapter.onPost = async () => {
      if (terminated > 0) return;
      const r = await admin.query('select pg_terminate_backend(pid) as t from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [pgDb!.name]);
      terminated = r.rowCount ?? 0;
    };
    try {
      const outcome = await radar.services.digests.runScheduled(channel);
      expect(terminated).toBeGreaterThan(0);
      expect(outcome.posted).toBe(4);
    } finally {
      await admin.end();
    }
    const cards = adapter.cards();
    expect(cards).toHaveLength(4);
    expect(new Set(cards).size).toBe(4);
    const store = radar.services.store;
    for (const id of cards) expect(await store.ledger.has(channelKey(channel), id)).toBe(true);
    expect((await store.subscriptions.list(channelKey(channel))).map((s) => s.query)).toEqual(['cat:cs.LG']);
    expect((await store.channels.getSettings(channelKey(channel))).size).toBe(4);
    expect(await store.outbox.open()).toEqual([]);
  });
});

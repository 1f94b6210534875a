/**
 * Migrations from an empty database and from an earlier schema (data written under it survives), on a
 * SQLite file and on a fresh PostgreSQL database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type KyselyPlugin } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/sql/migrations.js';
import { appliedMigrations, latestMigration, migrate } from '../../src/store/sql/migrator.js';
import { openSql } from '../../src/store/sql/open-sql.js';
import { createStoreUsageCounter } from '../../src/briefing/store-usage-counter.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import type { ChannelSettings } from '../../src/store/ports.js';
import { createTempPgDatabase, type TempPgDatabase } from './pg-temp.js';

/** A plugin that fails the statement creating `table`, as a store lost in the middle of a migration. */
function failOnCreate(table: string): KyselyPlugin {
  return {
    transformQuery: ({ node }) => {
      if (node.kind === 'CreateTableNode' && node.table.table.identifier.name === table) throw new Error(`store lost while creating ${table}`);
      return node;
    },
    transformResult: async ({ result }) => result,
  };
}

const defaults: ChannelSettings = { size: 10, time: '08:00', timezone: 'UTC', language: 'en', summaries: false, crosslists: true, replacements: false };
const dir = mkdtempSync(join(tmpdir(), 'radar-migrate-'));
const pgDbs: TempPgDatabase[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const db of pgDbs) await db.drop();
});

const urls: [string, (label: string) => Promise<string>][] = [
  ['sqlite', async (label) => `sqlite://${join(dir, `${label}.sqlite`)}`],
  ['postgres', async (label) => {
    const db = await createTempPgDatabase(label);
    pgDbs.push(db);
    return db.url;
  }],
];

describe.each(urls)('migrations on %s', (_name, urlFor) => {
  it('migrates an empty database to the latest schema, and a second run changes nothing', async () => {
    const opened = await openSql(await urlFor('empty'));
    try {
      expect(await appliedMigrations(opened.db)).toEqual([]);
      expect(await migrate(opened.db)).toEqual(Object.keys(migrations));
      expect(await migrate(opened.db)).toEqual([]);
      expect(await appliedMigrations(opened.db)).toEqual(Object.keys(migrations));
      const tables = (await opened.db.introspection.getTables()).map((t) => t.name);
      for (const t of ['channels', 'subscriptions', 'papers', 'paper_days', 'deliveries', 'digest_runs', 'digest_parts', 'seen_events', 'usage', 'votes', 'channel_feeds', 'pending_updates']) {
        expect(tables).toContain(t);
      }
    } finally {
      await opened.close();
    }
  });

  it('leaves the database as it was when a step fails half-way, so the next start migrates it whole', async () => {
    const url = await urlFor('failing');
    const opened = await openSql(url);
    try {
      const tables = async () => (await opened.db.introspection.getTables()).map((t) => t.name).filter((t) => !t.startsWith('kysely_'));
      // the first step fails after two of its tables were made; then, with it run, a later step fails after earlier ones ran
      for (const [table, target] of [['channel_state', '0001_initial'], ['votes', latestMigration]] as const) {
        const [before, applied] = [await tables(), await appliedMigrations(opened.db)];
        await expect(migrate(opened.db.withPlugin(failOnCreate(table)), target)).rejects.toThrow(`store lost while creating ${table}`);
        expect(await tables()).toEqual(before);
        expect(await appliedMigrations(opened.db)).toEqual(applied);
        if (table === 'channel_state') expect(await migrate(opened.db, '0001_initial')).toEqual(['0001_initial']);
      }
      expect(await migrate(opened.db)).toEqual(Object.keys(migrations).slice(1));
      expect((await opened.db.introspection.getTables()).map((t) => t.name)).toContain('votes');
    } finally {
      await opened.close();
    }
  });

  it('runs a data-moving step again after a crash half-way through it (the step not recorded)', async () => {
    const url = await urlFor('halfway');
    const keys = Object.keys(migrations);
    const entry = { paperId: 'arxiv:p1', voterId: 'u1', value: 1, at: '2026-01-03T10:00:00.000Z', features: {} };
    const feed = { url: 'https://lab.example/feed.xml', name: 'Lab feed', addedAt: '2026-01-03T10:00:00.000Z' };
    const old = await openSql(url);
    await migrate(old.db, '0009_pending_updates');
    // as if killed after the tables were made and the rows moved, before the entries were deleted and the
    // steps recorded: the entries are there again and the steps unrecorded
    await old.db.insertInto('kv').values({ namespace: 'votes', key: 'votes:shell:crash', value: JSON.stringify([entry]), expires_at: null }).execute();
    await old.db.insertInto('kv').values({ namespace: 'feeds', key: 'channel:shell:crash', value: JSON.stringify([feed]), expires_at: null }).execute();
    await old.db.insertInto('channels').values({ key: 'shell:crash', next_sub_number: 1, created_at: feed.addedAt }).execute();
    await old.db.insertInto('votes').values({ channel: 'shell:crash', paper_id: 'arxiv:p1', voter_id: 'u1', value: 1, at: entry.at, seq: 1, features: '{}' }).execute();
    await old.db.insertInto('kv').values({ namespace: 'follow-ups', key: 'pending:shell:crash', value: JSON.stringify([{ paperId: 'arxiv:p1', note: 'withdrawn', at: feed.addedAt }]), expires_at: null }).execute();
    await sql`delete from kysely_migration where name in ('0007_votes', '0008_channel_feeds', '0009_pending_updates')`.execute(old.db);
    await old.close();

    const store = await openSqlRadarStore(url, { defaults });
    try {
      expect(await appliedMigrations(store.sql.db)).toEqual(keys);
      expect((await store.votes.list('shell:crash')).map((v) => [v.paperId, v.voterId, v.value])).toEqual([['arxiv:p1', 'u1', 1]]);
      expect(await store.journalFeeds.list('shell:crash')).toEqual([feed]);
      expect(await store.namespace('votes').get('votes:shell:crash')).toBeUndefined();
      expect((await store.pendingUpdates.list('shell:crash', '2026-01-01')).map((u) => u.note)).toEqual(['withdrawn']);
    } finally {
      await store.close();
    }
  });

  it('migrates from an earlier schema keeping what was stored under it', async () => {
    const url = await urlFor('previous');
    const keys = Object.keys(migrations);
    // before the per-day counts (0005), the digest-days settings (0006), the votes (0007), feeds (0008) and
    // pending-updates (0009) tables and the embedding counters (0010): all checked below
    const previous = '0004_usage_expiry';
    const old = await openSql(url);
    await migrate(old.db, previous);
    expect(await appliedMigrations(old.db)).toEqual(keys.slice(0, keys.indexOf(previous) + 1));
    await old.db.insertInto('channels').values({ key: 'shell:old', next_sub_number: 3, created_at: '2026-01-01T00:00:00Z' }).execute();
    await sql`insert into channel_settings (channel, size, language) values ('shell:old', 5, 'zh')`.execute(old.db);
    await old.db.insertInto('subscriptions').values({ channel: 'shell:old', number: 2, query: 'cat:cs.LG', created_at: '2026-01-01T00:00:00Z', created_by: null }).execute();
    // a query stored twice in a channel (two adds raced before 0012, or spelled two ways): the lower number stays
    await old.db.insertInto('channels').values({ key: 'shell:twice', next_sub_number: 5, created_at: '2026-01-01T00:00:00Z' }).execute();
    for (const [number, query] of [[1, 'diffusion'], [2, 'graphs'], [3, 'diffusion'], [4, 'Graph']] as const) {
      await old.db.insertInto('subscriptions').values({ channel: 'shell:twice', number, query, created_at: '2026-01-01T00:00:00Z', created_by: null }).execute();
    }
    await old.db
      .insertInto('deliveries')
      .values({ channel: 'shell:old', work: 'arxiv:1', version: 1, at: '2026-01-01T08:00:00Z', message_id: 'm1', thread_id: null, fingerprint: null })
      .execute();
    // papers stored under the previous schema: their per-day counts are made from them
    for (const [id, day] of [['arxiv:p1', '2026-01-02'], ['arxiv:p2', '2026-01-02'], ['arxiv:p3', '2026-01-05']]) {
      await old.db.insertInto('papers').values({ id: id!, version: 1, data: JSON.stringify({ id, title: id }), stored_at: '2026-01-05T00:00:00Z' }).execute();
      await old.db.insertInto('paper_days').values({ day: day!, paper_id: id! }).execute();
    }
    // votes as they were kept before their table (0007): one key-value entry per channel, oldest first
    const entry = (paperId: string, voterId: string, value: number) => ({ paperId, voterId, value, at: '2026-01-03T10:00:00.000Z', features: { 'w:serving': 1 } });
    const kept = [entry('arxiv:p2', 'u1', 1), entry('arxiv:p1', 'u2', -1), { paperId: 'broken' }, entry('arxiv:p1', 'u1', 1)];
    await old.db.insertInto('kv').values({ namespace: 'votes', key: 'votes:shell:old', value: JSON.stringify(kept), expires_at: null }).execute();
    await old.db.insertInto('kv').values({ namespace: 'votes', key: 'votes:shell:garbled', value: '{not json', expires_at: null }).execute();
    // and a web page's votes kept while learning was off: one entry per channel and paper
    const page = { 'web:u9': { channelKey: 'shell:old', paperId: 'arxiv:p3', voter: 'web:u9', value: -1, at: '2026-01-04T10:00:00.000Z' } };
    await old.db.insertInto('kv').values({ namespace: 'votes', key: 'shell:old|arxiv:p3', value: JSON.stringify(page), expires_at: null }).execute();
    // journal feeds as they were kept before their table (0008): an entry per channel and a list of the channels
    const nature = { url: 'https://www.nature.com/nature.rss', name: 'Nature', key: 'nature', addedAt: '2026-01-02T10:00:00.000Z', addedBy: 'u1' };
    const custom = { url: 'https://lab.example/feed.xml', name: 'Lab feed', addedAt: '2026-01-03T10:00:00.000Z' };
    await old.db.insertInto('kv').values({ namespace: 'feeds', key: 'channel:shell:old', value: JSON.stringify([nature, custom, { url: 7 }]), expires_at: null }).execute();
    await old.db.insertInto('kv').values({ namespace: 'feeds', key: 'channel:shell:feedsonly', value: JSON.stringify([custom]), expires_at: null }).execute();
    await old.db.insertInto('kv').values({ namespace: 'feeds', key: 'channels', value: JSON.stringify(['shell:old']), expires_at: null }).execute();
    await old.db.insertInto('kv').values({ namespace: 'feeds', key: `status:${custom.url}`, value: JSON.stringify({ at: custom.addedAt, ok: false, error: 'HTTP 500' }), expires_at: null }).execute();
    // follow-up updates waiting for a digest as they were kept before their table (0009): the later one for a paper wins
    const waiting = [
      { paperId: 'arxiv:p1', note: 'new version v2', at: '2026-01-04T10:00:00.000Z' },
      { paperId: 'arxiv:p2', note: 'withdrawn', at: '2026-01-04T11:00:00.000Z' },
      { paperId: 'arxiv:p1', note: 'new version v3', at: '2026-01-04T12:00:00.000Z' },
    ];
    await old.db.insertInto('kv').values({ namespace: 'follow-ups', key: 'pending:shell:old', value: JSON.stringify(waiting), expires_at: null }).execute();
    // embedding tokens as they were counted before the usage counters (0010): an entry per period
    const counted = { promptTokens: 1200, completionTokens: 0, calls: 3 };
    const monthEnd = '2026-02-28T00:00:00.000Z';
    await old.db.insertInto('kv').values({ namespace: 'embedding-usage', key: 'system|month|2026-01', value: JSON.stringify(counted), expires_at: monthEnd }).execute();
    await old.db.insertInto('kv').values({ namespace: 'embedding-usage', key: 'system|day|2026-01-05', value: '{broken', expires_at: null }).execute();
    await old.close();

    const store = await openSqlRadarStore(url, { defaults });
    try {
      expect(await appliedMigrations(store.sql.db)).toContain(latestMigration);
      expect((await store.subscriptions.list('shell:old')).map((s) => [s.number, s.query])).toEqual([[2, 'cat:cs.LG']]);
      expect((await store.subscriptions.add('shell:old', 'cat:cs.AI')).number).toBe(3);
      expect((await store.subscriptions.list('shell:twice')).map((s) => [s.number, s.query])).toEqual([[1, 'diffusion'], [2, 'graphs']]);
      // the rows stored before have their keys: another spelling of one is refused
      expect((await store.subscriptions.addMany('shell:twice', ['GRAPHS', 'cat:cs.LG'])).existing.map((s) => s.number)).toEqual([2]);
      expect(await store.ledger.has('shell:old', 'arxiv:1')).toBe(true);
      expect(await store.papers.listDayCounts()).toEqual([{ day: '2026-01-05', papers: 1 }, { day: '2026-01-02', papers: 2 }]);
      // the votes moved into their table in their order (an unreadable one left out), their entries gone
      expect((await store.votes.list('shell:old')).map((v) => [v.paperId, v.voterId, v.value, v.features])).toEqual([
        ['arxiv:p2', 'u1', 1, { 'w:serving': 1 }], ['arxiv:p1', 'u2', -1, { 'w:serving': 1 }], ['arxiv:p1', 'u1', 1, { 'w:serving': 1 }],
        ['arxiv:p3', 'web:u9', -1, {}],
      ]);
      expect(await store.votes.put('shell:old', { ...entry('arxiv:p3', 'u1', 1), value: 1 })).toBe('added');
      expect((await store.votes.list('shell:old')).at(-1)!.paperId).toBe('arxiv:p3');
      expect(await store.namespace('votes').get('votes:shell:old')).toBeUndefined();
      expect(await store.namespace('votes').get('votes:shell:garbled')).toBeUndefined();
      expect(await store.namespace('votes').get('shell:old|arxiv:p3')).toBeUndefined();
      // the feeds moved into their table in order (a malformed one left out), every channel read — also one
      // the old list of channels had lost; the status notes stay
      expect(await store.journalFeeds.list('shell:old')).toEqual([nature, custom]);
      expect([...(await store.journalFeeds.all()).keys()]).toEqual(['shell:feedsonly', 'shell:old']);
      expect(await store.namespace('feeds').get('channels')).toBeUndefined();
      expect(await store.namespace('feeds').get(`status:${custom.url}`)).toEqual({ at: custom.addedAt, ok: false, error: 'HTTP 500' });
      expect((await store.pendingUpdates.list('shell:old', '2026-01-01')).map((u) => [u.paperId, u.note])).toEqual([['arxiv:p2', 'withdrawn'], ['arxiv:p1', 'new version v3']]);
      expect(await store.namespace('follow-ups').get('pending:shell:old')).toBeUndefined();
      // the embedding counts read through the counter the topics use now, with their expiry; the entries gone
      const embedding = createStoreUsageCounter(store.usage, 'embedding');
      expect(await embedding.read('system|month|2026-01')).toEqual({ spent: counted, reserved: 0 });
      expect((await store.sql.db.selectFrom('usage').select('expires_at').where('key', '=', 'embedding|system|month|2026-01|total').executeTakeFirst())?.expires_at).toBe(monthEnd);
      expect(await store.namespace('embedding-usage').get('system|month|2026-01')).toBeUndefined();
      expect(await store.namespace('embedding-usage').get('system|day|2026-01-05')).toBeUndefined();
      // settings stored before `days` and `quiet` existed keep their values and take the defaults for the new ones
      expect(await store.channels.getSettings('shell:old')).toEqual({ ...defaults, size: 5, language: 'zh' });
      expect(await store.channels.updateSettings('shell:old', { days: 'mon,thu', quiet: true })).toEqual({ ...defaults, size: 5, language: 'zh', days: 'mon,thu', quiet: true });
      expect(await store.channels.updateSettings('shell:old', { pausedUntil: '2026-02-01' })).toEqual({ ...defaults, size: 5, language: 'zh', days: 'mon,thu', quiet: true, pausedUntil: '2026-02-01' });
    } finally {
      await store.close();
    }
  });
});

/**
 * `/radar add` on PostgreSQL is one statement (one round trip), and stays right when another process's add or
 * edit of the same channel commits while the statement waits for the channel row: the statement's snapshot
 * does not see that change, so it must not trust what it read — it writes nothing and the transaction path,
 * which reads after locking, decides (see src/store/sql/pg-subscription-statements.ts).
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEvent } from 'kysely';
import { openSqlRadarStore, type SqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { subscriptionKeyOf } from '../../src/radar/subscription-key.js';
import { createTempPgDatabase, type TempPgDatabase } from './pg-temp.js';
import { contractDefaults } from './store-backends.js';

let db: TempPgDatabase;
let store: SqlRadarStore;
let other: pg.Client;
const statements: string[] = [];
beforeEach(async () => {
  db = await createTempPgDatabase('add_one_statement');
  store = await openSqlRadarStore(db.url, { defaults: contractDefaults, log: (e: LogEvent) => statements.push(e.query.sql) });
  other = new pg.Client({ connectionString: db.url });
  await other.connect();
});
afterEach(async () => {
  await other.end();
  await store.close();
  await db.drop();
});

/** Another process's transaction that adds `query` as the channel's next subscription and has not committed. */
async function uncommittedAdd(channel: string, query: string): Promise<void> {
  await other.query('begin');
  const { rows } = await other.query('update channels set next_sub_number = next_sub_number + 1 where key = $1 returning next_sub_number - 1 as n', [channel]);
  await other.query('insert into subscriptions (channel, number, query, query_key, created_at) values ($1, $2, $3, $4, $5)', [channel, rows[0].n, query, subscriptionKeyOf(query), new Date().toISOString()]);
}

/** Another process's uncommitted edit of subscription `number` to `query` (it locks the channel row, as the store's edit does). */
async function uncommittedEdit(channel: string, number: number, query: string): Promise<void> {
  await other.query('begin');
  await other.query('update channels set next_sub_number = next_sub_number where key = $1', [channel]);
  await other.query('update subscriptions set query = $3, query_key = $4 where channel = $1 and number = $2', [channel, number, query, subscriptionKeyOf(query)]);
}

/** Resolves once some session of this database waits for a lock (the add under test has started and is blocked). */
async function someoneWaits(): Promise<void> {
  for (;;) {
    const { rows } = await other.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('adding a subscription on PostgreSQL', () => {
  it('is one statement, numbered from the channel counter', async () => {
    await store.subscriptions.add('shell:a', 'first query');
    statements.length = 0;
    const sub = await store.subscriptions.add('shell:a', 'second query', 'u1');
    expect(statements).toHaveLength(1);
    expect(sub).toMatchObject({ number: 2, query: 'second query', createdBy: 'u1', channelKey: 'shell:a' });
    statements.length = 0;
    const again = await store.subscriptions.addMany('shell:a', ['Second  query', 'third', 'third', 'fourth'], { limit: 10 });
    expect(statements).toHaveLength(1);
    expect(again.added.map((s) => [s.number, s.query])).toEqual([[3, 'third'], [4, 'fourth']]);
    expect(again.existing.map((s) => s.number)).toEqual([2]);
    expect(again.before).toBe(2);
    expect((await store.subscriptions.list('shell:a')).map((s) => s.number)).toEqual([1, 2, 3, 4]);
  });

  it('numbers after an add that commits while it waits, and counts that add against the limit', async () => {
    await store.subscriptions.addMany('shell:b', ['one', 'two'], { limit: 3 });
    await uncommittedAdd('shell:b', 'three');
    const mine = store.subscriptions.addMany('shell:b', ['four'], { limit: 3 });
    await someoneWaits();
    await other.query('commit');
    const outcome = await mine;
    expect(outcome.added).toEqual([]);
    expect(outcome.before).toBe(3);
    expect((await store.subscriptions.list('shell:b')).map((s) => s.query)).toEqual(['one', 'two', 'three']);

    await uncommittedAdd('shell:b', 'five');
    const next = store.subscriptions.add('shell:b', 'six');
    await someoneWaits();
    await other.query('commit');
    expect((await next).number).toBe(5);
  });

  it('answers with the subscription another process just made the same, writing nothing', async () => {
    await store.subscriptions.add('shell:c', 'alpha');
    await uncommittedAdd('shell:c', 'beta');
    const sameAsAdded = store.subscriptions.add('shell:c', 'beta');
    await someoneWaits();
    await other.query('commit');
    expect(await sameAsAdded).toMatchObject({ number: 2, query: 'beta' });

    await uncommittedEdit('shell:c', 1, 'gamma');
    const sameAsEdited = store.subscriptions.add('shell:c', 'gamma');
    await someoneWaits();
    await other.query('commit');
    expect(await sameAsEdited).toMatchObject({ number: 1, query: 'gamma' });
    expect((await store.subscriptions.list('shell:c')).map((s) => [s.number, s.query])).toEqual([[1, 'gamma'], [2, 'beta']]);
  });
});

/**
 * The PostgreSQL store prepares the statements it repeats (parsed and planned once per connection: see
 * src/store/sql/pg-prepared.ts), and a prepared statement whose result columns another process's migration
 * changed fails once per connection at most — an error, never "nothing there" — after which the store answers again.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { openSql } from '../../src/store/sql/open-sql.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { createTempPgDatabase, type TempPgDatabase } from './pg-temp.js';
import { contractDefaults } from './store-backends.js';

let db: TempPgDatabase;
beforeEach(async () => {
  db = await createTempPgDatabase('prepared');
});
afterEach(async () => {
  await db.drop();
});

describe('statements on PostgreSQL', () => {
  it('a statement run again is prepared on its connection, once', async () => {
    const opened = await openSql(db.url);
    try {
      const prepared = await opened.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 4; i++) await sql`select ${i}::int + 1 as x`.execute(trx);
        return (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(trx)).rows;
      });
      expect(prepared.map((r) => r.statement)).toEqual(['select $1::int + 1 as x']);
    } finally {
      await opened.close();
    }
  });

  it('with ?prepare=off (a pooler in transaction mode) nothing is prepared', async () => {
    const opened = await openSql(`${db.url}?prepare=off`);
    try {
      const prepared = await opened.db.transaction().execute(async (trx) => {
        for (let i = 0; i < 4; i++) await sql`select ${i}::int + 1 as x`.execute(trx);
        return (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(trx)).rows;
      });
      expect(prepared).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('a prepared read whose columns a migration changed fails at most once per connection, then answers', async () => {
    const store = await openSqlRadarStore(db.url, { defaults: contractDefaults });
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await store.channels.updateSettings('shell:a', { size: 7 });
      for (let i = 0; i < 3; i++) expect((await store.channels.getSettings('shell:a')).size).toBe(7);
      await other.query('alter table channel_settings add column added_by_a_newer_version text');
      const failures: unknown[] = [];
      let answer;
      for (let tries = 0; tries < 12 && !answer; tries++) answer = await store.channels.getSettings('shell:a').catch((err: unknown) => void failures.push(err));
      expect(answer?.size).toBe(7);
      expect(failures.length).toBeLessThanOrEqual(10); // the pool's connections
      expect(failures.every((f) => f instanceof StoreError)).toBe(true);
      for (let i = 0; i < 3; i++) expect((await store.channels.getSettings('shell:a')).size).toBe(7);
    } finally {
      await other.end();
      await store.close();
    }
  });
});

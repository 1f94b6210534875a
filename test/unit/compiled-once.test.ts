import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledOnce } from '../../src/store/sql/compiled-once.js';

interface Db {
  notes: { channel: string; kind: string; body: string };
}

const open = async () => {
  const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  await sql`create table notes (channel text, kind text, body text)`.execute(db);
  await db
    .insertInto('notes')
    .values([
      { channel: 'a', kind: 'x', body: 'a-x' },
      { channel: 'a', kind: 'y', body: 'a-y' },
      { channel: 'b', kind: 'x', body: 'b-x' },
    ])
    .execute();
  return db;
};

let db: Kysely<Db> | undefined;
afterEach(async () => db?.destroy());

describe('compiledOnce', () => {
  it('builds the query once and binds each call’s parameters where they belong', async () => {
    db = await open();
    let builds = 0;
    // the parameters are bound in the opposite order of the function's arguments, beside a constant
    const notes = compiledOnce((q: Kysely<Db>, kind: string, channel: string) => {
      builds++;
      return q.selectFrom('notes').select('body').where('channel', '=', channel).where('kind', '=', kind).where('body', '!=', 'never').orderBy('body');
    });
    expect(await notes(db, 'x', 'a')).toEqual([{ body: 'a-x' }]);
    expect(await notes(db, 'x', 'b')).toEqual([{ body: 'b-x' }]);
    expect(await notes(db, 'y', 'a')).toEqual([{ body: 'a-y' }]);
    expect(await notes(db, 'y', 'b')).toEqual([]);
    expect(builds).toBe(1);
  });

  it('runs inside a transaction it is handed', async () => {
    db = await open();
    const bodies = compiledOnce((q: Kysely<Db>, channel: string) => q.selectFrom('notes').select('body').where('channel', '=', channel).orderBy('body'));
    const seen = await db.transaction().execute(async (trx) => {
      await trx.insertInto('notes').values({ channel: 'c', kind: 'x', body: 'c-x' }).execute();
      return bodies(trx, 'c');
    });
    expect(seen).toEqual([{ body: 'c-x' }]);
  });

  it('refuses a query that binds a parameter twice or not at all', async () => {
    db = await open();
    const twice = compiledOnce((q: Kysely<Db>, channel: string) => q.selectFrom('notes').select('body').where('channel', '=', channel).where('kind', '=', channel));
    await expect(twice(db, 'a')).rejects.toThrow(/parameter 0 must be bound exactly once/);
    const never = compiledOnce((q: Kysely<Db>, _channel: string) => q.selectFrom('notes').select('body'));
    await expect(never(db, 'a')).rejects.toThrow(/parameter 0 must be bound exactly once/);
  });
});

/**
 * `store.exclusive`: one holder at a time per name — across two stores on one PostgreSQL database, as two
 * processes — different names side by side, the work's own error passed through with the section let go, and
 * (PostgreSQL) a holder whose connection dies, as with kill -9, lets go at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlRadarStore, type SqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { advisoryKeys } from '../../src/store/sql/sql-exclusive.js';
import type { ChannelSettings } from '../../src/store/ports.js';
import { createTempPgDatabase, type TempPgDatabase } from './pg-temp.js';

const defaults: ChannelSettings = { size: 10, time: '08:00', timezone: 'UTC', language: 'en', summaries: false, crosslists: true, replacements: false };
const dir = mkdtempSync(join(tmpdir(), 'radar-exclusive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `count` works on `name` through the given stores in turn, all at once; the most that overlapped. */
async function overlapOf(stores: readonly SqlRadarStore[], name: (i: number) => string, count: number): Promise<number> {
  let inside = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      stores[i % stores.length]!.exclusive.run(name(i), async () => {
        most = Math.max(most, ++inside);
        await tick(15);
        inside--;
      }),
    ),
  );
  return most;
}

describe.each([
  ['sqlite file', async () => ({ url: `sqlite://${join(dir, 'x.sqlite')}`, drop: async () => {} }), 1],
  ['postgres', async (): Promise<{ url: string; drop: () => Promise<void> }> => createTempPgDatabase('exclusive') as Promise<TempPgDatabase>, 2],
] as const)('exclusive sections: %s', (name, database, processes) => {
  let db: { url: string; drop: () => Promise<void> };
  let stores: SqlRadarStore[];
  beforeAll(async () => {
    db = await database();
    stores = [];
    // PostgreSQL: two stores, two pools — two processes; SQLite serves one process: one store
    for (let i = 0; i < processes; i++) stores.push(await openSqlRadarStore(db.url, { defaults }));
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await db.drop();
  });

  it('one holder at a time per name; different names side by side', async () => {
    expect(await overlapOf(stores, () => 'follow-up:a', 6)).toBe(1);
    expect(await overlapOf(stores, (i) => `follow-up:${i}`, 6)).toBeGreaterThan(1);
  });

  it('passes the work’s result and its own error through, and lets go either way', async () => {
    expect(await stores[0]!.exclusive.run('w', async () => 42)).toBe(42);
    const own = new Error('thread archived');
    await expect(stores[0]!.exclusive.run('w', async () => Promise.reject(own))).rejects.toBe(own);
    expect(await stores.at(-1)!.exclusive.run('w', async () => 'next')).toBe('next');
  });

  it.runIf(name === 'postgres')('a holder whose connection dies (kill -9) lets go at once', async () => {
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    holder.on('error', () => {});
    const [a, b] = advisoryKeys('follow-up:dies');
    await holder.query('select pg_advisory_lock($1::int, $2::int)', [a, b]);
    let ran = false;
    const waiting = stores[0]!.exclusive.run('follow-up:dies', async () => {
      ran = true;
    });
    await tick(200);
    expect(ran).toBe(false);
    // the process dies: its socket is cut without a goodbye
    (holder as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await waiting;
    expect(ran).toBe(true);
  });
});

/**
 * The SQLite store's one connection is handed out first come, first served, and a release wakes one waiter
 * only: the cost of a query does not grow with the number of queries queued behind it (a burst of slash
 * commands during a digest run queues hundreds).
 */
import { createHook } from 'node:async_hooks';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { FifoGate } from '../../src/store/sql/fifo-sqlite-dialect.js';
import { openSql, writeTx, type OpenedSql } from '../../src/store/sql/open-sql.js';

let opened: OpenedSql | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

/** Promises created while `work` runs (each wake-up of a waiter that must wait again makes one). */
async function promisesDuring(work: () => Promise<unknown>): Promise<number> {
  let created = 0;
  const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && created++) });
  hook.enable();
  try {
    await work();
  } finally {
    hook.disable();
  }
  return created;
}

const concurrentSelects = (db: OpenedSql['db'], n: number) =>
  Promise.all(Array.from({ length: n }, (_, i) => sql<{ v: number }>`select ${i} as v`.execute(db)));

describe('FifoGate', () => {
  it('serves callers one at a time in the order they asked', async () => {
    const gate = new FifoGate();
    const order: number[] = [];
    expect(gate.acquire()).toBeUndefined(); // free: taken at once
    const turns = [1, 2, 3].map((n) => gate.acquire()!.then(() => order.push(n)));
    expect(gate.queued).toBe(3);
    gate.release();
    await turns[0];
    expect(order).toEqual([1]);
    // the holder releasing and asking again at once goes behind those already waiting
    gate.release();
    const again = gate.acquire()!.then(() => order.push(4));
    await turns[1];
    gate.release();
    await turns[2];
    gate.release();
    await again;
    expect(order).toEqual([1, 2, 3, 4]);
    expect(gate.queued).toBe(0);
    gate.release();
    expect(gate.acquire()).toBeUndefined(); // free again after the last holder left
  });
});

describe('the SQLite connection queue', () => {
  it('costs the same per query with 40 or 400 queries queued (a release wakes one waiter)', async () => {
    opened = await openSql('memory://');
    const db = opened.db;
    await concurrentSelects(db, 10); // statements prepared and code warmed before counting
    const small = (await promisesDuring(() => concurrentSelects(db, 40))) / 40;
    const large = (await promisesDuring(() => concurrentSelects(db, 400))) / 400;
    // waking every waiter on each release made this ~ proportional to the queue (≈ 10× here)
    expect(large).toBeLessThan(small * 1.3);
  });

  it('runs queued queries in the order they were asked, behind a write transaction', async () => {
    opened = await openSql('memory://');
    const { db } = opened;
    await sql`create table t (n integer)`.execute(db);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = writeTx(opened, async (trx) => {
      await held;
      await sql`insert into t values (0)`.execute(trx);
    });
    const inserts = Array.from({ length: 20 }, (_, i) => sql`insert into t values (${i + 1})`.execute(db));
    release();
    await Promise.all([tx, ...inserts]);
    const rows = await sql<{ n: number }>`select n from t order by rowid`.execute(db);
    expect(rows.rows.map((r) => r.n)).toEqual(Array.from({ length: 21 }, (_, i) => i));
  });

  it('a failed query releases its turn: the queue goes on', async () => {
    opened = await openSql('memory://');
    const { db } = opened;
    const results = await Promise.allSettled([sql`select * from missing_table`.execute(db), sql`select 1 as v`.execute(db)]);
    expect(results[0]!.status).toBe('rejected');
    expect(results[1]!.status).toBe('fulfilled');
  });
});

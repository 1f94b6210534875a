/**
 * Exclusive sections across the processes sharing the store, held for as long as their work runs and let go
 * when the holder ends — or dies, which a row or a lease in a table cannot tell apart from "still working".
 * PostgreSQL: a session advisory lock on one pooled connection, which the server drops with the session when a
 * process is killed. SQLite serves one process (README, Storage): an in-process lock is the whole of it.
 * Within a process the work for one name also takes turns before asking PostgreSQL, so waiters do not each hold
 * a pooled connection.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { StoreError } from '../../errors.js';
import type { ExclusiveSections } from '../ports.js';
import { KeyLock } from '../key-lock.js';
import type { OpenedSql } from './open-sql.js';

/** Two 32-bit keys for pg_advisory_lock(int, int) from a name (64 bits of its SHA-256). */
export function advisoryKeys(name: string): [number, number] {
  const digest = createHash('sha256').update(`radar:${name}`).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A failure to give the lock back is a store error (the session may still hold it). */
async function storeCall(what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    throw new StoreError(`exclusive.${what} failed: ${messageOf(err)}`, { cause: err });
  }
}

export function createSqlExclusiveSections(opened: OpenedSql): ExclusiveSections {
  const local = new KeyLock();
  if (opened.backend !== 'postgres') return { run: (name, work) => local.run(name, work) };
  const holding = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    let working = false;
    try {
      return await opened.db.connection().execute(async (conn) => {
        const [a, b] = advisoryKeys(name);
        // the section waits for its holder's work however long it takes (the pool's lock_timeout is for rows)
        await sql`set lock_timeout = 0`.execute(conn);
        try {
          await sql`select pg_advisory_lock(${a}::int, ${b}::int)`.execute(conn);
          working = true;
          try {
            return await work();
          } finally {
            await storeCall('unlock', () => sql`select pg_advisory_unlock(${a}::int, ${b}::int)`.execute(conn));
          }
        } finally {
          await storeCall('reset', () => sql`reset lock_timeout`.execute(conn));
        }
      });
    } catch (err) {
      // no connection, or the lock not taken: a store error; the work's own errors pass through as they are
      if (working) throw err;
      throw new StoreError(`exclusive.lock failed: ${messageOf(err)}`, { cause: err });
    }
  };
  return { run: (name, work) => local.run(name, () => holding(name, work)) };
}

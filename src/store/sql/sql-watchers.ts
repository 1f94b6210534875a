/** The watchers of subscriptions (`/radar watch`) in their table: a row per channel, subscription number and person. */
import type { Kysely } from 'kysely';
import { MAX_WATCHERS_PER_SUBSCRIPTION, type WatcherStore, type WatchOutcome } from '../watcher-port.js';
import { compiledOnce } from './compiled-once.js';
import { writeTx, type OpenedSql } from './open-sql.js';
import type { RadarDatabase } from './schema.js';

/**
 * Writes the subscription's row unchanged: it exists (false when not), and on PostgreSQL it stays locked until
 * the transaction ends, so two people watching at once take turns with the room check (SQLite's write
 * transaction is exclusive already).
 */
async function lockSubscription(trx: Kysely<RadarDatabase>, channel: string, number: number): Promise<boolean> {
  const row = await trx
    .updateTable('subscriptions')
    .set((eb) => ({ number: eb.ref('subscriptions.number') }))
    .where('channel', '=', channel)
    .where('number', '=', number)
    .returning('number')
    .executeTakeFirst();
  return row !== undefined;
}

async function watch(trx: Kysely<RadarDatabase>, channel: string, number: number, userId: string, at: string): Promise<WatchOutcome> {
  if (!(await lockSubscription(trx, channel, number))) return 'unknown_subscription';
  const users = await trx.selectFrom('subscription_watchers').select('user_id').where('channel', '=', channel).where('number', '=', number).execute();
  if (users.some((u) => u.user_id === userId)) return 'already';
  if (users.length >= MAX_WATCHERS_PER_SUBSCRIPTION) return 'full';
  await trx.insertInto('subscription_watchers').values({ channel, number, user_id: userId, at }).execute();
  return 'added';
}

export function createSqlWatcherStore(opened: OpenedSql, now: () => Date): WatcherStore {
  const { db } = opened;
  // `/radar list` reads it every time (compiled once: see compiled-once.ts)
  const watcherRows = compiledOnce((q: Kysely<RadarDatabase>, channel: string) =>
    q.selectFrom('subscription_watchers').select(['number', 'user_id']).where('channel', '=', channel).orderBy('number').orderBy('at').orderBy('user_id'),
  );
  return {
    watch: (channelKey, number, userId) => writeTx(opened, (trx) => watch(trx, channelKey, number, userId, now().toISOString())),
    async unwatch(channelKey, number, userId) {
      const result = await db
        .deleteFrom('subscription_watchers')
        .where('channel', '=', channelKey)
        .where('number', '=', number)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async list(channelKey) {
      const rows = await watcherRows(db, channelKey);
      const out = new Map<number, string[]>();
      for (const r of rows) {
        const number = Number(r.number);
        out.set(number, [...(out.get(number) ?? []), r.user_id]);
      }
      return out;
    },
  };
}

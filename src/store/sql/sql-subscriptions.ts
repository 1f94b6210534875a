/** Subscriptions: one row each, numbered per channel from the channel row's counter in one transaction. */
import type { Subscription } from '../../radar/subscription.js';
import type { SubscriptionStore } from '../ports.js';
import { writeTx, type OpenedSql } from './open-sql.js';
import type { RadarDatabase } from './schema.js';
import type { Kysely, Selectable } from 'kysely';

type Row = Selectable<RadarDatabase['subscriptions']>;

const toSubscription = (r: Row): Subscription => ({
  id: `${r.channel}#${r.number}`,
  channelKey: r.channel,
  number: Number(r.number),
  query: r.query,
  createdAt: r.created_at,
  ...(r.created_by ? { createdBy: r.created_by } : {}),
});

/** Makes sure the channel row exists (inside the caller's transaction). */
export async function ensureChannel(trx: Kysely<RadarDatabase>, key: string, at: string): Promise<void> {
  await trx.insertInto('channels').values({ key, created_at: at }).onConflict((oc) => oc.column('key').doNothing()).execute();
}

/** Thrown inside addRows' transaction to roll it back when the channel would pass its limit. */
class LimitReached extends Error {
  constructor(readonly before: number) {
    super('subscription limit reached');
  }
}

export function createSqlSubscriptionStore(opened: OpenedSql, now: () => Date): SubscriptionStore {
  const { db } = opened;
  /**
   * Takes `queries.length` numbers from the channel's counter and inserts the rows, in one transaction —
   * unless the channel would pass `limit`. The counter's row is updated first: it locks the channel (on
   * PostgreSQL; SQLite's write transactions are serial), so the count that follows sees every earlier add.
   */
  const addRows = (ch: string, queries: readonly string[], createdBy: string | undefined, limit = Infinity) =>
    writeTx(opened, async (trx) => {
      const at = now().toISOString();
      await ensureChannel(trx, ch, at);
      const taken = await trx
        .updateTable('channels')
        .set((eb) => ({ next_sub_number: eb('next_sub_number', '+', queries.length) }))
        .where('key', '=', ch)
        .returning('next_sub_number')
        .executeTakeFirstOrThrow();
      const counted = await trx.selectFrom('subscriptions').select((eb) => eb.fn.countAll<number | string>().as('n')).where('channel', '=', ch).executeTakeFirstOrThrow();
      const before = Number(counted.n);
      if (before + queries.length > limit) throw new LimitReached(before);
      const first = Number(taken.next_sub_number) - queries.length;
      const rows: Row[] = queries.map((query, i) => ({ channel: ch, number: first + i, query, created_at: at, created_by: createdBy ?? null }));
      if (rows.length > 0) await trx.insertInto('subscriptions').values(rows).execute();
      return { added: rows.map(toSubscription), before };
    });
  return {
    add: async (ch, query, createdBy) => (await addRows(ch, [query], createdBy)).added[0]!,
    async addMany(ch, queries, options = {}) {
      try {
        return await addRows(ch, queries, options.createdBy, options.limit);
      } catch (err) {
        // the transaction is rolled back (no number used up); the limit is an answer, not a failure
        if (err instanceof LimitReached) return { added: [], before: err.before };
        throw err;
      }
    },
    replace: (ch, number, query) =>
      writeTx(opened, async (trx) => {
        const row = await trx.selectFrom('subscriptions').selectAll().where('channel', '=', ch).where('number', '=', number).executeTakeFirst();
        if (!row) return undefined;
        await trx.updateTable('subscriptions').set({ query }).where('channel', '=', ch).where('number', '=', number).execute();
        return { before: toSubscription(row), after: toSubscription({ ...row, query }) };
      }),
    async remove(ch, number) {
      const row = await db.deleteFrom('subscriptions').where('channel', '=', ch).where('number', '=', number).returningAll().executeTakeFirst();
      return row ? toSubscription(row) : undefined;
    },
    async list(ch) {
      const rows = await db.selectFrom('subscriptions').selectAll().where('channel', '=', ch).orderBy('number').execute();
      return rows.map(toSubscription);
    },
    async listAll() {
      const rows = await db.selectFrom('subscriptions').selectAll().orderBy('channel').orderBy('number').execute();
      return rows.map(toSubscription);
    },
    async channels() {
      const rows = await db.selectFrom('subscriptions').select('channel').distinct().orderBy('channel').execute();
      return rows.map((r) => r.channel);
    },
  };
}

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

export function createSqlSubscriptionStore(opened: OpenedSql, now: () => Date): SubscriptionStore {
  const { db } = opened;
  /** Takes `queries.length` numbers from the channel's counter and inserts the rows, in one transaction. */
  const addRows = (ch: string, queries: readonly string[], createdBy: string | undefined) =>
    writeTx(opened, async (trx) => {
      const at = now().toISOString();
      await ensureChannel(trx, ch, at);
      const taken = await trx
        .updateTable('channels')
        .set((eb) => ({ next_sub_number: eb('next_sub_number', '+', queries.length) }))
        .where('key', '=', ch)
        .returning('next_sub_number')
        .executeTakeFirstOrThrow();
      const first = Number(taken.next_sub_number) - queries.length;
      const rows: Row[] = queries.map((query, i) => ({ channel: ch, number: first + i, query, created_at: at, created_by: createdBy ?? null }));
      await trx.insertInto('subscriptions').values(rows).execute();
      return rows.map(toSubscription);
    });
  return {
    add: async (ch, query, createdBy) => (await addRows(ch, [query], createdBy))[0]!,
    addMany: async (ch, queries, createdBy) => (queries.length === 0 ? [] : addRows(ch, queries, createdBy)),
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

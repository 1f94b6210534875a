/** Subscriptions: one row each, numbered per channel from the channel row's counter in one transaction. */
import type { Subscription } from '../../radar/subscription.js';
import type { QueryKey, SubscriptionStore } from '../ports.js';
import { writeTx, type OpenedSql } from './open-sql.js';
import type { RadarDatabase } from './schema.js';
import type { Kysely, Selectable } from 'kysely';

type Row = Selectable<RadarDatabase['subscriptions']>;

const sameText: QueryKey = (query) => query;

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

/**
 * Creates the channel's row or, when it exists, writes it unchanged: either way the row is locked until the
 * transaction ends (PostgreSQL), so the channel's adds and edits take turns. Returns the next free number.
 */
async function lockChannel(trx: Kysely<RadarDatabase>, key: string, at: string): Promise<number> {
  const row = await trx
    .insertInto('channels')
    .values({ key, created_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ next_sub_number: eb.ref('channels.next_sub_number') })))
    .returning('next_sub_number')
    .executeTakeFirstOrThrow();
  return Number(row.next_sub_number);
}

/** The queries the channel does not hold (once each, in order), and the held subscriptions some query repeats. */
function sortOut(queries: readonly string[], present: readonly Subscription[], keyOf: QueryKey): { fresh: string[]; existing: Subscription[] } {
  const held = new Map(present.map((s) => [keyOf(s.query), s]));
  const taken = new Set(held.keys());
  const fresh: string[] = [];
  const repeated = new Set<Subscription>();
  for (const query of queries) {
    const key = keyOf(query);
    const had = held.get(key);
    if (had) repeated.add(had);
    else if (!taken.has(key)) {
      taken.add(key);
      fresh.push(query);
    }
  }
  return { fresh, existing: present.filter((s) => repeated.has(s)) };
}

/** Thrown inside addRows' transaction to roll it back when the channel would pass its limit. */
class LimitReached extends Error {
  constructor(
    readonly before: number,
    readonly existing: Subscription[],
  ) {
    super('subscription limit reached');
  }
}

export function createSqlSubscriptionStore(opened: OpenedSql, now: () => Date): SubscriptionStore {
  const { db } = opened;
  /**
   * Inserts the queries the channel does not have yet, numbered from the channel's counter, in one
   * transaction — unless the channel would pass `limit`. The channel's row is written first: that locks the
   * channel (on PostgreSQL; SQLite's write transactions are serial), so the rows read next include every
   * earlier add, and two adds of one query cannot both find it missing.
   */
  const addRows = (ch: string, queries: readonly string[], createdBy: string | undefined, limit = Infinity, keyOf: QueryKey = sameText) =>
    writeTx(opened, async (trx) => {
      const at = now().toISOString();
      const next = Number(await lockChannel(trx, ch, at));
      const present = (await trx.selectFrom('subscriptions').selectAll().where('channel', '=', ch).orderBy('number').execute()).map(toSubscription);
      const { fresh, existing } = sortOut(queries, present, keyOf);
      const before = present.length;
      if (before + fresh.length > limit) throw new LimitReached(before, existing);
      const rows: Row[] = fresh.map((query, i) => ({ channel: ch, number: next + i, query, created_at: at, created_by: createdBy ?? null }));
      if (rows.length > 0) {
        await trx.insertInto('subscriptions').values(rows).execute();
        await trx.updateTable('channels').set({ next_sub_number: next + rows.length }).where('key', '=', ch).execute();
      }
      return { added: rows.map(toSubscription), before, existing };
    });
  return {
    async add(ch, query, createdBy) {
      const { added, existing } = await addRows(ch, [query], createdBy);
      return added[0] ?? existing[0]!;
    },
    async addMany(ch, queries, options = {}) {
      try {
        return await addRows(ch, queries, options.createdBy, options.limit, options.keyOf);
      } catch (err) {
        // the transaction is rolled back (no number used up); the limit is an answer, not a failure
        if (err instanceof LimitReached) return { added: [], before: err.before, existing: err.existing };
        throw err;
      }
    },
    replace: (ch, number, query, keyOf = sameText) =>
      writeTx(opened, async (trx) => {
        await lockChannel(trx, ch, now().toISOString());
        const rows = await trx.selectFrom('subscriptions').selectAll().where('channel', '=', ch).execute();
        const row = rows.find((r) => Number(r.number) === number);
        if (!row) return undefined;
        const key = keyOf(query);
        const other = rows.find((r) => Number(r.number) !== number && keyOf(r.query) === key);
        if (other) return { duplicateOf: toSubscription(other) };
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

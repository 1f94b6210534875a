/** Subscriptions: one row each, numbered per channel from the channel row's counter in one transaction. */
import type { Subscription } from '../../radar/subscription.js';
import { subscriptionKeyOf } from '../../radar/subscription-key.js';
import type { SubscriptionStore } from '../ports.js';
import { compiledOnce } from './compiled-once.js';
import { writeTx, type OpenedSql } from './open-sql.js';
import { addInOneStatement } from './pg-subscription-statements.js';
import type { RadarDatabase } from './schema.js';
import type { Kysely, Selectable } from 'kysely';

type Row = Selectable<RadarDatabase['subscriptions']>;
type SubscriptionRow = Omit<Row, 'query_key'>;

/**
 * What a Subscription is made of: the key stays in the table (reading every column back costs a
 * `/radar list` more than finding the rows does).
 */
const SUBSCRIPTION_COLUMNS = ['channel', 'number', 'query', 'created_at', 'created_by'] as const;

const toSubscription = (r: SubscriptionRow): Subscription => ({
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

/** The add's channel lock (in the store below) for a channel that must already exist: false (nothing written) when it does not. */
async function lockExistingChannel(trx: Kysely<RadarDatabase>, key: string): Promise<boolean> {
  const row = await trx
    .updateTable('channels')
    .set((eb) => ({ next_sub_number: eb.ref('channels.next_sub_number') }))
    .where('key', '=', key)
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The queries the channel does not hold (once each, in order, with their keys), and the numbers of the
 * held subscriptions some query repeats. `present` are the channel's keys in number order.
 */
function sortOut(queries: readonly string[], present: readonly HeldKey[]): { fresh: { query: string; key: string }[]; repeated: number[] } {
  // every row is written with its key (migration 0012 keyed the older ones)
  const held = new Map(present.map((r) => [r.query_key, Number(r.number)]));
  const fresh: { query: string; key: string }[] = [];
  const repeated: number[] = [];
  for (const q of distinctByKey(queries)) {
    const had = held.get(q.key);
    if (had === undefined) fresh.push(q);
    else repeated.push(had);
  }
  return { fresh, repeated: repeated.sort((a, b) => a - b) };
}

type HeldKey = Pick<Row, 'number' | 'query_key'>;

/** The queries once per key, in order (the first of each key), with their keys. */
function distinctByKey(queries: readonly string[]): { query: string; key: string }[] {
  const seen = new Set<string>();
  const out: { query: string; key: string }[] = [];
  for (const query of queries) {
    const key = subscriptionKeyOf(query);
    if (!seen.has(key)) out.push({ query, key }), seen.add(key);
  }
  return out;
}

/** The channel's subscriptions with these numbers, in number order. */
async function rowsNumbered(trx: Kysely<RadarDatabase>, ch: string, numbers: readonly number[]): Promise<SubscriptionRow[]> {
  return trx.selectFrom('subscriptions').select(SUBSCRIPTION_COLUMNS).where('channel', '=', ch).where('number', 'in', numbers).orderBy('number').execute();
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
   * Creates the channel's row or, when it exists, writes it unchanged: either way the row is locked until the
   * transaction ends (PostgreSQL), so the channel's adds and edits take turns. Answers the next free number.
   */
  const lockChannel = compiledOnce((trx: Kysely<RadarDatabase>, key: string, at: string) =>
    trx
      .insertInto('channels')
      .values({ key, created_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ next_sub_number: eb.ref('channels.next_sub_number') })))
      .returning('next_sub_number'),
  );
  // every `/radar list` and add reads one of these (compiled once: see compiled-once.ts)
  const channelRows = compiledOnce((q: Kysely<RadarDatabase>, ch: string) =>
    q.selectFrom('subscriptions').select(SUBSCRIPTION_COLUMNS).where('channel', '=', ch).orderBy('number'),
  );
  const channelKeys = compiledOnce((q: Kysely<RadarDatabase>, ch: string) =>
    q.selectFrom('subscriptions').select(['number', 'query_key']).where('channel', '=', ch).orderBy('number'),
  );
  /**
   * Inserts the queries the channel does not have yet, numbered from the channel's counter, in one
   * transaction — unless the channel would pass `limit`. The channel's row is written first: that locks the
   * channel (on PostgreSQL; SQLite's write transactions are serial), so the rows read next include every
   * earlier add, and two adds of one query cannot both find it missing.
   */
  const addRows = (ch: string, queries: readonly string[], createdBy: string | undefined, limit = Infinity) =>
    writeTx(opened, async (trx) => {
      const at = now().toISOString();
      const next = Number((await lockChannel(trx, ch, at))[0]!.next_sub_number);
      const present = await channelKeys(trx, ch);
      const { fresh, repeated } = sortOut(queries, present);
      // the subscriptions a query repeats are read whole (an add of a query the channel has is the rare case)
      const existing = repeated.length === 0 ? [] : (await rowsNumbered(trx, ch, repeated)).map(toSubscription);
      const before = present.length;
      if (before + fresh.length > limit) throw new LimitReached(before, existing);
      const rows: Row[] = fresh.map(({ query, key }, i) => ({ channel: ch, number: next + i, query, query_key: key, created_at: at, created_by: createdBy ?? null }));
      if (rows.length > 0) {
        await trx.insertInto('subscriptions').values(rows).execute();
        await trx.updateTable('channels').set({ next_sub_number: next + rows.length }).where('key', '=', ch).execute();
      }
      return { added: rows.map(toSubscription), before, existing };
    });
  /**
   * On PostgreSQL the add is first tried as one statement (pg-subscription-statements.ts); when another add or
   * edit of the channel came between, it wrote nothing and the transaction above decides.
   */
  const addRowsFast = async (ch: string, queries: readonly string[], createdBy: string | undefined, limit = Infinity) => {
    if (opened.backend !== 'postgres' || queries.length === 0) return addRows(ch, queries, createdBy, limit);
    const at = now().toISOString();
    const outcome = await addInOneStatement(db, { channel: ch, at, createdBy: createdBy ?? null, queries: distinctByKey(queries), limit });
    if (outcome.kind === 'raced') return addRows(ch, queries, createdBy, limit);
    const existing = outcome.existing.map(toSubscription);
    if (outcome.kind === 'limit') throw new LimitReached(outcome.before, existing);
    const added = outcome.fresh.map(({ query }, i) => toSubscription({ channel: ch, number: outcome.first + i, query, created_at: at, created_by: createdBy ?? null }));
    return { added, before: outcome.before, existing };
  };
  return {
    async add(ch, query, createdBy) {
      const { added, existing } = await addRowsFast(ch, [query], createdBy);
      return added[0] ?? existing[0]!;
    },
    async addMany(ch, queries, options = {}) {
      try {
        return await addRowsFast(ch, queries, options.createdBy, options.limit);
      } catch (err) {
        // the transaction is rolled back (no number used up); the limit is an answer, not a failure
        if (err instanceof LimitReached) return { added: [], before: err.before, existing: err.existing };
        throw err;
      }
    },
    replace: (ch, number, query) =>
      writeTx(opened, async (trx) => {
        // a channel without a row has no subscription to edit: it is not created for the refusal
        if (!(await lockExistingChannel(trx, ch))) return undefined;
        const key = subscriptionKeyOf(query);
        const rows = await trx
          .selectFrom('subscriptions')
          .selectAll()
          .where('channel', '=', ch)
          .where((eb) => eb.or([eb('number', '=', number), eb('query_key', '=', key)]))
          .execute();
        const row = rows.find((r) => Number(r.number) === number);
        if (!row) return undefined;
        const other = rows.find((r) => Number(r.number) !== number);
        if (other) return { duplicateOf: toSubscription(other) };
        await trx.updateTable('subscriptions').set({ query, query_key: key }).where('channel', '=', ch).where('number', '=', number).execute();
        return { before: toSubscription(row), after: toSubscription({ ...row, query }) };
      }),
    async remove(ch, number) {
      const row = await db.deleteFrom('subscriptions').where('channel', '=', ch).where('number', '=', number).returningAll().executeTakeFirst();
      return row ? toSubscription(row) : undefined;
    },
    async list(ch) {
      return (await channelRows(db, ch)).map(toSubscription);
    },
    async listAll() {
      const rows = await db.selectFrom('subscriptions').select(SUBSCRIPTION_COLUMNS).orderBy('channel').orderBy('number').execute();
      return rows.map(toSubscription);
    },
    async channels() {
      const rows = await db.selectFrom('subscriptions').select('channel').distinct().orderBy('channel').execute();
      return rows.map((r) => r.channel);
    },
  };
}

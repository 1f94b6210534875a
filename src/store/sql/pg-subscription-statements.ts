/**
 * `/radar add` (and `/radar import`) as ONE PostgreSQL statement instead of a transaction of six (begin, lock
 * the channel, read its keys, insert, bump the counter, commit): every statement is a round trip and, on the
 * client, a socket write — at 08:00, when every channel's digest runs and a hundred commands arrive, those
 * writes were most of the radar's own CPU per command.
 *
 * One statement sees one snapshot, taken when it starts: a concurrent add that commits while this one waits
 * for the channel row is not in what it read. So the counter is claimed by compare-and-swap — the update of
 * the channel row only takes effect when the counter still holds the value this statement read (PostgreSQL
 * re-checks the condition on the newest row after waiting for the lock), and the subscriptions are inserted
 * only when the claim did. When another add came first nothing is written and the caller takes the
 * transaction path, which reads after locking. A concurrent edit that made one of these queries a duplicate
 * meanwhile fails the unique key (channel, query_key): also nothing written, and also the transaction path.
 * What this statement reads otherwise (held keys, the count for the limit, the repeated subscriptions) is
 * consistent as of its snapshot: a remove committed meanwhile orders after this add.
 */
import { sql } from 'kysely';
import type { OpenedSql } from './open-sql.js';
import type { SubscriptionsTable } from './schema.js';

type Db = OpenedSql['db'];

/** A query of the add and its key, distinct by key, in the order given. */
export interface KeyedQuery {
  readonly query: string;
  readonly key: string;
}

export type HeldRow = Pick<SubscriptionsTable, 'channel' | 'number' | 'query' | 'query_key' | 'created_at' | 'created_by'>;

export type OneStatementAdd =
  /** Written (or nothing to write): the first number given to the fresh queries, in the order given. */
  | { readonly kind: 'added'; readonly fresh: readonly KeyedQuery[]; readonly first: number; readonly before: number; readonly existing: readonly HeldRow[] }
  | { readonly kind: 'limit'; readonly before: number; readonly existing: readonly HeldRow[] }
  /** Another add or edit of the channel came between: nothing written, take the transaction path. */
  | { readonly kind: 'raced' };

const UNIQUE_VIOLATION = '23505';

/** Adds the queries the channel does not hold yet, numbered from its counter, unless that passes `limit`. */
export async function addInOneStatement(
  db: Db,
  args: { readonly channel: string; readonly at: string; readonly createdBy: string | null; readonly queries: readonly KeyedQuery[]; readonly limit: number },
): Promise<OneStatementAdd> {
  const input = JSON.stringify(args.queries.map((q, ord) => ({ query: q.query, query_key: q.key, ord })));
  const limit = Number.isFinite(args.limit) ? args.limit : null;
  let row: ResultRow | undefined;
  try {
    row = (await statement(args.channel, args.at, args.createdBy, input, limit).execute(db)).rows[0];
  } catch (err) {
    if ((err as { code?: string }).code === UNIQUE_VIOLATION) return { kind: 'raced' };
    throw err;
  }
  if (!row) throw new Error('add statement returned no row');
  const existing = (row.existing ?? []).map((r) => ({ ...r, number: Number(r.number) }));
  const before = Number(row.before);
  const held = new Set(existing.map((r) => r.query_key));
  const fresh = args.queries.filter((q) => !held.has(q.key));
  if (!row.within) return { kind: 'limit', before, existing };
  if (fresh.length > 0 && row.first === null) return { kind: 'raced' };
  return { kind: 'added', fresh, first: Number(row.first ?? 0), before, existing };
}

interface ResultRow {
  readonly before: number | string;
  readonly within: boolean;
  readonly first: number | string | null;
  readonly existing: HeldRow[] | null;
}

function statement(channel: string, at: string, createdBy: string | null, input: string, limit: number | null) {
  return sql<ResultRow>`
    with input as (
      select query, query_key, ord from jsonb_to_recordset(${input}::jsonb) as x(query text, query_key text, ord int)
    ), held as (
      select number, query_key from subscriptions where channel = ${channel}
    ), fresh as (
      select i.query, i.query_key, (row_number() over (order by i.ord))::int - 1 as i
      from input i where not exists (select 1 from held h where h.query_key = i.query_key)
    ), plan as (
      select (select count(*) from fresh)::int as n_fresh, (select count(*) from held)::int as before,
             (select next_sub_number from channels where key = ${channel}) as seen_next
    ), verdict as (
      select n_fresh, before, seen_next, (${limit}::int is null or before + n_fresh <= ${limit}::int) as within from plan
    ), bumped as (
      update channels set next_sub_number = next_sub_number + (select n_fresh from verdict)
      where key = ${channel} and next_sub_number = (select seen_next from verdict)
        and (select within and n_fresh > 0 from verdict)
      returning next_sub_number - (select n_fresh from verdict) as first
    ), created as (
      insert into channels (key, created_at, next_sub_number)
      select ${channel}, ${at}, 1 + n_fresh from verdict where seen_next is null and within and n_fresh > 0
      on conflict (key) do nothing
      returning 1 as first
    ), claimed as (
      select first from bumped union all select first from created
    ), inserted as (
      insert into subscriptions (channel, number, query, query_key, created_at, created_by)
      select ${channel}, c.first + f.i, f.query, f.query_key, ${at}, ${createdBy}::text from fresh f cross join claimed c
    )
    select v.before, v.within, (select first from claimed) as first,
      (select json_agg(json_build_object('channel', s.channel, 'number', s.number, 'query', s.query, 'query_key', s.query_key, 'created_at', s.created_at, 'created_by', s.created_by) order by s.number)
         from subscriptions s where s.channel = ${channel} and s.query_key in (select query_key from input)) as existing
    from verdict v
  `;
}

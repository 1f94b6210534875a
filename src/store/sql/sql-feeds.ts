/**
 * The journal feeds each channel reads: a row per channel and feed URL. They were a key-value entry per
 * channel plus one list of every channel with feeds, rewritten by every add anywhere: two channels adding a
 * feed at once from two processes lost one of them from that list, and its feeds were never read again.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ChannelFeed, ChannelFeedStore } from '../ports.js';
import { writeTx, type OpenedSql } from './open-sql.js';
import type { ChannelFeedsTable, RadarDatabase } from './schema.js';
import { ensureChannel } from './sql-subscriptions.js';

function feedOf(row: Selectable<ChannelFeedsTable>): ChannelFeed {
  return {
    url: row.url,
    name: row.name,
    ...(row.catalogue_key !== null ? { key: row.catalogue_key } : {}),
    addedAt: row.added_at,
    ...(row.added_by !== null ? { addedBy: row.added_by } : {}),
  };
}

const listOf = async (db: Kysely<RadarDatabase>, ch: string): Promise<ChannelFeed[]> =>
  (await db.selectFrom('channel_feeds').selectAll().where('channel', '=', ch).orderBy('position').orderBy('url').execute()).map(feedOf);

async function addFeed(trx: Kysely<RadarDatabase>, ch: string, feed: ChannelFeed, limit: number): Promise<ChannelFeed[] | undefined> {
  await ensureChannel(trx, ch, feed.addedAt);
  // locks the channel's row (PostgreSQL; SQLite's write transactions are serial): the count below sees
  // every earlier add to this channel
  await trx.updateTable('channels').set((eb) => ({ next_sub_number: eb.ref('next_sub_number') })).where('key', '=', ch).execute();
  const others = await trx
    .selectFrom('channel_feeds')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('channel', '=', ch)
    .where('url', '<>', feed.url)
    .executeTakeFirstOrThrow();
  if (Number(others.n) >= limit) return undefined;
  const [key, by] = [feed.key ?? null, feed.addedBy ?? null];
  await sql`insert into channel_feeds (channel, url, name, catalogue_key, added_at, added_by, position)
    select cast(${ch} as text), cast(${feed.url} as text), cast(${feed.name} as text), cast(${key} as text),
      cast(${feed.addedAt} as text), cast(${by} as text), coalesce(max(position), 0) + 1
    from channel_feeds where channel = ${ch}
    on conflict (channel, url) do update set name = excluded.name, catalogue_key = excluded.catalogue_key,
      added_at = excluded.added_at, added_by = excluded.added_by, position = excluded.position`.execute(trx);
  return listOf(trx, ch);
}

export function createSqlFeedStore(opened: OpenedSql): ChannelFeedStore {
  const { db } = opened;
  return {
    list: (ch) => listOf(db, ch),
    add: (ch, feed, limit) => writeTx(opened, (trx) => addFeed(trx, ch, feed, limit)),
    async remove(ch, url) {
      return Number((await db.deleteFrom('channel_feeds').where('channel', '=', ch).where('url', '=', url).executeTakeFirst()).numDeletedRows) > 0;
    },
    async all() {
      const rows = await db.selectFrom('channel_feeds').selectAll().orderBy('channel').orderBy('position').orderBy('url').execute();
      const out = new Map<string, ChannelFeed[]>();
      for (const row of rows) {
        let list = out.get(row.channel);
        if (!list) out.set(row.channel, (list = []));
        list.push(feedOf(row));
      }
      return out;
    },
  };
}

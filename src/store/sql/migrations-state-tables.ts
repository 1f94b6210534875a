/**
 * The migrations from 0007 on: state moved out of the key-value table into tables of its own (votes, journal
 * feeds, pending follow-up updates, embedding counts), the lookups the delivery records answer since, and
 * one subscription per query and channel.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { subscriptionKeyOf } from '../../radar/subscription-key.js';
import { moveKeyValueEmbeddingUsage, moveKeyValueFeeds, moveKeyValuePendingUpdates, moveKeyValueVotes } from './migrate-keyvalue.js';

// The steps that move data (0007–0009) can also run again over their own half-done work (tables made only when
// missing, rows moved only when not there yet, the entries deleted last): they were written when SQLite's
// steps ran outside a transaction, and a database left by such a run must still be migrated.

/**
 * The team's votes as rows of their own. They were one key-value entry per channel, rewritten whole on every
 * vote: two processes voting in one channel at once (Slack delivers events to any socket) lost votes, and
 * each vote rewrote all of the channel's. The entries are moved into the table, in their order.
 */
export const votesTable: Migration = {
  async up(db) {
    await db.schema
      .createTable('votes')
      .ifNotExists()
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('paper_id', 'text', (c) => c.notNull())
      .addColumn('voter_id', 'text', (c) => c.notNull())
      .addColumn('value', 'integer', (c) => c.notNull().check(sql`value in (1, -1)`))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('features', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('votes_pk', ['channel', 'paper_id', 'voter_id'])
      .execute();
    await db.schema.createIndex('votes_order').ifNotExists().on('votes').columns(['channel', 'seq']).execute();
    await moveKeyValueVotes(db);
  },
};

/**
 * The journal feeds each channel reads as rows. They were a key-value entry per channel and one list of
 * every channel with feeds, which concurrent adds from two processes overwrote (a channel's feeds were then
 * never read). The entries are moved into the table; the per-feed status notes stay where they are.
 */
export const channelFeedsTable: Migration = {
  async up(db) {
    await db.schema
      .createTable('channel_feeds')
      .ifNotExists()
      .addColumn('channel', 'text', (c) => c.notNull().references('channels.key').onDelete('cascade'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('catalogue_key', 'text')
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addColumn('added_by', 'text')
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('channel_feeds_pk', ['channel', 'url'])
      .execute();
    await moveKeyValueFeeds(db);
  },
};

/**
 * Follow-up updates waiting for a channel's digest as rows, and the digest runs that carry them. They were one
 * entry per channel, emptied when a digest read it — before the digest's plan was durable (a crash there lost
 * them) and regardless of what the ingest's process queued meanwhile. Now a run names the updates it carries
 * and they go when it is closed.
 */
export const pendingUpdatesTable: Migration = {
  async up(db) {
    await db.schema
      .createTable('pending_updates')
      .ifNotExists()
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('paper_id', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('pending_updates_pk', ['channel', 'paper_id'])
      .execute();
    const runs = (await db.introspection.getTables()).find((t) => t.name === 'digest_runs');
    if (!runs?.columns.some((c) => c.name === 'consumes')) await db.schema.alterTable('digest_runs').addColumn('consumes', 'text').execute();
    await moveKeyValuePendingUpdates(db);
  },
};

/**
 * The topics' embedding token counts in the usage counters (`embedding|…`), where they have been counted since
 * two processes embedding at once lost counts in the read-then-write entries; the counts made before are moved.
 */
export const embeddingUsage: Migration = {
  async up(db) {
    await moveKeyValueEmbeddingUsage(db);
  },
};

/**
 * Lookups the delivery records now answer: a reaction's message → the papers whose cards it carries (each
 * paper's ledger row names its message, recorded with the part — also for a digest finished after a crash),
 * and a channel's latest closed digests (what `/radar brief` covers, read from the outbox instead of a
 * separate record written after posting, which a crash skipped; those records are deleted).
 */
export const deliveryLookups: Migration = {
  async up(db) {
    await db.schema.createIndex('deliveries_message').ifNotExists().on('deliveries').columns(['channel', 'message_id']).execute();
    await db.schema.createIndex('digest_runs_channel').ifNotExists().on('digest_runs').columns(['channel', 'kind', 'created_at']).execute();
    await sql`delete from kv where namespace = 'briefing' and key like 'latest|%'`.execute(db);
  },
};

/**
 * A channel holds a query once, however it is spelled: each row keeps its query's key (`subscriptionKeyOf`:
 * queries matching the same papers have the same key) under a unique index. The check was made before the
 * adding transaction and on the exact text, so two adds of one query at once (two members, a retried
 * interaction, two processes) could both pass it, and `Diffusion` was added next to `diffusion`. Copies
 * already stored are removed (the lowest number stays: the rows match the same papers).
 */
export const oneSubscriptionPerQuery: Migration = {
  async up(db) {
    await db.schema.alterTable('subscriptions').addColumn('query_key', 'text').execute();
    await keyStoredQueries(db);
    await sql`delete from subscriptions where exists (
      select 1 from subscriptions s2
      where s2.channel = subscriptions.channel and s2.query_key = subscriptions.query_key and s2.number < subscriptions.number
    )`.execute(db);
    await db.schema.createIndex('subscriptions_query_key').unique().on('subscriptions').columns(['channel', 'query_key']).execute();
  },
};

/**
 * Writes every stored row's key. Each distinct text is parsed once; the keys go into a scratch table in
 * chunks and the rows take theirs in one UPDATE (an UPDATE per text would scan the table each time: there
 * is no index on the text).
 */
async function keyStoredQueries(db: Kysely<any>): Promise<void> {
  const texts = (await db.selectFrom('subscriptions').select('query').distinct().execute()) as { query: string }[];
  if (texts.length === 0) return;
  await db.schema.createTable('subscription_keys_0012').addColumn('query', 'text', (c) => c.primaryKey()).addColumn('query_key', 'text', (c) => c.notNull()).execute();
  for (let i = 0; i < texts.length; i += KEY_CHUNK) {
    const chunk = texts.slice(i, i + KEY_CHUNK).map(({ query }) => ({ query, query_key: subscriptionKeyOf(query) }));
    await db.insertInto('subscription_keys_0012').values(chunk).execute();
  }
  await sql`update subscriptions set query_key = (select k.query_key from subscription_keys_0012 k where k.query = subscriptions.query)`.execute(db);
  await db.schema.dropTable('subscription_keys_0012').execute();
}

/** Rows per INSERT of the keys (two parameters each: well within SQLite's and PostgreSQL's limits). */
const KEY_CHUNK = 500;

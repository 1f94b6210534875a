/**
 * Schema migrations, run at start and by `npm run db -- migrate` (migrator.ts). Each migration is one step
 * forward; the names sort in order.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { channelFeedsTable, deliveryLookups, embeddingUsage, oneSubscriptionPerQuery, pendingUpdatesTable, votesTable } from './migrations-state-tables.js';

async function createChannelTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channels')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('next_sub_number', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('channel_settings')
    .addColumn('channel', 'text', (c) => c.primaryKey().references('channels.key').onDelete('cascade'))
    .addColumn('size', 'integer')
    .addColumn('time', 'text')
    .addColumn('timezone', 'text')
    .addColumn('language', 'text')
    .addColumn('summaries', 'integer')
    .addColumn('crosslists', 'integer')
    .addColumn('replacements', 'integer')
    .execute();
  await db.schema
    .createTable('channel_state')
    .addColumn('channel', 'text', (c) => c.primaryKey().references('channels.key').onDelete('cascade'))
    .addColumn('last_digest_at', 'text')
    .addColumn('last_scheduled_day', 'text')
    .addColumn('delivery_problem', 'text')
    .addColumn('shown_count', 'integer')
    .addColumn('pending_ids', 'text')
    .addColumn('pending_reasons', 'text')
    .execute();
  await db.schema
    .createTable('subscriptions')
    .addColumn('channel', 'text', (c) => c.notNull().references('channels.key').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('subscriptions_pk', ['channel', 'number'])
    .execute();
}

async function createPaperTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('papers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('stored_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('paper_days')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('paper_days_pk', ['day', 'paper_id'])
    .execute();
  await db.schema.createIndex('paper_days_paper').on('paper_days').column('paper_id').execute();
  await db.schema
    .createTable('deliveries')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('work', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('thread_id', 'text')
    .addColumn('fingerprint', 'text')
    .addPrimaryKeyConstraint('deliveries_pk', ['channel', 'work'])
    .execute();
  await db.schema.createIndex('deliveries_work').on('deliveries').column('work').execute();
}

async function createConversationTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('threads')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('paper_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('threads_paper').on('threads').column('paper_id').execute();
  await db.schema
    .createTable('turns')
    .addColumn('thread_key', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addPrimaryKeyConstraint('turns_pk', ['thread_key', 'seq'])
    .execute();
  await db.schema
    .createTable('seen_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('seen_events_expiry').on('seen_events').column('expires_at').execute();
  await db.schema
    .createTable('usage')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('kv')
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addPrimaryKeyConstraint('kv_pk', ['namespace', 'key'])
    .execute();
}

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await createChannelTables(db);
    await createPaperTables(db);
    await createConversationTables(db);
  },
};

const outbox: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('digest_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'text')
      .addColumn('after', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('digest_runs_open').on('digest_runs').columns(['closed_at', 'channel']).execute();
    // At most one open run per channel, across every process sharing the database.
    await sql`create unique index digest_runs_one_open on digest_runs (channel) where closed_at is null`.execute(db);
    await db.schema
      .createTable('digest_parts')
      .addColumn('run_id', 'text', (c) => c.notNull().references('digest_runs.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('delivery_id', 'text', (c) => c.notNull().unique())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('works', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text')
      .addColumn('posted_at', 'text')
      .addPrimaryKeyConstraint('digest_parts_pk', ['run_id', 'seq'])
      .execute();
  },
};

/** The channel's `learning` setting (team feedback re-ranks its digest; null = the default, on). */
const learningSetting: Migration = {
  async up(db) {
    await db.schema.alterTable('channel_settings').addColumn('learning', 'integer').execute();
  },
};

/** Usage counters may expire (LLM budgets are per day and month): `npm run db -- prune` removes them after. */
const usageExpiry: Migration = {
  async up(db) {
    await db.schema.alterTable('usage').addColumn('expires_at', 'text').execute();
  },
};

/**
 * Papers per announcement day as a table of its own: the count every digest asks for (to know whether
 * the day's papers changed) was a GROUP BY over every stored day's rows — ~16 ms on PostgreSQL per digest
 * with three months of history.
 */
const paperDayCounts: Migration = {
  async up(db) {
    await db.schema
      .createTable('paper_day_counts')
      .addColumn('day', 'text', (c) => c.primaryKey())
      .addColumn('papers', 'integer', (c) => c.notNull())
      .execute();
    await sql`insert into paper_day_counts (day, papers) select day, count(*) from paper_days group by day`.execute(db);
  },
};

/** The channel's `days` (weekdays its scheduled digest posts on) and `quiet` settings (null = the default). */
const digestDaysSettings: Migration = {
  async up(db) {
    await db.schema.alterTable('channel_settings').addColumn('days', 'text').execute();
    await db.schema.alterTable('channel_settings').addColumn('quiet', 'integer').execute();
  },
};

/** The local day a channel's paused scheduled digests resume (null = not paused). */
const digestPause: Migration = {
  async up(db) {
    await db.schema.alterTable('channel_settings').addColumn('paused_until', 'text').execute();
  },
};

/** Who is named when a subscription brings papers; gone with the subscription (`/radar watch`). */
const subscriptionWatchers: Migration = {
  async up(db) {
    await db.schema
      .createTable('subscription_watchers')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('subscription_watchers_pk', ['channel', 'number', 'user_id'])
      .addForeignKeyConstraint('subscription_watchers_subscription_fk', ['channel', 'number'], 'subscriptions', ['channel', 'number'], (fk) => fk.onDelete('cascade'))
      .execute();
  },
};

/** Which subscriptions brought each paper waiting for `/radar more` (its batch names their watchers). */
const pendingSubscriptions: Migration = {
  async up(db) {
    await db.schema.alterTable('channel_state').addColumn('pending_subscriptions', 'text').execute();
  },
};

/** Every migration, oldest first. Never edit a landed one: add the next. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_initial': initial,
  '0002_outbox': outbox,
  '0003_learning': learningSetting,
  '0004_usage_expiry': usageExpiry,
  '0005_paper_day_counts': paperDayCounts,
  '0006_digest_days': digestDaysSettings,
  '0007_votes': votesTable,
  '0008_channel_feeds': channelFeedsTable,
  '0009_pending_updates': pendingUpdatesTable,
  '0010_embedding_usage': embeddingUsage,
  '0011_delivery_lookups': deliveryLookups,
  '0012_one_subscription_per_query': oneSubscriptionPerQuery,
  '0013_digest_pause': digestPause,
  '0014_subscription_watchers': subscriptionWatchers,
  '0015_pending_subscriptions': pendingSubscriptions,
};

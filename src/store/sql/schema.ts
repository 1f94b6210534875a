/**
 * Table types of the SQL store (one code path for SQLite and PostgreSQL). Times are ISO-8601 text so they
 * sort and compare the same on both; booleans are 0/1 integers; lists that belong to one row are JSON text.
 */
import type { Generated } from 'kysely';

export interface ChannelsTable {
  key: string;
  /** The next subscription number of this channel; taken atomically, never reused. */
  next_sub_number: Generated<number>;
  created_at: string;
}

export interface ChannelSettingsTable {
  channel: string;
  size: number | null;
  time: string | null;
  timezone: string | null;
  language: string | null;
  summaries: number | null;
  crosslists: number | null;
  replacements: number | null;
  learning: number | null;
  days: string | null;
  quiet: number | null;
  paused_until: string | null;
}

export interface ChannelStateTable {
  channel: string;
  last_digest_at: string | null;
  last_scheduled_day: string | null;
  delivery_problem: string | null;
  shown_count: number | null;
  pending_ids: string | null;
  pending_reasons: string | null;
  pending_subscriptions: string | null;
}

export interface SubscriptionsTable {
  channel: string;
  number: number;
  query: string;
  /** `subscriptionKeyOf(query)`: a channel holds one row per key (unique; from migration 0012). */
  query_key: string | null;
  created_at: string;
  created_by: string | null;
}

export interface SubscriptionWatchersTable {
  channel: string;
  number: number;
  user_id: string;
  /** Order of asking (ISO instant). */
  at: string;
}

export interface PapersTable {
  id: string;
  version: number | null;
  /** The neutral Paper as JSON. */
  data: string;
  stored_at: string;
}

export interface PaperDaysTable {
  day: string;
  paper_id: string;
}

/** Per announcement day, how many paper_days rows it has (kept with them, in the same transactions). */
export interface PaperDayCountsTable {
  day: string;
  papers: number;
}

export interface DeliveriesTable {
  channel: string;
  /** A work's id (versionless paper id). */
  work: string;
  version: number | null;
  at: string;
  message_id: string | null;
  thread_id: string | null;
  fingerprint: string | null;
}

export interface ThreadsTable {
  key: string;
  paper_id: string;
  created_at: string;
}

export interface TurnsTable {
  thread_key: string;
  seq: number;
  role: string;
  text: string;
  at: string;
  user_id: string | null;
}

export interface SeenEventsTable {
  id: string;
  expires_at: string;
}

export interface UsageTable {
  key: string;
  used: number;
  /** ISO instant after which retention may delete the counter; null: kept. */
  expires_at: string | null;
}

export interface KvTable {
  namespace: string;
  key: string;
  value: string;
  expires_at: string | null;
}

export interface DigestRunsTable {
  id: string;
  channel: string;
  kind: string;
  created_at: string;
  closed_at: string | null;
  /** JSON: what the channel's state becomes once every part is posted. */
  after: string;
  /** JSON PendingUpdate[] the run carries, removed from pending_updates when it is closed; null: none. */
  consumes: string | null;
}

export interface DigestPartsTable {
  run_id: string;
  seq: number;
  /** Stable id of this part, sent as the platform's idempotency key (Discord nonce, Slack metadata). */
  delivery_id: string;
  /** JSON OutboundMessage. */
  message: string;
  /** JSON Delivery[] recorded in the ledger when this part is posted. */
  works: string;
  message_id: string | null;
  posted_at: string | null;
}

/** One team member's 👍/👎 on a paper in a channel (a later vote replaces it). */
export interface VotesTable {
  channel: string;
  paper_id: string;
  voter_id: string;
  /** 1 or -1. */
  value: number;
  at: string;
  /** Per channel, increasing with each vote written: the votes' order (a changed vote moves to the end). */
  seq: number;
  /** JSON: the paper's features as the channel saw them when the vote was cast. */
  features: string;
}

/** A journal feed a channel reads. */
export interface ChannelFeedsTable {
  channel: string;
  url: string;
  name: string;
  /** Catalogue short name, when added by name. */
  catalogue_key: string | null;
  added_at: string;
  added_by: string | null;
  /** Per channel, increasing with each feed added: the list's order. */
  position: number;
}

/** An update to a posted paper waiting for the channel's next digest. */
export interface PendingUpdatesTable {
  channel: string;
  paper_id: string;
  note: string;
  at: string;
}

export interface RadarDatabase {
  channels: ChannelsTable;
  channel_settings: ChannelSettingsTable;
  channel_state: ChannelStateTable;
  subscriptions: SubscriptionsTable;
  papers: PapersTable;
  paper_days: PaperDaysTable;
  paper_day_counts: PaperDayCountsTable;
  deliveries: DeliveriesTable;
  threads: ThreadsTable;
  turns: TurnsTable;
  seen_events: SeenEventsTable;
  usage: UsageTable;
  kv: KvTable;
  digest_runs: DigestRunsTable;
  digest_parts: DigestPartsTable;
  votes: VotesTable;
  subscription_watchers: SubscriptionWatchersTable;
  channel_feeds: ChannelFeedsTable;
  pending_updates: PendingUpdatesTable;
}

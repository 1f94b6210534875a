/**
 * Typed store ports. The SQL implementation (src/store/sql: SQLite file by default, SQLite in memory for
 * throwaway runs, PostgreSQL for several processes) implements all of them; the contract suite in
 * test/contract runs against every backend. Every method rejects when the store fails (a `StoreError`):
 * a failed read is never answered as "absent".
 */
import type { OutboundMessage } from '../chat/message.js';
import type { VoteStore } from '../feedback/vote-store.js';
import type { ChannelFeedStore } from './feed-port.js';
import type { SubscriptionStore } from './subscription-port.js';
import type { WatcherStore } from './watcher-port.js';
import type { Paper } from '../papers/paper.js';
import type { MatchReason } from '../radar/subscription.js';

export interface PaperStore {
  /** Insert or replace papers (by versionless id), indexing them under their announcement day. */
  putMany(papers: readonly Paper[]): Promise<void>;
  get(id: string): Promise<Paper | undefined>;
  getMany(ids: readonly string[]): Promise<Paper[]>;
  /** Every paper announced on the given days (YYYY-MM-DD), deduplicated. */
  listByDays(days: readonly string[]): Promise<Paper[]>;
  /** Announcement days that have stored papers, newest first. */
  listDays(): Promise<string[]>;
  /**
   * The same days with how many papers each holds: a fingerprint of the stored window that changes when any
   * process (not only this one) adds papers to a day, so readers in several processes can cache by it.
   * `since` (YYYY-MM-DD): only that day and later. Kept as a table of its own: asked before every digest,
   * it costs the same whatever history the store holds.
   */
  listDayCounts(since?: string): Promise<{ day: string; papers: number }[]>;
  /** Grows with every `putMany` made through this instance: in-process readers cache by it. */
  changes(): number;
}

export interface ChannelSettings {
  /** Cards per digest batch. */
  readonly size: number;
  /** HH:MM local digest time. */
  readonly time: string;
  readonly timezone: string;
  readonly language: 'en' | 'zh';
  /** One-line LLM TL;DR per card. */
  readonly summaries: boolean;
  readonly crosslists: boolean;
  readonly replacements: boolean;
  /** Re-rank digests by the channel's 👍/👎 (src/feedback); on unless turned off. */
  readonly learning?: boolean;
  /**
   * Weekdays the scheduled digest posts on, as src/digest/digest-days.ts writes them (`mon`, `mon,thu`,
   * `weekdays`); absent = every day.
   */
  readonly days?: string;
  /** The scheduled digest says nothing on a day with nothing to post (no announcement, nothing new); off unless set. */
  readonly quiet?: boolean;
  /**
   * Scheduled digests are paused before this local day (YYYY-MM-DD; `9999-12-31` until turned off), as
   * src/digest/digest-pause.ts reads it; absent = not paused. A day already reached is no pause.
   */
  readonly pausedUntil?: string;
}

/** Per-channel operational state, separate from what the user set. */
/** The small part of a channel's state (see ChannelStore.getStatus). */
export type ChannelStatus = Omit<ChannelState, 'pendingPaperIds' | 'pendingReasons' | 'pendingSubscriptionIds'>;

export interface ChannelState {
  /** ISO instant of the last digest posted (scheduled or on demand). */
  readonly lastDigestAt?: string;
  /** The local day (YYYY-MM-DD in the channel's timezone) whose scheduled digest has run. */
  readonly lastScheduledDay?: string;
  /** A permanent delivery problem, shown by `/radar list` ("I cannot post here: …"). */
  readonly deliveryProblem?: string;
  /** Papers ranked for the current digest but not shown yet: what `/radar more` shows next. */
  readonly pendingPaperIds?: readonly string[];
  /** Why each pending paper matched (structured, as the matcher said), keyed by paper id. */
  readonly pendingReasons?: Readonly<Record<string, readonly MatchReason[]>>;
  /**
   * Which subscriptions brought each pending paper (keyed by paper id; papers brought by none are absent):
   * a later batch names the people watching them, as the first did.
   */
  readonly pendingSubscriptionIds?: Readonly<Record<string, readonly string[]>>;
  /** How many batches of the current digest were shown (numbering continues 11…20 after 01…10). */
  readonly shownCount?: number;
}

export interface ChannelStore {
  getSettings(channelKey: string): Promise<ChannelSettings>;
  /** Applies a partial change and returns the resulting settings. */
  updateSettings(channelKey: string, patch: Partial<ChannelSettings>): Promise<ChannelSettings>;
  getState(channelKey: string): Promise<ChannelState>;
  /**
   * The state without the pending queue (`pendingPaperIds`, `pendingReasons`, `pendingSubscriptionIds`): what `/radar list` and the
   * scheduler need — a channel's queue can hold hundreds of papers and their reasons.
   */
  getStatus(channelKey: string): Promise<ChannelStatus>;
  /** Applies a partial change (read the result with `getState`: a digest's state can be large). */
  updateState(channelKey: string, patch: Partial<ChannelState>): Promise<void>;
  /** Every channel the bot knows (has settings, state or subscriptions). */
  list(): Promise<string[]>;
}

export interface Delivery {
  readonly paperId: string;
  readonly version?: number;
  readonly at: string;
  readonly messageId?: string;
  /** Thread opened on this paper in this channel (Discuss), for follow-ups. */
  readonly threadId?: string;
  /** A fingerprint of what was posted (title/abstract/venue) to tell what changed later. */
  readonly fingerprint?: string;
}

/** The delivery ledger: which paper went to which channel, so nothing is posted twice, across restarts. */
export interface DeliveryLedger {
  has(channelKey: string, paperId: string): Promise<boolean>;
  /** Returns the subset of ids already delivered to the channel. */
  filterDelivered(channelKey: string, paperIds: readonly string[]): Promise<Set<string>>;
  record(channelKey: string, deliveries: readonly Delivery[]): Promise<void>;
  get(channelKey: string, paperId: string): Promise<Delivery | undefined>;
  update(channelKey: string, paperId: string, patch: Partial<Delivery>): Promise<void>;
  /** Every delivery of a paper across channels (for follow-ups). */
  channelsOf(paperId: string): Promise<string[]>;
  /** The papers whose cards the channel's message `messageId` carries (recorded with the message), sorted. */
  papersOfMessage(channelKey: string, messageId: string): Promise<string[]>;
}

export interface ThreadTurn {
  readonly role: 'user' | 'assistant';
  readonly text: string;
  readonly at: string;
  readonly userId?: string;
}

/** Threads opened on a paper (Discuss) and their Q&A turns (our own copy: Slack limits history reads). */
export interface ThreadStore {
  bind(threadKey: string, paperId: string): Promise<void>;
  paperOf(threadKey: string): Promise<string | undefined>;
  appendTurn(threadKey: string, turn: ThreadTurn): Promise<void>;
  /** The last `limit` turns, oldest first. */
  turns(threadKey: string, limit: number): Promise<ThreadTurn[]>;
  /** Remembers an inbound event id; false when it was seen before (a retried delivery). */
  markEventSeen(eventId: string): Promise<boolean>;
}

/** A generic namespaced key-value port for services that need their own state (summary cache, usage, feeds). */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/**
 * Counters that must stay exact across processes (LLM tokens, request budgets). `key` names the scope and
 * period, e.g. `tokens:discord:123:2026-11-30`.
 */
export interface UsageCounters {
  /**
   * Adds `n` (may be negative) and returns the new total. Atomic. With `ttlMs` the counter may be deleted by
   * retention once that long has passed (a later `add` with a ttl moves the moment).
   */
  add(key: string, n: number, ttlMs?: number): Promise<number>;
  /** Adds `n` only if the total stays ≤ `limit`; true when reserved. Atomic (one conditional UPDATE). */
  reserve(key: string, n: number, limit: number): Promise<boolean>;
  /** The current total (0 when never counted). */
  get(key: string): Promise<number>;
}

/** A change to a posted paper (a new version, published, withdrawn) waiting for the channel's next digest. */
export interface PendingUpdate {
  readonly paperId: string;
  /** What changed, as said to the channel (`new version v2 · abstract changed`). */
  readonly note: string;
  readonly at: string;
}

/**
 * The updates waiting for each channel's next digest. Reading them takes nothing: a digest that carries
 * them names them in its plan (`DigestOutbox.plan`'s `consumes`) and they go when that run is closed, in its
 * transaction — so neither a crash before the plan nor an update queued meanwhile by another process loses one.
 */
export interface PendingUpdateStore {
  /** Queues `update`, replacing the paper's earlier one in that channel; the newest 200 per channel are kept. */
  queue(channelKey: string, update: PendingUpdate): Promise<void>;
  /** The channel's waiting updates queued since `since` (ISO instant), oldest first. */
  list(channelKey: string, since: string): Promise<PendingUpdate[]>;
}

/** One planned message of a digest run: posted idempotently under its delivery id, then recorded. */
export interface OutboxPart {
  readonly seq: number;
  /** Short stable id (≤ 16 chars) sent as the platform's idempotency key: Discord nonce, Slack metadata. */
  readonly deliveryId: string;
  readonly message: OutboundMessage;
  /** Ledger rows written, in the same transaction, when this part is recorded as posted. */
  readonly works: readonly Delivery[];
  /** Platform message ids, once posted and recorded. */
  readonly messageIds?: readonly string[];
  readonly postedAt?: string;
}

/**
 * A platform message a part went out as, and the papers whose cards it carries: each paper's ledger row names
 * the message that carries it (a reaction on that message is a vote on it).
 */
export interface PostedIds {
  readonly id: string;
  readonly paperIds?: readonly string[];
}

/** A digest (or follow-up, or thread reply) planned in one transaction before anything is posted. */
export interface DigestRun {
  readonly id: string;
  readonly channelKey: string;
  readonly kind: string;
  readonly createdAt: string;
  /** Channel state applied when the run closes (pending queue, shown count, last digest time). */
  readonly after: Partial<ChannelState>;
  readonly parts: readonly OutboxPart[];
}

/**
 * The outbox: plan → post each part idempotently → record → close. Open runs are reconciled at start (and
 * before a channel's next digest). At most one open run per channel across every process (a constraint).
 */
export interface DigestOutbox {
  /** Plans a run in one transaction; rejects when the channel already has an open run. */
  plan(run: {
    channelKey: string;
    kind: string;
    after: Partial<ChannelState>;
    parts: readonly { message: OutboundMessage; works: readonly Delivery[] }[];
    /** Pending updates the run's message carries: removed when the run is closed (not when abandoned). */
    consumes?: readonly PendingUpdate[];
  }): Promise<DigestRun>;
  /**
   * Records a part as posted: its message ids and its works in the ledger, one transaction. With `close`
   * (the run's last part), the run is closed in that same transaction, as `close` would.
   */
  markPosted(runId: string, seq: number, messages: readonly PostedIds[], opts?: { readonly close?: boolean }): Promise<void>;
  /** Closes the run and applies its `after` state, one transaction. */
  close(runId: string): Promise<void>;
  /** Closes the run without applying anything (a permanent delivery failure); unposted works stay unrecorded. */
  abandon(runId: string): Promise<void>;
  /** Open runs, oldest first (of one channel when given). */
  open(channelKey?: string): Promise<DigestRun[]>;
  /** The channel's latest `limit` closed runs of `kind`, newest first (what the channel was shown). */
  closed(channelKey: string, kind: string, limit: number): Promise<ClosedRun[]>;
}

/** A closed run as it was shown: when it was planned and what each of its parts carried. */
export interface ClosedRun {
  readonly createdAt: string;
  readonly parts: readonly Pick<OutboxPart, 'message' | 'works'>[];
}

/**
 * Work that one process at a time may do for a name, across every process sharing the store (a reply that
 * must go out once): a holder that dies lets go at once, so whoever comes next can tell an intent left
 * half-done by a crash from one still being carried out.
 */
export interface ExclusiveSections {
  /** Runs `work` holding `name`, after any holder of it has finished; the work's result or error. */
  run<T>(name: string, work: () => Promise<T>): Promise<T>;
}

/** Everything the core persists, opened from one `RADAR_DB` URL. */
export interface RadarStore {
  readonly papers: PaperStore;
  readonly subscriptions: SubscriptionStore;
  /** Who is named when a subscription brings papers (`/radar watch`). */
  readonly watchers: WatcherStore;
  readonly channels: ChannelStore;
  readonly ledger: DeliveryLedger;
  readonly threads: ThreadStore;
  readonly usage: UsageCounters;
  readonly outbox: DigestOutbox;
  /** The team's 👍/👎 per channel (the feedback service learns from them). */
  readonly votes: VoteStore;
  /** The journal feeds each channel reads. */
  readonly journalFeeds: ChannelFeedStore;
  /** Updates to posted papers waiting for each channel's next digest. */
  readonly pendingUpdates: PendingUpdateStore;
  /** A namespaced key-value store for a service (e.g. `summaries`, `usage`, `feeds`). */
  namespace(name: string): KeyValueStore;
  /** Sections one process at a time (follow-up replies). */
  readonly exclusive: ExclusiveSections;
  /**
   * Every call is a round trip to a server (PostgreSQL): independent reads are worth asking together. False
   * for an embedded store (SQLite), whose calls run one after another whatever the caller does.
   */
  readonly roundTrips: boolean;
  close(): Promise<void>;
}

export { threadKeyOf } from '../chat/ports.js';
export type { ChannelFeed, ChannelFeedStore } from './feed-port.js';
export type { AddedSubscriptions, SubscriptionStore } from './subscription-port.js';
export type { WatcherStore, WatchOutcome } from './watcher-port.js';

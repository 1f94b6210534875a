/**
 * The core's services, handed to every command in one object (ARCHITECTURE rule 6: inject the world).
 * Services of later capabilities are optional so the core runs without them.
 */
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import type { ChannelRef, PostedMessage, UserRef } from './chat/ports.js';
import type { ChannelSettings, RadarStore } from './store/ports.js';
import type { Subscription, SubscriptionMatcher } from './radar/subscription.js';
import type { Paper } from './papers/paper.js';
import type { BriefingService } from './briefing/index.js';
import type { FollowUpService } from './digest/follow-ups.js';
import type { TrendingService } from './digest/trending-service.js';
import type { JournalSource } from './sources/journal-source.js';
import type { TopicService } from './topics/topic-service.js';
import type { FeedbackService } from './feedback/feedback-service.js';
import type { Candidate } from './radar/rank.js';

export type { ChatRouter, Deliver } from './chat/router.js';
import type { ChatRouter, Deliver } from './chat/router.js';

export interface SubscriptionService {
  /** Validates the query (UserError with the parser's message), stores it and updates the matcher. */
  add(channel: ChannelRef, query: string, user: UserRef): Promise<Subscription>;
  /**
   * Adds many queries at once (`/radar import`): every query is validated first and, if any is refused,
   * nothing is stored (ImportRejected lists each refused query with its reason). Queries the channel already
   * has, or that come twice, are skipped; the rest are stored in one transaction.
   */
  addMany(channel: ChannelRef, queries: readonly string[], user: UserRef): Promise<ImportOutcome>;
  /**
   * Gives subscription `number` a new query (validated as `add` does), keeping its number; resolves to it
   * before and after. UserError when there is no such subscription or another one has that query.
   */
  replace(channel: ChannelRef, number: number, query: string): Promise<{ before: Subscription; after: Subscription }>;
  /** UserError when the channel has no subscription with that number. */
  remove(channel: ChannelRef, number: number): Promise<Subscription>;
  list(channel: ChannelRef): Promise<Subscription[]>;
}

export interface ImportOutcome {
  /** The stored subscriptions, in the order given. */
  readonly added: readonly Subscription[];
  /** Queries not stored because the channel has them already (`number`) or they came earlier in the import. */
  readonly skipped: readonly { readonly query: string; readonly number?: number }[];
}

export interface DigestOutcome {
  /** Cards delivered in this batch. */
  readonly posted: number;
  /** Ranked cards still waiting for `/radar more`. */
  readonly remaining: number;
  /** Why nothing was posted, when nothing was (no subscriptions, no announcement, nothing new). */
  readonly reason?: 'no_subscriptions' | 'nothing_new' | 'no_announcement' | 'already_ran' | 'not_a_digest_day' | 'paused';
  readonly messages: readonly PostedMessage[];
}

export interface DigestService {
  /** Builds today's digest for the channel and delivers its first batch; records the ledger on success. */
  digestNow(channel: ChannelRef, deliver: Deliver): Promise<DigestOutcome>;
  /** Delivers the next batch of the current digest (`/radar more`, Shuffle). */
  more(channel: ChannelRef, deliver: Deliver): Promise<DigestOutcome>;
  /**
   * The scheduled run for a channel: once per local day (the day of `firedAt`, default now), posted
   * through the chat router.
   */
  runScheduled(channel: ChannelRef, firedAt?: Date): Promise<DigestOutcome>;
  /**
   * Finishes digest runs left open by a crash (on the given platforms); resolves to how many closed.
   * `olderThanMs` leaves younger runs alone: in cluster mode another live worker may be posting them.
   */
  reconcile(platforms?: readonly string[], olderThanMs?: number): Promise<number>;
  /**
   * Read-only browse view for the web page: the channel's matches of the digest window (or of `days`),
   * posted or not, ranked as the digest ranks them, plus the matches its settings skip. Posts nothing.
   */
  browse(channel: ChannelRef, days?: readonly string[]): Promise<DigestWindow>;
}

export interface DigestWindow {
  /** The announcement days covered. */
  readonly days: readonly string[];
  /** What the digest may show, best first; batch k of `size` is what `/radar more` shows k-th. */
  readonly ranked: readonly Candidate[];
  /** Matches left out by the channel's settings (cross-lists, replacements), best first. */
  readonly skipped: readonly Candidate[];
  /** Papers in the window (matched or not). */
  readonly checked: number;
  /** The channel's batch size. */
  readonly size: number;
}

/** A source one ingest could not read: the channel is told through the catalogue, the log has the details. */
export interface IngestProblem {
  /** The source's id (`arxiv-rss`, `hf`, `journal`). */
  readonly source: string;
  /** `failed` after the source's own retries; `skipped` because the ingest's deadline had passed. */
  readonly kind: 'failed' | 'skipped';
  /** The SourceError code (`network`, `http_status`, `xml_malformed`…); `internal` for anything else. */
  readonly code: string;
}

export interface IngestService {
  /**
   * Fetches every source for the categories the channels need and stores the papers. `notes` are for
   * the log (English, with URLs); `problems` are what a channel may be told.
   */
  ingest(signal?: AbortSignal): Promise<{ stored: number; status: 'ok' | 'none'; notes: string[]; problems: IngestProblem[] }>;
}

export interface RadarServices {
  readonly config: Config;
  readonly store: RadarStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly matcher: SubscriptionMatcher;
  readonly chat: ChatRouter;
  readonly subscriptions: SubscriptionService;
  readonly digests: DigestService;
  readonly ingest: IngestService;
  /** Channel settings; a change of time or timezone reschedules the channel's digest. */
  readonly settings: SettingsService;
  /** Looks a paper up by any id form the user may type (`2606.04101`, `arxiv:2606.04101v2`, a URL). */
  findPaper(ref: string): Promise<Paper | undefined>;

  // Optional capabilities, built once by the composition root from config. Absent = not enabled here.
  /** LLM briefings, TL;DRs and paper Q&A (extractive without an LLM). */
  readonly briefing?: BriefingService;
  /** The channel's journal feeds (`/radar source`). */
  readonly journals?: JournalSource;
  /** Today's Hugging Face papers that match a channel (`/radar trending`). */
  readonly trending?: TrendingService;
  /** Tells channels about new versions and publications of papers they were shown. */
  readonly followUps?: FollowUpService;
  /** `topic:"…"` and `like:<paper>` leaves, `/radar similar` (embeddings, or lexical BM25 without a model). */
  readonly topics?: TopicService;
  /**
   * 👍/👎 votes on cards (buttons, reactions, `/like`, the web page) and the learned ranking they drive:
   * `vote(channelKey, paperId, voterId, +1|-1)`, `forget(channelKey)`, `votes(channelKey)`.
   */
  readonly feedback?: FeedbackService;
  /** The web page's signed links (`/radar web`); absent when the page is off. */
  readonly web?: WebLinks;
}

/** The channel page's signed links (src/web). */
export interface WebLinks {
  /** The public base URL of the page (`RADAR_WEB_URL`, else the local address). */
  readonly baseUrl: string;
  /** A signed link to the channel's page for `user`, valid 7 days. Callers check manager rights first. */
  link(channel: ChannelRef, user: UserRef, role?: 'view' | 'manage' | 'feed'): string;
}

export interface SettingsService {
  get(channelKey: string): Promise<ChannelSettings>;
  /** Applies a validated partial change; reschedules the daily digest when time or timezone changed. */
  update(channelKey: string, patch: Partial<ChannelSettings>): Promise<ChannelSettings>;
}

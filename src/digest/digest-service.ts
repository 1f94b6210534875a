/**
 * Per channel: the papers of the recent announcements not yet posted there that match any of its
 * subscriptions, ranked, delivered in batches of `size` (the rest waits for `/radar more` / Shuffle).
 * The ledger is written only after the platform accepted the message, so nothing is posted twice and
 * nothing is lost when a post fails.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { channelKey, type ChannelRef } from '../chat/ports.js';
import { translator } from '../i18n/messages.js';
import type { Paper } from '../papers/paper.js';
import { storedDaysKey } from '../papers/window.js';
import type { MatchReason, Subscription } from '../radar/subscription.js';
import type { ChannelSettings, ChannelState, RadarStore } from '../store/ports.js';
import type { ChatRouter, Deliver, DigestOutcome, DigestService, DigestWindow, IngestProblem, IngestService } from '../services.js';
import { localParts } from '../schedule/local-time.js';
import { isDigestDay } from './digest-days.js';
import { isPausedOn } from './digest-pause.js';
import { createDigestWindows, type DayWindow, type ScheduledDay } from './digest-windows.js';
import type { MatchIndex } from './match-cache.js';
import type { TopicService } from '../topics/topic-service.js';
import { capChannelHits } from '../topics/topic-matching.js';
import { rankCandidates, type Candidate, type Preference } from '../radar/rank.js';
import { browseMatches } from './channel-matches.js';
import { KeyLock } from '../store/key-lock.js';
import { eligibleForChannel } from './eligibility.js';
import { scheduledRuns } from './scheduled-runs.js';
import { deliverBatch as deliverThroughOutbox, deliverNotice, type BatchRequest } from './outbox-batch.js';
import type { PendingUpdateCards } from './follow-ups.js';
import type { CrashHook } from './outbox-crash.js';
import { reconcileOpenRuns } from './outbox-delivery.js';
import { describeIngestProblem } from './ingest-problems.js';
import { workIdsOf } from '../papers/merge.js';
import { early } from './early-reads.js';

export interface DigestHooks {
  /**
   * Extra cards (follow-ups: "v2: abstract changed") for the channel's next digest. Reading them takes
   * nothing: the digest's run names them and they go when it is closed.
   */
  pendingUpdates?(channelKey: string): Promise<PendingUpdateCards>;
  /**
   * Called after a batch was delivered by this process (the web page's metrics count it). What the channel was
   * shown is the outbox's record, not this call's: a run finished after a crash does not make it.
   */
  onDelivered?(channelKey: string, papers: readonly Paper[]): Promise<void>;
  /** The channel's learned preference (its 👍/👎), applied by the ranking; none = the unlearned order. */
  preference?(channelKey: string): Promise<Preference | undefined>;
  /** Optional one-line TL;DR per card (channel setting `summaries on`); best effort. */
  tldr?(paper: Paper, settings: ChannelSettings): Promise<string | undefined>;
  /** Journal names the channel reads: a journal-only work shows only in channels that read it. */
  journalsOf?(channelKey: string): Promise<readonly string[]>;
}

export interface DigestServiceDeps {
  readonly store: RadarStore;
  readonly matches: MatchIndex;
  /** A second index for the web page's views of other days (default: `matches`). */
  readonly browseMatches?: MatchIndex;
  readonly chat: ChatRouter;
  readonly ingest: IngestService;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly lookbackDays: number;
  readonly hooks?: DigestHooks;
  /** Test-only crash points of the delivery path (RADAR_TEST_CRASH_AT). */
  readonly crash?: CrashHook;
  /** Waits between attempts of a scheduled digest that failed on the store or a transient delivery error. */
  readonly retryDelaysMs?: readonly number[];
  readonly sleep?: (ms: number) => Promise<void>;
  /** Decides `topic:`/`like:` leaves (absent: they match nothing). */
  readonly topics?: TopicService;
  /** Scheduled digests run at most this many at a time (scheduled-runs.ts). */
  readonly scheduledConcurrency?: number;
}

export function createDigestService(deps: DigestServiceDeps): DigestService {
  const { store, clock, logger } = deps;
  // One digest operation per channel at a time: a double-clicked Shuffle, a cron fire racing a catch-up
  // or a `/radar digest` must never deliver the same batch twice.
  const channelLock = new KeyLock();
  const outboxDeps = { store, chat: deps.chat, logger, clock, hooks: deps.hooks, crash: deps.crash };
  const deliverBatch = (req: BatchRequest) => deliverThroughOutbox(outboxDeps, req);

  const windows = createDigestWindows({ store, clock, lookbackDays: deps.lookbackDays, topics: deps.topics });

  /** Only the papers this channel matched are looked at, and only they are asked of the ledger. */
  async function candidatesFor(
    key: string, settings: ChannelSettings, subs: readonly Subscription[], windowRead: PromiseLike<DayWindow>,
  ): Promise<{ ranked: Candidate[]; note?: string }> {
    const window = await windowRead;
    let hits = await deps.matches.forChannel(key, window);
    if (window.topics && deps.topics) hits = capChannelHits(hits, subs, window.topics, deps.topics.dailyCap);
    const note = window.topics?.note;
    if (hits.length === 0) return { ranked: [], note };
    // A work may have been posted under another of its ids (a journal DOI before its arXiv twin was known).
    const workIds = hits.map((h) => workIdsOf(h.paper));
    const preference = early(store, async () => deps.hooks?.preference?.(key));
    const journalsRead = early(store, async () => deps.hooks?.journalsOf?.(key));
    const delivered = await store.ledger.filterDelivered(key, workIds.flat());
    const journals = await journalsRead;
    const out: Candidate[] = [];
    for (let i = 0; i < hits.length; i++) {
      const { paper, reasons, subscriptionIds } = hits[i]!;
      const posted = delivered.size > 0 && workIds[i]!.some((id) => delivered.has(id));
      if (!eligibleForChannel(paper, settings, posted, journals ? { journals } : {})) continue;
      out.push({ paper, reasons, subscriptionIds });
    }
    return { ranked: rankCandidates(out, await preference), note };
  }

  /**
   * The browse view (web page): every match of the window or of `days`, posted or not, plus the skipped.
   * Pages are read far more often than papers or subscriptions change, so a result is kept until the
   * window, the channel's subscriptions or its settings change.
   */
  const browsed = new Map<string, Promise<DigestWindow>>();
  /** Papers of days the page asked for, keyed (like the digest window) by what the database holds of them. */
  async function chosenDays(days: readonly string[]): Promise<DayWindow> {
    const key = `browse|${storedDaysKey(await store.papers.listDayCounts([...days].sort()[0]), days, store.papers.changes())}`;
    return { key, papers: await store.papers.listByDays(days), days };
  }
  async function browse(channel: ChannelRef, days?: readonly string[]): Promise<DigestWindow> {
    const key = channelKey(channel);
    const settings = await store.channels.getSettings(key);
    const window = days ? await chosenDays([...days]) : await windows.forChannel(settings);
    const shown = [...window.days];
    const journals = await deps.hooks?.journalsOf?.(key);
    const subs = (await store.subscriptions.list(key)).map((s) => s.id).join(',');
    const cacheKey = [key, window.key, subs, settings.crosslists, settings.replacements, settings.size, journals?.join(',') ?? '-'].join('|');
    let result = browsed.get(cacheKey);
    if (!result) {
      result = (days ? (deps.browseMatches ?? deps.matches) : deps.matches).forChannel(key, window).then((hits) => {
        const { taken, skipped } = browseMatches(hits, settings, journals);
        return { days: shown, ranked: taken, skipped, checked: window.papers.length, size: settings.size };
      });
      if (browsed.size >= 200) browsed.clear();
      browsed.set(cacheKey, result);
      result.catch(() => browsed.delete(cacheKey));
    }
    return result;
  }

  /**
   * Says `text` instead of a digest. A scheduled run's notice (`after`: the channel's new state) goes through
   * the outbox, exactly once across a crash; an asked-for one is just the answer.
   */
  async function nothing(
    channel: ChannelRef,
    reason: NonNullable<DigestOutcome['reason']>,
    text: string,
    deliver: Deliver,
    after?: Partial<ChannelState>,
  ): Promise<DigestOutcome> {
    const messages = after ? await deliverNotice(outboxDeps, { channel, text, after, deliver }) : await deliver({ text });
    return { posted: 0, remaining: 0, reason, messages };
  }

  const unlocked = {
    /**
     * `extraAfter` (a scheduled run's day) is written with whatever the digest leaves in the channel state,
     * on every way it can end well; `known` is what the caller has just read of the channel, and the sources
     * its ingest could not read (said in the digest: an outage is not a quiet day).
     */
    async digestNow(
      channel: ChannelRef,
      deliver: Deliver,
      extraAfter?: Partial<ChannelState>,
      known?: { settings: ChannelSettings; sourceProblems?: readonly IngestProblem[]; quiet?: boolean; scheduled?: ScheduledDay },
    ): Promise<DigestOutcome> {
      const key = channelKey(channel);
      // The reads that do not depend on each other go out together where each is a round trip (PostgreSQL): the
      // settings, the subscriptions, the watchers and — when the settings are known — the window, while open
      // runs are looked for.
      const settingsRead = known?.settings ? Promise.resolve(known.settings) : early(store, () => store.channels.getSettings(key));
      const subsRead = early(store, () => store.subscriptions.list(key));
      const windowRead = known?.settings ? early(store, () => windows.forChannel(known.settings, known.scheduled)) : undefined;
      const watchersRead = early(store, () => store.watchers.list(key));
      // A digest a crash or a failure left half-delivered is finished first, and is this digest.
      const finished = await reconcileOpenRuns(outboxDeps, { channelKey: key });
      if (finished.closed > 0) {
        if (extraAfter) await store.channels.updateState(key, extraAfter);
        return { posted: finished.works, remaining: finished.remaining, messages: [...finished.messages] };
      }
      const settings = await settingsRead;
      const t = translator(settings.language);
      const subs = await subsRead;
      if (subs.length === 0) return nothing(channel, 'no_subscriptions', t('digest.noSubs'), deliver, extraAfter);
      const { ranked, note } = await candidatesFor(key, settings, subs, windowRead ?? windows.forChannel(settings, known?.scheduled));
      const updates = await deps.hooks?.pendingUpdates?.(key);
      if (ranked.length === 0 && !updates?.cards.length) {
        const after = { pendingPaperIds: [], pendingReasons: {}, pendingSubscriptionIds: {}, shownCount: 0, ...extraAfter };
        const said = (known?.sourceProblems ?? []).map((p) => describeIngestProblem(p, t));
        const text = [...said, t('digest.nothingNew')].join('\n');
        // a quiet channel hears nothing on an empty day, but an outage is not a quiet day
        const silent = known?.quiet === true && said.length === 0;
        // a scheduled notice carries the new state through the outbox
        if (extraAfter && !silent) return nothing(channel, 'nothing_new', text, deliver, after);
        await store.channels.updateState(key, after);
        return silent ? { posted: 0, remaining: 0, reason: 'nothing_new', messages: [] } : nothing(channel, 'nothing_new', text, deliver);
      }
      const batch = ranked.slice(0, settings.size);
      // the run's close applies extraAfter with the rest of the channel's new state, in one transaction
      return deliverBatch({ channel, settings, subscriptions: subs, watchers: watchersRead, batch, rest: ranked.slice(settings.size), firstIndex: 1, total: ranked.length, deliver, ...(updates?.cards.length ? { updates } : {}), extraAfter, topicNote: note, sourceProblems: known?.sourceProblems });
    },

    async more(channel: ChannelRef, deliver: Deliver): Promise<DigestOutcome> {
      const key = channelKey(channel);
      await reconcileOpenRuns(outboxDeps, { channelKey: key });
      const settings = await store.channels.getSettings(key);
      const t = translator(settings.language);
      const state = await store.channels.getState(key);
      const pending = state.pendingPaperIds ?? [];
      const delivered = await store.ledger.filterDelivered(key, pending);
      const ids = pending.filter((id) => !delivered.has(id));
      if (ids.length === 0) return nothing(channel, 'nothing_new', t('more.none'), deliver);
      const papers = new Map((await store.papers.getMany(ids)).map((p) => [p.id, p]));
      const batch: Candidate[] = [];
      for (const id of ids.slice(0, settings.size)) {
        const paper = papers.get(id);
        if (paper) batch.push({ paper, reasons: [] });
      }
      const reasonsOf = state.pendingReasons ?? {};
      const subscriptionsOf = state.pendingSubscriptionIds ?? {};
      const withReasons = batch.map((c) => ({ ...c, reasons: structuredOnly(reasonsOf[c.paper.id]), subscriptionIds: idsOnly(subscriptionsOf[c.paper.id]) }));
      const shown = state.shownCount ?? 0;
      return deliverBatch({ channel, settings, batch: withReasons, rest: ids.slice(settings.size), carried: state, firstIndex: shown + 1, total: shown + ids.length, deliver });
    },

    async runScheduled(channel: ChannelRef, firedAt: Date): Promise<DigestOutcome> {
      const key = channelKey(channel);
      // with the settings where that saves a round trip: the status is needed on every digest day
      const statusRead = early(store, () => store.channels.getStatus(key));
      const settings = await store.channels.getSettings(key);
      const today = localParts(firedAt, settings.timezone).day;
      // a day the channel chose not to hear from the radar (not one of its `days`, or paused): its papers wait for
      // its next digest, which reaches back to the last one that went out (digestSpanDays). They are read all the
      // same: arXiv's feed holds one announcement, so with every channel weekly or on holiday, nothing else would.
      const skipped = !isDigestDay(settings.days, today) ? 'not_a_digest_day' : isPausedOn(settings.pausedUntil, today) ? 'paused' : undefined;
      if (skipped) {
        await deps.ingest.ingest();
        return { posted: 0, remaining: 0, reason: skipped, messages: [] };
      }
      const state = await statusRead;
      if (state.lastScheduledDay === today) return { posted: 0, remaining: 0, reason: 'already_ran', messages: [] };
      const deliver: Deliver = (m) => deps.chat.post(channel, m);
      const ingest = await deps.ingest.ingest();
      const quiet = settings.quiet === true;
      // (a run a crash left open is finished first by digestNow, and below)
      if (ingest.status !== 'none') return unlocked.digestNow(channel, deliver, { lastScheduledDay: today }, { settings, sourceProblems: ingest.problems, quiet, scheduled: { day: today, lastDay: state.lastScheduledDay } });
      const t = translator(settings.language);
      const after = { lastScheduledDay: today };
      // a run a crash left open (today's notice, or a digest) is today's run: finished, not followed by another
      const finished = await reconcileOpenRuns(outboxDeps, { channelKey: key });
      if (finished.closed > 0) {
        await store.channels.updateState(key, after);
        return { posted: finished.works, remaining: finished.remaining, messages: [...finished.messages] };
      }
      if (!quiet) return nothing(channel, 'no_announcement', t('digest.noAnnouncement', { note: t('digest.weekendOrHoliday') }), deliver, after);
      await store.channels.updateState(key, after);
      return { posted: 0, remaining: 0, reason: 'no_announcement', messages: [] };
    },
  };
  const runScheduled = scheduledRuns(
    { concurrency: deps.scheduledConcurrency, retryDelaysMs: deps.retryDelaysMs, sleep: deps.sleep, logger },
    (channel: ChannelRef, firedAt: Date) => channelLock.run(channelKey(channel), () => unlocked.runScheduled(channel, firedAt)),
  );
  return {
    digestNow: (channel, deliver) => channelLock.run(channelKey(channel), () => unlocked.digestNow(channel, deliver)),
    more: (channel, deliver) => channelLock.run(channelKey(channel), () => unlocked.more(channel, deliver)),
    runScheduled: (channel, firedAt = clock.now()) => runScheduled(channel, firedAt),
    reconcile: async (platforms, olderThanMs) =>
      (await reconcileOpenRuns(outboxDeps, {
        ...(platforms ? { platforms } : {}),
        ...(olderThanMs !== undefined ? { createdBefore: new Date(clock.now().getTime() - olderThanMs).toISOString() } : {}),
      })).closed,
    browse,
  };
}

/** A pending paper's subscription ids as stored (a state written by an older version has none). */
function idsOnly(ids: readonly string[] | undefined): string[] {
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** Reasons kept in channel state; state written before they were structured held strings (dropped). */
function structuredOnly(reasons: readonly MatchReason[] | undefined): MatchReason[] {
  return (reasons ?? []).filter((r): r is MatchReason => typeof r === 'object' && r !== null && typeof r.term === 'string');
}

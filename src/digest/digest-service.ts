/**
 * Per channel: the papers of the recent announcements not yet posted there that match any of its
 * subscriptions, ranked, delivered in batches of `size` (the rest waits for `/radar more` / Shuffle).
 * The ledger is written only after the platform accepted the message, so nothing is posted twice and
 * nothing is lost when a post fails.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { channelKey, type ChannelRef, type PostedMessage } from '../chat/ports.js';
import type { OutboundMessage, PaperCard } from '../chat/message.js';
import { DeliveryError } from '../errors.js';
import { translator, type MessageKey, type Translate } from '../i18n/messages.js';
import type { Paper } from '../papers/paper.js';
import { daysInWindow } from '../papers/window.js';
import type { MatchReason } from '../radar/subscription.js';
import type { ChannelSettings, RadarStore } from '../store/ports.js';
import type { ChatRouter, Deliver, DigestOutcome, DigestService, IngestService } from '../services.js';
import { localParts } from '../schedule/local-time.js';
import { cardReasons, toCard } from './cards.js';
import type { TopicService } from '../topics/topic-service.js';
import { capChannelHits, topicLeavesOfSubscriptions } from '../topics/topic-matching.js';
import type { MatchIndex, PaperWindow } from './match-cache.js';
import { rankCandidates, type Candidate } from '../radar/rank.js';
import { KeyLock } from '../store/key-lock.js';
import { eligibleForChannel } from './eligibility.js';
import { fingerprintOf } from './follow-ups.js';
import { workIdsOf } from '../papers/merge.js';

export interface DigestHooks {
  /** Extra cards (follow-ups: "v2: abstract changed") to append to the channel's next digest. */
  takePendingUpdates?(channelKey: string): Promise<PaperCard[]>;
  /** Puts taken update cards back when the digest could not be delivered. */
  restoreUpdates?(channelKey: string, cards: readonly PaperCard[]): Promise<void>;
  /** Called after a batch was delivered (briefings remember the latest digest). */
  onDelivered?(channelKey: string, papers: readonly Paper[], reasons: Readonly<Record<string, readonly MatchReason[]>>): Promise<void>;
  /** Optional one-line TL;DR per card (channel setting `summaries on`); best effort. */
  tldr?(paper: Paper, settings: ChannelSettings): Promise<string | undefined>;
  /** Journal names the channel reads: a journal-only work shows only in channels that read it. */
  journalsOf?(channelKey: string): Promise<readonly string[]>;
}

export interface DigestServiceDeps {
  readonly store: RadarStore;
  readonly matches: MatchIndex;
  readonly chat: ChatRouter;
  readonly ingest: IngestService;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly lookbackDays: number;
  readonly hooks?: DigestHooks;
  /** Decides `topic:`/`like:` leaves (absent: they match nothing). */
  readonly topics?: TopicService;
}


export function createDigestService(deps: DigestServiceDeps): DigestService {
  const { store, clock, logger } = deps;
  // One digest operation per channel at a time: a double-clicked Shuffle, a cron fire racing a catch-up
  // or a `/radar digest` must never deliver the same batch twice.
  const channelLock = new KeyLock();

  async function windowDays(): Promise<string[]> {
    return daysInWindow(await store.papers.listDays(), clock.now(), deps.lookbackDays);
  }

  // A scheduled run digests every channel over the same window: read it once until the papers change.
  let windowCache: { key: string; window: Promise<PaperWindow> } | undefined;
  /** The window with its topic hits: every subscription's topic leaves, one computation for all channels. */
  async function paperWindow(): Promise<PaperWindow> {
    const base = await storedWindow();
    if (!deps.topics) return base;
    const leaves = topicLeavesOfSubscriptions(await store.subscriptions.listAll());
    if (leaves.length === 0) return base;
    const topics = await deps.topics.hits(base.papers, leaves);
    return { key: `${base.key}|topics:${topics.key ?? ''}`, papers: base.papers, topics };
  }

  async function storedWindow(): Promise<PaperWindow> {
    const days = await windowDays();
    const key = `${store.papers.changes()}|${days.join(',')}`;
    if (windowCache?.key !== key) {
      const window = store.papers.listByDays(days).then((papers) => ({ key, papers }));
      windowCache = { key, window };
      window.catch(() => {
        if (windowCache?.window === window) windowCache = undefined;
      });
    }
    return windowCache.window;
  }

  /** Only the papers this channel matched are looked at, and only they are asked of the ledger. */
  async function candidatesFor(key: string, settings: ChannelSettings): Promise<{ ranked: Candidate[]; note?: string }> {
    const window = await paperWindow();
    let hits = await deps.matches.forChannel(key, window);
    if (window.topics && deps.topics) hits = capChannelHits(hits, await store.subscriptions.list(key), window.topics, deps.topics.dailyCap);
    const note = window.topics?.note;
    if (hits.length === 0) return { ranked: [], note };
    // A work may have been posted under another of its ids (a journal DOI before its arXiv twin was known).
    const delivered = await store.ledger.filterDelivered(key, hits.flatMap((h) => workIdsOf(h.paper)));
    const journals = await deps.hooks?.journalsOf?.(key);
    const out: Candidate[] = [];
    for (const { paper, reasons, subscriptionIds } of hits) {
      const posted = workIdsOf(paper).some((id) => delivered.has(id));
      if (!eligibleForChannel(paper, settings, posted, journals ? { journals } : {})) continue;
      out.push({ paper, reasons, subscriptionIds });
    }
    return { ranked: rankCandidates(out), note };
  }

  /** Delivers one batch and records it; the pending queue keeps the rest. */
  async function deliverBatch(
    channel: ChannelRef,
    settings: ChannelSettings,
    batch: Candidate[],
    rest: readonly Candidate[] | readonly string[],
    firstIndex: number,
    total: number,
    deliver: Deliver,
    updates: readonly PaperCard[] = [],
    restoreUpdates?: () => Promise<void>,
    topicNote?: string,
  ): Promise<DigestOutcome> {
    const key = channelKey(channel);
    const t = translator(settings.language);
    const reasons: Record<string, readonly MatchReason[]> = {};
    const lexical = t('topic.lexicalLabel');
    // TL;DRs are requested together so a summariser can batch them; best effort, never blocking delivery.
    const tldrs = settings.summaries && deps.hooks?.tldr
      ? await Promise.all(batch.map((c) => deps.hooks!.tldr!(c.paper, settings).catch(() => undefined)))
      : [];
    const cards: PaperCard[] = batch.map((c, i) => {
      reasons[c.paper.id] = c.reasons;
      const card = toCard(c.paper, firstIndex + i, cardReasons(c.reasons, lexical));
      return tldrs[i] ? { ...card, tldr: tldrs[i] } : card;
    });
    const updateCards = updates.map((u, i) => ({ ...u, index: firstIndex + batch.length + i }));
    const restIds = rest.map((r) => (typeof r === 'string' ? r : r.paper.id));
    const restReasons = Object.fromEntries(rest.filter((r): r is Candidate => typeof r !== 'string').map((r) => [r.paper.id, r.reasons]));
    const date = localParts(clock.now(), settings.timezone).day;
    const subs = await store.subscriptions.list(key);
    const fired = new Set(batch.flatMap((c) => c.subscriptionIds ?? []));
    const firedSubs = subs.filter((s) => fired.has(s.id));
    const header =
      firstIndex === 1
        ? t('digest.header', { date, count: total, subs: (firedSubs.length ? firedSubs : subs).map((s) => `#${s.number} \`${s.query}\``).join(', ') })
        : t('digest.headerMore', { date, from: firstIndex, to: firstIndex + batch.length - 1, total });
    const lines = [header];
    if (topicNote) lines.push(t('topic.fallbackNote', { reason: topicReason(t, topicNote) }));
    if (restIds.length > 0) lines.push(t('digest.remaining', { remaining: restIds.length }));
    const message: OutboundMessage = {
      text: lines.join('\n'),
      cards: [...cards, ...updateCards],
      discussable: true,
      buttons: restIds.length > 0 ? [{ kind: 'shuffle', label: '换一批 Shuffle' }] : [],
    };
    let posted: PostedMessage[];
    try {
      posted = await deliver(message);
    } catch (err) {
      await restoreUpdates?.();
      if (err instanceof DeliveryError && err.permanent) {
        await store.channels.updateState(key, { deliveryProblem: err.message });
        logger.warn({ channel: key, code: err.code }, 'permanent delivery problem recorded');
      }
      throw err;
    }
    const at = clock.now().toISOString();
    await store.ledger.record(
      key,
      batch.map((c) => ({
        paperId: c.paper.id,
        version: c.paper.version,
        at,
        messageId: posted[0]?.id,
        fingerprint: fingerprintOf(c.paper),
      })),
    );
    const state = await store.channels.getState(key);
    const pendingReasons = { ...(state.pendingReasons ?? {}), ...restReasons };
    for (const c of batch) delete pendingReasons[c.paper.id];
    await store.channels.updateState(key, {
      lastDigestAt: at,
      pendingPaperIds: restIds,
      pendingReasons: Object.fromEntries(restIds.map((id) => [id, pendingReasons[id] ?? []])),
      shownCount: firstIndex - 1 + batch.length,
      deliveryProblem: undefined,
    });
    await deps.hooks?.onDelivered?.(key, batch.map((c) => c.paper), reasons);
    return { posted: batch.length, remaining: restIds.length, messages: posted };
  }

  async function nothing(
    reason: NonNullable<DigestOutcome['reason']>,
    text: string,
    deliver: Deliver,
  ): Promise<DigestOutcome> {
    return { posted: 0, remaining: 0, reason, messages: await deliver({ text }) };
  }

  const unlocked = {
    async digestNow(channel: ChannelRef, deliver: Deliver): Promise<DigestOutcome> {
      const key = channelKey(channel);
      const settings = await store.channels.getSettings(key);
      const t = translator(settings.language);
      if ((await store.subscriptions.list(key)).length === 0) return nothing('no_subscriptions', t('digest.noSubs'), deliver);
      const { ranked, note } = await candidatesFor(key, settings);
      const updates = (await deps.hooks?.takePendingUpdates?.(key)) ?? [];
      if (ranked.length === 0 && updates.length === 0) {
        await store.channels.updateState(key, { pendingPaperIds: [], pendingReasons: {}, shownCount: 0 });
        return nothing('nothing_new', t('digest.nothingNew'), deliver);
      }
      const batch = ranked.slice(0, settings.size);
      const restore = updates.length ? () => deps.hooks?.restoreUpdates?.(key, updates) ?? Promise.resolve() : undefined;
      return deliverBatch(channel, settings, batch, ranked.slice(settings.size), 1, ranked.length, deliver, updates, restore, note);
    },

    async more(channel: ChannelRef, deliver: Deliver): Promise<DigestOutcome> {
      const key = channelKey(channel);
      const settings = await store.channels.getSettings(key);
      const t = translator(settings.language);
      const state = await store.channels.getState(key);
      const pending = state.pendingPaperIds ?? [];
      const delivered = await store.ledger.filterDelivered(key, pending);
      const ids = pending.filter((id) => !delivered.has(id));
      if (ids.length === 0) return nothing('nothing_new', t('more.none'), deliver);
      const papers = new Map((await store.papers.getMany(ids)).map((p) => [p.id, p]));
      const batch: Candidate[] = [];
      for (const id of ids.slice(0, settings.size)) {
        const paper = papers.get(id);
        if (paper) batch.push({ paper, reasons: [] });
      }
      const reasonsOf = state.pendingReasons ?? {};
      const withReasons = batch.map((c) => ({ ...c, reasons: structuredOnly(reasonsOf[c.paper.id]) }));
      const shown = state.shownCount ?? 0;
      return deliverBatch(channel, settings, withReasons, ids.slice(settings.size), shown + 1, shown + ids.length, deliver);
    },

    async runScheduled(channel: ChannelRef, firedAt: Date): Promise<DigestOutcome> {
      const key = channelKey(channel);
      const settings = await store.channels.getSettings(key);
      const today = localParts(firedAt, settings.timezone).day;
      const state = await store.channels.getState(key);
      if (state.lastScheduledDay === today) return { posted: 0, remaining: 0, reason: 'already_ran', messages: [] };
      const deliver: Deliver = (m) => deps.chat.post(channel, m);
      const ingest = await deps.ingest.ingest();
      let outcome: DigestOutcome;
      if (ingest.status === 'none') {
        const t = translator(settings.language);
        outcome = await nothing('no_announcement', t('digest.noAnnouncement', { note: t('digest.weekendOrHoliday') }), deliver);
      } else {
        outcome = await unlocked.digestNow(channel, deliver);
      }
      await store.channels.updateState(key, { lastScheduledDay: today });
      return outcome;
    },
  };
  return {
    digestNow: (channel, deliver) => channelLock.run(channelKey(channel), () => unlocked.digestNow(channel, deliver)),
    more: (channel, deliver) => channelLock.run(channelKey(channel), () => unlocked.more(channel, deliver)),
    runScheduled: (channel, firedAt = clock.now()) => channelLock.run(channelKey(channel), () => unlocked.runScheduled(channel, firedAt)),
  };
}

/** Reasons kept in channel state; state written before they were structured held strings (dropped). */
function structuredOnly(reasons: readonly MatchReason[] | undefined): MatchReason[] {
  return (reasons ?? []).filter((r): r is MatchReason => typeof r === 'object' && r !== null && typeof r.term === 'string');
}

/** The translated reason of a topic fallback note (`embedding_dimensions`, `llm_server`, …). */
function topicReason(t: Translate, code: string): string {
  if (code === 'embedding_dimensions' || code === 'embedding_not_finite') return t(`topic.reason.${code}`);
  if (code.startsWith('llm_')) return t(`llm.reason.${code}` as MessageKey, { budget: 0 });
  return t('topic.reason.other', { code });
}

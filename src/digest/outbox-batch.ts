/**
 * One digest batch: composed into a message (header, cards, follow-up updates, Shuffle) and delivered
 * through the outbox, which records the ledger and the channel's new state only for what was posted.
 */
import type { Clock } from '../clock.js';
import { channelKey, type ChannelRef, type PostedMessage } from '../chat/ports.js';
import type { Mention, OutboundMessage, PaperCard } from '../chat/message.js';
import { DeliveryError } from '../errors.js';
import { translator, type MessageKey, type Translate } from '../i18n/messages.js';
import type { Paper } from '../papers/paper.js';
import type { Candidate } from '../radar/rank.js';
import type { MatchReason, Subscription } from '../radar/subscription.js';
import { localParts } from '../schedule/local-time.js';
import type { Deliver, DigestOutcome, IngestProblem } from '../services.js';
import type { ChannelSettings, ChannelState, Delivery } from '../store/ports.js';
import { cardReasons, toCard } from './cards.js';
import { learnedChip } from '../feedback/chips.js';
import { parseReason } from '../chat/message.js';
import { fingerprintOf, type PendingUpdateCards } from './follow-ups.js';
import { deliverPlanned, type OutboxDeps } from './outbox-delivery.js';
import { describeIngestProblem } from './ingest-problems.js';

export interface BatchHooks {
  onDelivered?(channelKey: string, papers: readonly Paper[]): Promise<void>;
  tldr?(paper: Paper, settings: ChannelSettings): Promise<string | undefined>;
}

export interface BatchDeps extends OutboxDeps {
  readonly clock: Clock;
  readonly hooks?: BatchHooks;
}

export interface BatchRequest {
  readonly channel: ChannelRef;
  readonly settings: ChannelSettings;
  /** The channel's subscriptions when the caller has just read them (the header names the ones that fired). */
  readonly subscriptions?: readonly Subscription[];
  /** Who watches which subscription (`WatcherStore.list`) when the caller started reading it with its other reads. */
  readonly watchers?: PromiseLike<Map<number, string[]>>;
  readonly batch: readonly Candidate[];
  readonly rest: readonly Candidate[] | readonly string[];
  /** The channel state `/radar more` has just read: why each carried-over id matched and what brought it. */
  readonly carried?: Pick<ChannelState, 'pendingReasons' | 'pendingSubscriptionIds'>;
  readonly firstIndex: number;
  readonly total: number;
  readonly deliver: Deliver;
  /** Follow-up update cards appended to the batch, and the pending updates they show (gone once it is posted). */
  readonly updates?: PendingUpdateCards;
  /** More channel state applied when the run closes (a scheduled run's day). */
  readonly extraAfter?: Partial<ChannelState>;
  /** Why topic matching fell back to lexical mode for this day (an error code), shown in the header. */
  readonly topicNote?: string;
  /** Sources this run's ingest could not read (a scheduled digest says so under its header). */
  readonly sourceProblems?: readonly IngestProblem[];
}

async function cardsOf(deps: BatchDeps, req: BatchRequest): Promise<PaperCard[]> {
  const { settings, batch, firstIndex } = req;
  const t = translator(settings.language);
  const lexical = t('topic.lexicalLabel');
  // TL;DRs are requested together so a summariser can batch them; best effort, never blocking delivery.
  const tldrs = settings.summaries && deps.hooks?.tldr
    ? await Promise.all(batch.map((c) => deps.hooks!.tldr!(c.paper, settings).catch(() => undefined)))
    : [];
  const cards = batch.map((c, i) => {
    const card = toCard(c.paper, firstIndex + i, [...cardReasons(c.reasons, lexical), ...(c.learned ? [parseReason(learnedChip(c.learned, t))] : [])]);
    return tldrs[i] ? { ...card, tldr: tldrs[i] } : card;
  });
  const updates = (req.updates?.cards ?? []).map((u, i) => ({ ...u, index: firstIndex + batch.length + i }));
  return [...cards, ...updates];
}

/** The header; `subs` (the channel's subscriptions) for a fresh digest's first batch, which names the ones that fired. */
function headerOf(deps: BatchDeps, req: BatchRequest, subs: readonly Subscription[] | undefined): string {
  const { settings, batch, firstIndex, total } = req;
  const t = translator(settings.language);
  const date = localParts(deps.clock.now(), settings.timezone).day;
  if (subs === undefined) return t('digest.headerMore', { date, from: firstIndex, to: firstIndex + batch.length - 1, total });
  const fired = new Set(batch.flatMap((c) => c.subscriptionIds ?? []));
  const firedSubs = subs.filter((s) => fired.has(s.id));
  return t('digest.header', { date, count: total, subs: (firedSubs.length ? firedSubs : subs).map((s) => `#${s.number} \`${s.query}\``).join(', ') });
}

/**
 * The people watching the subscriptions that brought the batch's cards (`/radar watch`), each with their cards,
 * in the order of their first card — in a fresh digest and in the batches `/radar more` shows after it (the
 * channel state keeps which subscriptions brought each waiting paper). `subs` when the caller has read them;
 * otherwise they are read only if someone watches.
 */
async function mentionsOf(deps: BatchDeps, req: BatchRequest, key: string, known: readonly Subscription[] | undefined): Promise<Mention[]> {
  if (!req.batch.some((c) => (c.subscriptionIds?.length ?? 0) > 0)) return [];
  const watchers = await (req.watchers ?? deps.store.watchers.list(key));
  if (watchers.size === 0) return [];
  const subs = known ?? (await deps.store.subscriptions.list(key));
  const numberOf = new Map(subs.map((s) => [s.id, s.number]));
  const cardsOf = new Map<string, number[]>();
  req.batch.forEach((c, i) => {
    const people = new Set((c.subscriptionIds ?? []).flatMap((id) => watchers.get(numberOf.get(id) ?? -1) ?? []));
    for (const userId of people) cardsOf.set(userId, [...(cardsOf.get(userId) ?? []), req.firstIndex + i]);
  });
  return [...cardsOf].map(([userId, cards]) => ({ userId, cards }));
}

/** What waits for `/radar more`: its ids, why each matched and which subscriptions brought it. */
interface Pending {
  readonly restIds: string[];
  readonly pendingReasons: Record<string, readonly MatchReason[]>;
  readonly pendingSubscriptionIds: Record<string, readonly string[]>;
}

/**
 * What waits for `/radar more`, with why each matched and which subscriptions brought it: a fresh ranking
 * carries both; ids carried over from the previous batch (`more`) take theirs from the channel state (the one
 * `more` read, or read here).
 */
async function pendingOf(deps: BatchDeps, req: BatchRequest, key: string): Promise<Pending> {
  const restIds: string[] = [];
  const fresh = new Map<string, Candidate>();
  for (const r of req.rest) {
    if (typeof r === 'string') restIds.push(r);
    else {
      restIds.push(r.paper.id);
      fresh.set(r.paper.id, r);
    }
  }
  const carried = fresh.size < restIds.length ? (req.carried ?? (await deps.store.channels.getState(key))) : {};
  const pendingReasons: Record<string, readonly MatchReason[]> = {};
  const pendingSubscriptionIds: Record<string, readonly string[]> = {};
  for (const id of restIds) {
    const candidate = fresh.get(id);
    pendingReasons[id] = candidate ? candidate.reasons : (carried.pendingReasons?.[id] ?? []);
    const subscriptionIds = candidate ? candidate.subscriptionIds : carried.pendingSubscriptionIds?.[id];
    if (subscriptionIds?.length) pendingSubscriptionIds[id] = subscriptionIds;
  }
  return { restIds, pendingReasons, pendingSubscriptionIds };
}

/** The message, the ledger rows it carries and the channel state once it is posted. */
async function composeBatch(deps: BatchDeps, req: BatchRequest) {
  const key = channelKey(req.channel);
  const t = translator(req.settings.language);
  const cards = await cardsOf(deps, req);
  const { restIds, pendingReasons, pendingSubscriptionIds } = await pendingOf(deps, req, key);
  const subs = req.firstIndex === 1 ? (req.subscriptions ?? (await deps.store.subscriptions.list(key))) : undefined;
  const mentions = await mentionsOf(deps, req, key, subs);
  const lines = [headerOf(deps, req, subs)];
  if (req.topicNote) lines.push(t('topic.fallbackNote', { reason: topicReason(t, req.topicNote) }));
  for (const problem of req.sourceProblems ?? []) lines.push(describeIngestProblem(problem, t));
  if (restIds.length > 0) lines.push(t('digest.remaining', { remaining: restIds.length }));
  const message: OutboundMessage = {
    text: lines.join('\n'),
    cards,
    discussable: true,
    votable: true,
    buttons: restIds.length > 0 ? [{ kind: 'shuffle', label: '换一批 Shuffle' }] : [],
    ...(mentions.length > 0 ? { mentions } : {}),
  };
  const at = deps.clock.now().toISOString();
  const works: Delivery[] = req.batch.map((c) => ({ paperId: c.paper.id, version: c.paper.version, at, fingerprint: fingerprintOf(c.paper) }));
  const after: Partial<ChannelState> = {
    lastDigestAt: at,
    pendingPaperIds: restIds,
    pendingReasons,
    pendingSubscriptionIds,
    shownCount: req.firstIndex - 1 + req.batch.length,
    deliveryProblem: undefined,
    ...req.extraAfter,
  };
  return { key, message, works, after, restIds };
}

/** Delivers one batch through the outbox; the pending queue keeps the rest. */
export async function deliverBatch(deps: BatchDeps, req: BatchRequest): Promise<DigestOutcome> {
  const { key, message, works, after, restIds } = await composeBatch(deps, req);
  // the update cards stay pending until a run carrying them is closed: one left open is finished later, one
  // that fails before its plan (or is abandoned) leaves them for the next digest
  const consumes = req.updates?.updates ?? [];
  const posted = await recordingProblems(deps, key, () =>
    deliverPlanned(deps, { channel: req.channel, channelKey: key, kind: 'digest', parts: [{ message, works }], after, consumes }, req.deliver),
  );
  await deps.hooks?.onDelivered?.(key, req.batch.map((c) => c.paper));
  return { posted: req.batch.length, remaining: restIds.length, messages: posted };
}

/**
 * A scheduled run's notice instead of a digest (no announcement, nothing new, no subscriptions), planned with
 * the channel's new state and delivered through the outbox like a digest: a crash after it was posted neither
 * says it twice at the restart nor loses the day's state.
 */
export async function deliverNotice(
  deps: BatchDeps,
  req: { readonly channel: ChannelRef; readonly text: string; readonly after: Partial<ChannelState>; readonly deliver: Deliver },
): Promise<PostedMessage[]> {
  const key = channelKey(req.channel);
  return recordingProblems(deps, key, () =>
    deliverPlanned(deps, { channel: req.channel, channelKey: key, kind: 'notice', parts: [{ message: { text: req.text }, works: [] }], after: req.after }, req.deliver),
  );
}

/** Runs a delivery; a permanent problem (no permission, channel gone) is recorded for `/radar list`, then thrown. */
async function recordingProblems<T>(deps: BatchDeps, key: string, delivery: () => Promise<T>): Promise<T> {
  try {
    return await delivery();
  } catch (err) {
    if (err instanceof DeliveryError && err.permanent) {
      await deps.store.channels.updateState(key, { deliveryProblem: err.message });
      deps.logger.warn({ channel: key, code: err.code }, 'permanent delivery problem recorded');
    }
    throw err;
  }
}

/** The translated reason of a topic fallback note (`embedding_dimensions`, `llm_server`, …). */
function topicReason(t: Translate, code: string): string {
  if (code === 'embedding_dimensions' || code === 'embedding_not_finite') return t(`topic.reason.${code}`);
  if (code.startsWith('llm_')) return t(`llm.reason.${code}` as MessageKey, { budget: 0 });
  return t('topic.reason.other', { code });
}

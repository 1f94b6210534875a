/**
 * Exactly-once delivery through the outbox: plan the run in one transaction → post each part idempotently
 * (its delivery id is the platform's idempotency key) → record the part with its ledger rows → close the
 * run, which applies the channel's new state. A crash anywhere leaves an open run; `reconcileOpenRuns`
 * posts its unrecorded parts again (the platform returns or reveals the copy that already went out).
 */
import { channelFromKey, type ChannelRef, type PostedMessage } from '../chat/ports.js';
import type { OutboundMessage } from '../chat/message.js';
import { DeliveryError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ChannelState, Delivery, DigestRun, PendingUpdate, RadarStore } from '../store/ports.js';
import type { ChatRouter, Deliver } from '../services.js';
import type { CrashHook } from './outbox-crash.js';

export interface OutboxDeps {
  readonly store: RadarStore;
  readonly chat: ChatRouter;
  readonly logger: Logger;
  readonly crash?: CrashHook;
}

export interface PlannedDelivery {
  readonly channel: ChannelRef;
  readonly channelKey: string;
  readonly kind: string;
  readonly parts: readonly { message: OutboundMessage; works: readonly Delivery[] }[];
  readonly after: Partial<ChannelState>;
  /** Pending updates the run's message carries: they go when the run is closed. */
  readonly consumes?: readonly PendingUpdate[];
}

/** Posts the run's unrecorded parts, records each, closes the run; the posted messages of every part. */
async function postRun(deps: OutboxDeps, run: DigestRun, deliver: Deliver, since?: string): Promise<PostedMessage[]> {
  const channel = channelFromKey(run.channelKey);
  const posted: PostedMessage[] = [];
  // the last part still to post is recorded and closes the run in one transaction
  const last = lastIndexWhere(run.parts, (p) => !p.messageIds);
  for (let k = 0; k < run.parts.length; k++) {
    const part = run.parts[k]!;
    if (part.messageIds) {
      posted.push(...part.messageIds.map((id) => ({ id, channel })));
      continue;
    }
    const delivery = { id: part.deliveryId, ...(since ? { since } : {}), afterPayload: () => deps.crash?.('payload') };
    let out: PostedMessage[];
    try {
      out = await deliver({ ...part.message, delivery });
    } catch (err) {
      if (err instanceof DeliveryError && err.permanent) await deps.store.outbox.abandon(run.id);
      throw err;
    }
    deps.crash?.('posted');
    await deps.store.outbox.markPosted(run.id, part.seq, out, k === last ? { close: true } : undefined);
    deps.crash?.('recorded');
    posted.push(...out);
  }
  // every part had been posted before (a run a crash left between its last record and its close)
  if (last < 0) await deps.store.outbox.close(run.id);
  return posted;
}

function lastIndexWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let k = items.length - 1; k >= 0; k--) if (test(items[k]!)) return k;
  return -1;
}

/** Plans and delivers one run; rejects (leaving the run open unless the failure is permanent) on failure. */
export async function deliverPlanned(
  deps: OutboxDeps,
  planned: PlannedDelivery,
  deliver: Deliver,
): Promise<PostedMessage[]> {
  deps.crash?.('plan');
  const { channelKey, kind, parts, after, consumes } = planned;
  const run = await deps.store.outbox.plan({ channelKey, kind, parts, after, ...(consumes?.length ? { consumes } : {}) });
  deps.crash?.('planned');
  return postRun(deps, run, deliver);
}

export interface Reconciled {
  /** Runs finished and closed. */
  readonly closed: number;
  /** Works those runs carried (each now posted once). */
  readonly works: number;
  /** What the last closed run left pending (for `/radar more`). */
  readonly remaining: number;
  readonly messages: readonly PostedMessage[];
}

/**
 * Finishes open runs (of one channel, or of every channel on the given platforms) by posting their
 * unrecorded parts to the channel. A run that fails stays open (and, for one channel, the error is thrown).
 */
export async function reconcileOpenRuns(
  deps: OutboxDeps,
  scope: { channelKey?: string; platforms?: readonly string[]; createdBefore?: string } = {},
): Promise<Reconciled> {
  let closed = 0;
  let works = 0;
  let remaining = 0;
  const messages: PostedMessage[] = [];
  for (const run of await deps.store.outbox.open(scope.channelKey)) {
    const channel = channelFromKey(run.channelKey);
    if (scope.platforms && !scope.platforms.includes(channel.platform)) continue;
    if (scope.createdBefore && run.createdAt >= scope.createdBefore) continue;
    deps.logger.info({ channel: run.channelKey, run: run.id }, 'finishing a digest run left open');
    try {
      messages.push(...(await postRun(deps, run, (m) => deps.chat.post(channel, m), run.createdAt)));
      closed++;
      works += run.parts.reduce((n, p) => n + p.works.length, 0);
      remaining = run.after.pendingPaperIds?.length ?? 0;
    } catch (err) {
      if (scope.channelKey) throw err;
      deps.logger.warn({ err, channel: run.channelKey, run: run.id }, 'open digest run not finished; will retry');
    }
  }
  return { closed, works, remaining, messages };
}

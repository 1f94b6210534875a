/**
 * A digest batch delivered to a channel, as the outbox records it (planned, posted as one message, closed):
 * what `/radar brief` covers and what a reaction on its message votes on. For tests and benches that need a
 * channel to have been shown papers without running the matcher and a platform.
 */
import { cardReasons } from '../../src/digest/cards.js';
import type { MatchReason } from '../../src/radar/subscription.js';
import type { RadarStore } from '../../src/store/ports.js';

export async function deliveredDigest(
  store: RadarStore,
  channelKey: string,
  paperIds: readonly string[],
  reasons: Readonly<Record<string, readonly MatchReason[]>> = {},
): Promise<void> {
  const cards = paperIds.map((paperId, i) => ({
    index: i + 1, paperId, title: paperId, url: '', sourceLabel: '', date: '', authors: '', summary: '', reasons: cardReasons(reasons[paperId] ?? []),
  }));
  const works = paperIds.map((paperId) => ({ paperId, at: new Date().toISOString() }));
  const run = await store.outbox.plan({ channelKey, kind: 'digest', after: {}, parts: [{ message: { text: 'digest', cards }, works }] });
  await store.outbox.markPosted(run.id, 0, [{ id: `m-${run.id}`, paperIds }], { close: true });
}

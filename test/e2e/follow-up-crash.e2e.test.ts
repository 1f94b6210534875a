/**
 * A follow-up reply in a paper's thread when the process dies after the reply went out and before it was
 * recorded: the restarted service says it again as a re-post of the same delivery, so the thread holds it once —
 * on Discord through the real discord.js client (the thread read since the intent; the `nonce` with
 * `enforce_nonce` besides), on Slack through the real Bolt app (the thread's replies read for the delivery id
 * in their metadata).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFollowUpService, fingerprintOf } from '../../src/digest/follow-ups.js';
import { silentLogger } from '../../src/logger.js';
import type { Paper } from '../../src/papers/paper.js';
import { dyingAfter } from '../fakes/dying-markers.js';
import { startDiscordHarness, type DiscordHarness } from './discord-harness.js';
import { startSlackHarness, type SlackHarness } from './slack-harness.js';
import type { RadarStore } from '../../src/store/ports.js';
import type { ChatRouter } from '../../src/chat/router.js';
import type { Clock } from '../../src/clock.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const v1: Paper = {
  id: 'arxiv:2604.09001',
  version: 1,
  title: 'Sparse experts, revisited',
  abstract: 'We revisit sparse experts.',
  authors: [{ name: 'Ada Lovelace' }],
  categories: ['cs.LG'],
  primaryCategory: 'cs.LG',
  announced: '2026-04-20',
  absUrl: 'https://arxiv.org/abs/2604.09001',
  sources: [{ kind: 'arxiv', label: 'arXiv (cs.LG)' }],
};
const v2: Paper = { ...v1, version: 2, abstract: 'We revisit sparse experts, with load balancing.', announceType: 'replace', announced: '2026-04-27' };

/** v1 posted to `channelKey` with its discussion thread, and v2 stored: the follow-up to be said. */
async function postedInThread(store: RadarStore, channelKey: string, threadId: string): Promise<void> {
  await store.papers.putMany([v1]);
  await store.ledger.record(channelKey, [{ paperId: v1.id, version: 1, at: '2026-04-20T08:00:00Z', threadId, fingerprint: fingerprintOf(v1) }]);
  await store.papers.putMany([v2]);
}

/**
 * Says v2 to the thread with a store that dies right after the reply went out (`posted()` true), then again
 * with the store whole (a restart): the service believes it replied once more; what the thread holds is the test's.
 */
async function crashThenRestart(store: RadarStore, chat: Pick<ChatRouter, 'reply'>, clock: Clock, posted: () => boolean) {
  const dying = dyingAfter(store, posted);
  await createFollowUpService({ store: dying.store, chat, clock, logger: silentLogger() }).onPapersIngested([v2]);
  expect(dying.died()).toBe(true);
  const restarted = createFollowUpService({ store, chat, clock, logger: silentLogger() });
  expect(await restarted.onPapersIngested([v2])).toEqual({ threadReplies: 1, pendingForDigest: 0 });
  return restarted;
}

describe('discord: a follow-up reply across a crash after posting', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('appears once in the thread', async () => {
    const made = h.discord.rest.handle({ method: 'POST', path: `/channels/${h.discord.world.channelId}/threads`, query: new URLSearchParams(), body: { name: 'Sparse experts' } });
    const threadId = (made.body as Json).id as string;
    const store = h.radar.services.store;
    await postedInThread(store, `discord:${h.discord.world.channelId}`, threadId);
    const replies = () => h.discord.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages` && c.status === 200);
    const inThread = () => [...h.discord.rest.messages.values()].filter((m) => m.channel_id === threadId);
    const restarted = await crashThenRestart(store, h.adapter, h.clock, () => replies().length > 0);
    // the thread was read for the reply (which carries the nonce for a crash of a few minutes) and it was found
    expect(h.discord.calls.filter((c) => c.method === 'GET' && c.path === `/channels/${threadId}/messages`)).toHaveLength(1);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]!.body.nonce).toMatch(/^fu[0-9a-f]{12}\.0$/);
    expect(inThread()).toHaveLength(1);
    expect(String(inThread()[0]!.content)).toContain('new version v2 (was v1)');
    expect(await restarted.onPapersIngested([v2])).toEqual({ threadReplies: 0, pendingForDigest: 0 });
    expect(replies()).toHaveLength(1);
  });
});

describe('slack: a follow-up reply across a crash after posting', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('socket');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('appears once in the thread', async () => {
    const channel = { platform: 'slack' as const, id: h.actor.channelId };
    const [parent] = await h.adapter.post(channel, { text: 'Sparse experts, revisited' });
    const threadTs = parent!.id;
    const store = h.radar.services.store;
    await postedInThread(store, `slack:${h.actor.channelId}`, threadTs);
    const inThread = () => h.slack.messages.filter((m) => m.threadTs === threadTs);
    await crashThenRestart(store, h.adapter, h.clock, () => inThread().length > 0);
    expect(h.slack.calls.filter((c) => c.method === 'conversations.replies')).toHaveLength(1);
    expect(inThread()).toHaveLength(1);
    expect(inThread()[0]!.text).toContain('new version v2 (was v1)');
    expect(await store.pendingUpdates.list(`slack:${h.actor.channelId}`, '2000-01-01')).toEqual([]);
  });
});

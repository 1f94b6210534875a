/**
 * A follow-up reply in a paper's thread when the process dies after the reply went out and before it was
 * recorded: the restarted service posts it again with the same idempotency key, so the thread holds it once —
 * on Discord through the real discord.js client (the same `nonce` with `enforce_nonce`), on Slack through the
 * real Bolt app (the thread's replies are read for the delivery id in their metadata before the re-post).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFollowUpService, fingerprintOf } from '../../src/digest/follow-ups.js';
import { silentLogger } from '../../src/logger.js';
import type { Paper } from '../../src/papers/paper.js';
import { dyingAfter } from '../fakes/dying-markers.js';
import { startDiscordHarness, type DiscordHarness } from './discord-harness.js';
import { startSlackHarness, type SlackHarness } from './slack-harness.js';
import type { RadarStore } from '../../src/store/ports.js';

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
    const chat = h.adapter;

    const dying = dyingAfter(store, () => replies().length > 0);
    await createFollowUpService({ store: dying.store, chat, clock: h.clock, logger: silentLogger() }).onPapersIngested([v2]);
    expect(dying.died()).toBe(true);
    expect(inThread()).toHaveLength(1);

    const restarted = createFollowUpService({ store, chat, clock: h.clock, logger: silentLogger() });
    expect(await restarted.onPapersIngested([v2])).toEqual({ threadReplies: 1, pendingForDigest: 0 });
    expect(replies()).toHaveLength(2);
    expect(replies()[1]!.body.nonce).toBe(replies()[0]!.body.nonce);
    expect(inThread()).toHaveLength(1);
    expect(String(inThread()[0]!.content)).toContain('new version v2 (was v1)');
    expect(await restarted.onPapersIngested([v2])).toEqual({ threadReplies: 0, pendingForDigest: 0 });
    expect(replies()).toHaveLength(2);
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
    const chat = h.adapter;

    const dying = dyingAfter(store, () => inThread().length > 0);
    await createFollowUpService({ store: dying.store, chat, clock: h.clock, logger: silentLogger() }).onPapersIngested([v2]);
    expect(dying.died()).toBe(true);
    expect(inThread()).toHaveLength(1);

    const restarted = createFollowUpService({ store, chat, clock: h.clock, logger: silentLogger() });
    expect(await restarted.onPapersIngested([v2])).toEqual({ threadReplies: 1, pendingForDigest: 0 });
    expect(h.slack.calls.filter((c) => c.method === 'conversations.replies')).toHaveLength(1);
    expect(inThread()).toHaveLength(1);
    expect(inThread()[0]!.text).toContain('new version v2 (was v1)');
    expect(await store.pendingUpdates.list(`slack:${h.actor.channelId}`, '2000-01-01')).toEqual([]);
  });
});

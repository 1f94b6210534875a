/**
 * A follow-up reply in a paper's Discord thread, through the real discord.js client and the Discord emulator,
 * when the process dies after the reply went out and before it was recorded: the restarted service posts the
 * reply again with the same nonce (`enforce_nonce`), so the thread holds it once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFollowUpService, fingerprintOf } from '../../src/digest/follow-ups.js';
import { silentLogger } from '../../src/logger.js';
import type { Paper } from '../../src/papers/paper.js';
import { dyingAfter } from '../fakes/dying-markers.js';
import { startDiscordHarness, type DiscordHarness } from './discord-harness.js';

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
    const ch = `discord:${h.discord.world.channelId}`;
    await store.papers.putMany([v1]);
    await store.ledger.record(ch, [{ paperId: v1.id, version: 1, at: '2026-04-20T08:00:00Z', threadId, fingerprint: fingerprintOf(v1) }]);
    await store.papers.putMany([v2]);
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

/**
 * Votes through the feedback service over the real Keyv store (in memory, and a SQLite file reopened for
 * the restart case): one vote per person per paper per channel, replaced by a later vote, kept apart per
 * channel, refused for unknown cards and cards of another channel, forgotten on request.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { createFeedbackService, type FeedbackService } from '../../src/feedback/feedback-service.js';
import { silentLogger } from '../../src/logger.js';
import { reconcileOpenRuns } from '../../src/digest/outbox-delivery.js';
import type { Paper } from '../../src/papers/paper.js';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import type { ChannelSettings, RadarStore } from '../../src/store/ports.js';

const defaults: ChannelSettings = { size: 10, time: '08:00', timezone: 'UTC', language: 'en', summaries: false, crosslists: true, replacements: false };
const A = 'discord:100';
const B = 'discord:200';
const clock = { now: () => new Date('2026-04-28T09:00:00Z') };
const paper = (n: number, p: Partial<Paper> = {}): Paper => ({
  id: `arxiv:2604.3000${n}`, title: `Sparse mixture of experts routing ${n}`, abstract: 'We route tokens.', authors: [{ name: `Ada ${n} Lovelace` }],
  categories: ['cs.LG'], announced: '2026-04-27', sources: [], ...p,
});

async function world(store: RadarStore): Promise<FeedbackService> {
  const matcher = createPercolatorMatcher();
  matcher.add({ id: `${A}#1`, query: '"mixture of experts"' });
  await store.papers.putMany([paper(1), paper(2), paper(3)]);
  await store.ledger.record(A, [{ paperId: paper(1).id, at: '2026-04-27T08:00:00Z' }, { paperId: paper(2).id, at: '2026-04-27T08:00:00Z' }]);
  await store.ledger.record(B, [{ paperId: paper(3).id, at: '2026-04-27T08:00:00Z' }]);
  return createFeedbackService({ store, matcher, clock, logger: silentLogger() });
}

const refusal = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof UserError) return err.code;
    throw err;
  }
  return 'accepted';
};

describe('feedback service: votes', () => {
  it('counts pressing twice once, lets a later vote replace the earlier one, and keeps channels apart', async () => {
    const fb = await world(await openSqlRadarStore('memory://', { defaults }));
    expect((await fb.vote(A, paper(1).id, 'u1', 1)).outcome).toBe('added');
    expect((await fb.vote(A, paper(1).id, 'u1', 1)).outcome).toBe('unchanged');
    expect(await fb.votes(A)).toHaveLength(1);
    expect((await fb.vote(A, paper(1).id, 'u1', -1)).outcome).toBe('changed');
    expect((await fb.votes(A)).map((v) => v.value)).toEqual([-1]);
    expect((await fb.vote(A, paper(1).id, 'u2', 1)).outcome).toBe('added');
    expect(await fb.votes(A)).toHaveLength(2);
    expect(await fb.votes(B)).toEqual([]);
    const vote = (await fb.votes(A)).find((v) => v.voterId === 'u2')!;
    expect(vote.features).toMatchObject({ 'sub:1': 1, 'cat:cs.LG': 1, 'au:ada 1 lovelace': 1 });
    expect(vote.at).toBe('2026-04-28T09:00:00.000Z');
  });

  it('refuses a card of another channel and an unknown card, without recording anything', async () => {
    const fb = await world(await openSqlRadarStore('memory://', { defaults }));
    expect(await refusal(fb.vote(A, paper(3).id, 'u1', 1))).toBe('vote_other_channel');
    expect(await refusal(fb.vote(A, 'arxiv:9999.99999', 'u1', 1))).toBe('vote_unknown_card');
    expect(await refusal(fb.vote(A, paper(1).id, 'u1', 2 as never))).toBe('vote_invalid');
    expect(await fb.votes(A)).toEqual([]);
    expect(await fb.votes(B)).toEqual([]);
  });

  it('retracts only the vote of the removed reaction, and forgets the channel’s votes on request', async () => {
    const fb = await world(await openSqlRadarStore('memory://', { defaults }));
    await fb.vote(A, paper(1).id, 'u1', 1);
    await fb.vote(A, paper(2).id, 'u1', -1);
    expect(await fb.retract(A, paper(1).id, 'u1', -1)).toBe(false);
    expect(await fb.retract(A, paper(1).id, 'u1', 1)).toBe(true);
    expect((await fb.votes(A)).map((v) => v.paperId)).toEqual([paper(2).id]);
    expect(await fb.forget(A)).toBe(1);
    expect(await fb.votes(A)).toEqual([]);
    expect(await fb.preferenceFor(A)).toBeUndefined();
  });

  it('has no preference with learning off, and summarises what was learned', async () => {
    const store = await openSqlRadarStore('memory://', { defaults });
    const fb = await world(store);
    await fb.vote(A, paper(1).id, 'u1', 1);
    await fb.vote(A, paper(2).id, 'u1', -1);
    expect(await fb.preferenceFor(A)).toBeDefined();
    const s = await fb.summary(A);
    expect(s).toMatchObject({ learning: true, total: { up: 1, down: 1 }, thisWeek: { up: 1, down: 1 } });
    expect(s.liked.map((x) => x.feature)).toContain('au:ada 1 lovelace');
    expect(s.disliked.map((x) => x.feature)).toContain('au:ada 2 lovelace');
    await store.channels.updateSettings(A, { learning: false });
    expect(await fb.preferenceFor(A)).toBeUndefined();
    expect((await fb.summary(A)).learning).toBe(false);
  });

  it('maps a message to its one card, says when a message carries several, and knows Discuss messages', async () => {
    const store = await openSqlRadarStore('memory://', { defaults });
    const fb = await world(store);
    const works = [1, 2, 3].map((n) => ({ paperId: paper(n).id, at: 'now' }));
    const run = await store.outbox.plan({ channelKey: A, kind: 'digest', after: {}, parts: [{ message: { text: 'digest' }, works }] });
    await store.outbox.markPosted(run.id, 0, [{ id: 'm1', paperIds: [paper(1).id] }, { id: 'm2', paperIds: [paper(2).id, paper(3).id] }, { id: 'm3' }], { close: true });
    expect(await fb.paperOfMessage(A, 'm1')).toEqual({ paperId: paper(1).id });
    expect(await fb.paperOfMessage(A, 'm2')).toEqual({ ambiguous: 2 });
    expect(await fb.paperOfMessage(A, 'm3')).toBeUndefined();
    expect(await fb.paperOfMessage(B, 'm1')).toBeUndefined();
    await store.threads.bind(`${A}/t9`, paper(2).id);
    expect(await fb.paperOfMessage(A, 't9')).toEqual({ paperId: paper(2).id });
    // a message posted before the ledger named each paper's message: its map entry still answers
    await store.namespace('feedback').set(`msg:${A}:old`, [paper(3).id]);
    expect(await fb.paperOfMessage(A, 'old')).toEqual({ paperId: paper(3).id });
  });

  it('maps a reaction on a digest that a crash left to another process to finish', async () => {
    const store = await openSqlRadarStore('memory://', { defaults });
    const fb = await world(store);
    const works = [1, 2].map((n) => ({ paperId: paper(n).id, at: 'now' }));
    await store.outbox.plan({ channelKey: A, kind: 'digest', after: {}, parts: [{ message: { text: 'digest', cards: [] }, works }] });
    // the process that planned it died after posting; another finds its messages on the platform and records them
    const channel = { platform: 'discord' as const, id: '100' };
    const platform = { post: async () => [{ id: 'm7', channel, paperIds: [paper(1).id] }, { id: 'm8', channel, paperIds: [paper(2).id] }], reply: async () => [] };
    expect((await reconcileOpenRuns({ store, chat: platform, logger: silentLogger() }, { channelKey: A })).closed).toBe(1);
    expect(await fb.paperOfMessage(A, 'm8')).toEqual({ paperId: paper(2).id });
  });
});

describe('feedback service: restarts', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps votes in the SQLite store across a restart', async () => {
    dir = await mkdtemp(join(tmpdir(), 'radar-votes-'));
    const url = `sqlite://${join(dir, 'radar.sqlite')}`;
    const first = await openSqlRadarStore(url, { defaults });
    const fb = await world(first);
    await fb.vote(A, paper(1).id, 'u1', 1);
    await fb.vote(A, paper(2).id, 'u2', -1);
    await first.close();
    const second = await openSqlRadarStore(url, { defaults });
    const again = await world(second);
    expect((await again.votes(A)).map((v) => [v.paperId, v.voterId, v.value])).toEqual([
      [paper(1).id, 'u1', 1],
      [paper(2).id, 'u2', -1],
    ]);
    expect((await again.vote(A, paper(1).id, 'u1', 1)).outcome).toBe('unchanged');
    await second.close();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFollowUpService, describeChange, fingerprintOf } from '../../src/digest/follow-ups.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import type { ChannelSettings, RadarStore } from '../../src/store/ports.js';
import type { Paper } from '../../src/papers/paper.js';
import type { OutboundMessage } from '../../src/chat/message.js';
import type { ThreadRef } from '../../src/chat/ports.js';
import { silentLogger } from '../../src/logger.js';
import { mergePapers } from '../../src/papers/merge.js';
import { dyingAfter } from '../fakes/dying-markers.js';
import { slowStore } from '../fakes/slow-store.js';
import { createTempPgDatabase } from '../contract/pg-temp.js';

const defaults: ChannelSettings = { size: 10, time: '08:00', timezone: 'UTC', language: 'en', summaries: false, crosslists: true, replacements: false };
const dir = mkdtempSync(join(tmpdir(), 'radar-followups-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clock = { now: () => new Date('2026-06-20T10:00:00Z') };
const CH = 'discord:42';

const v1: Paper = {
  id: 'arxiv:2606.04101',
  version: 1,
  title: 'Routing experts sparsely',
  abstract: 'We route tokens to experts.',
  authors: [{ name: 'Ada Lovelace' }],
  categories: ['cs.LG'],
  primaryCategory: 'cs.LG',
  announceType: 'new',
  announced: '2026-06-10',
  absUrl: 'https://arxiv.org/abs/2606.04101',
  sources: [{ kind: 'arxiv', label: 'arXiv (cs.LG)' }],
};
const v2: Paper = { ...v1, version: 2, abstract: 'We route tokens to experts, now with load balancing.', announceType: 'replace', announced: '2026-06-20' };

/** A chat router fake (the port the follow-up service talks to) that records replies. */
function recordingChat(fail = false) {
  const replies: { thread: ThreadRef; message: OutboundMessage }[] = [];
  return {
    replies,
    reply: async (thread: ThreadRef, message: OutboundMessage) => {
      if (fail) throw new Error('thread archived');
      replies.push({ thread, message });
      return [{ id: `m${replies.length}`, channel: thread.channel }];
    },
  };
}

async function open(name: string): Promise<RadarStore> {
  return openSqlRadarStore(`sqlite://${join(dir, name)}`, { defaults, now: () => clock.now() });
}

describe('follow-ups', () => {
  it('v2 with a changed abstract: exactly one reply in the thread, none again, none after a restart', async () => {
    let store = await open('restart.sqlite');
    await store.papers.putMany([v1]);
    await store.ledger.record(CH, [{ paperId: v1.id, version: 1, at: '2026-06-10T08:00:00Z', threadId: 'T77', fingerprint: fingerprintOf(v1) }]);
    const chat = recordingChat();
    let service = createFollowUpService({ store, chat, clock, logger: silentLogger() });

    await store.papers.putMany([v2]);
    expect(await service.onPapersIngested([v2])).toEqual({ threadReplies: 1, pendingForDigest: 0 });
    expect(chat.replies).toHaveLength(1);
    expect(chat.replies[0]!.thread).toEqual({ channel: { platform: 'discord', id: '42' }, id: 'T77' });
    expect(chat.replies[0]!.message.text).toContain('new version v2 (was v1) · title unchanged · abstract changed');
    expect((await store.ledger.get(CH, v1.id))?.version).toBe(2);

    expect(await service.onPapersIngested([v2])).toEqual({ threadReplies: 0, pendingForDigest: 0 });
    await store.close();

    store = await open('restart.sqlite');
    service = createFollowUpService({ store, chat, clock, logger: silentLogger() });
    expect(await service.onPapersIngested([v2])).toEqual({ threadReplies: 0, pendingForDigest: 0 });
    expect(chat.replies).toHaveLength(1);
    await store.close();
  });

  it('a crash after the thread reply went out and before it was recorded: the reply repeated is the same one', async () => {
    const store = await open('crash-after-reply.sqlite');
    await store.papers.putMany([v1, v2]);
    await store.ledger.record(CH, [{ paperId: v1.id, version: 1, at: 'x', threadId: 'T5', fingerprint: fingerprintOf(v1) }]);
    // the platform: a repeated idempotency key (Discord's nonce, Slack's metadata) returns the message posted with it
    const posted = new Map<string, OutboundMessage>();
    const keys: (string | undefined)[] = [];
    const platform = {
      reply: async (thread: ThreadRef, message: OutboundMessage) => {
        keys.push(message.delivery?.id);
        const key = message.delivery?.id ?? `anonymous-${keys.length}`;
        if (!posted.has(key)) posted.set(key, message);
        return [{ id: key, channel: thread.channel }];
      },
    };
    const dying = dyingAfter(store, () => posted.size > 0);
    await createFollowUpService({ store: dying.store, chat: platform, clock, logger: silentLogger() }).onPapersIngested([v2]);
    expect(dying.died()).toBe(true);
    expect((await store.ledger.get(CH, v1.id))?.version).toBe(1); // nothing recorded after the reply
    const restarted = createFollowUpService({ store, chat: platform, clock, logger: silentLogger() });
    expect(await restarted.onPapersIngested([v2])).toEqual({ threadReplies: 1, pendingForDigest: 0 });
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(posted.size).toBe(1);
    expect(await restarted.onPapersIngested([v2])).toEqual({ threadReplies: 0, pendingForDigest: 0 });
    expect((await store.ledger.get(CH, v1.id))?.version).toBe(2);
    await store.close();
  });

  // two processes ingest the same announcement at the same minute (each its own schedule): one reply, not two
  it.each([
    ['SQLite, one process with two services', async () => {
      const store = await open('two-services.sqlite');
      return { stores: [store, store], close: () => store.close() };
    }],
    ['PostgreSQL, two processes', async () => {
      const db = await createTempPgDatabase('followups');
      const stores = [await openSqlRadarStore(db.url, { defaults, now: () => clock.now() }), await openSqlRadarStore(db.url, { defaults, now: () => clock.now() })];
      return { stores, close: async () => (await Promise.all(stores.map((x) => x.close())), await db.drop()) };
    }],
  ])('two ingests of the same change at once (%s): the thread hears it once', async (_name, setUp) => {
    const { stores, close } = await setUp();
    await stores[0]!.papers.putMany([v1]);
    await stores[0]!.ledger.record(CH, [{ paperId: v1.id, version: 1, at: 'x', threadId: 'T9', fingerprint: fingerprintOf(v1) }]);
    await stores[0]!.papers.putMany([v2]);
    const chat = recordingChat();
    // every store call answers after a few ms, so the two runs interleave at each of them
    const services = stores.map((store) => createFollowUpService({ store: slowStore(store, 3), chat, clock, logger: silentLogger() }));
    const counts = await Promise.all(services.map((service) => service.onPapersIngested([v2])));
    expect(chat.replies).toHaveLength(1);
    expect(counts.map((c) => c.threadReplies).sort()).toEqual([0, 1]);
    expect((await stores[1]!.ledger.get(CH, v1.id))?.version).toBe(2);
    await close();
  });

  it('without a thread: one "Updated" card for the next digest, taken once', async () => {
    const store = await open('digest.sqlite');
    await store.papers.putMany([v1]);
    await store.ledger.record(CH, [{ paperId: v1.id, version: 1, at: 'x', fingerprint: fingerprintOf(v1) }]);
    const service = createFollowUpService({ store, chat: recordingChat(), clock, logger: silentLogger() });
    const published = mergePapers([
      v1,
      {
        id: 'doi:10.1038/s42256-026-00001-1',
        doi: '10.1038/s42256-026-00001-1',
        title: 'Routing experts sparsely',
        abstract: '',
        authors: [{ name: 'Ada Lovelace' }],
        categories: [],
        venue: 'Nature Machine Intelligence',
        sources: [{ kind: 'journal', label: 'Nature Machine Intelligence' }],
      },
    ]);
    await store.papers.putMany(published);
    expect(await service.onPapersIngested(published)).toEqual({ threadReplies: 0, pendingForDigest: 1 });
    const { cards, updates } = await service.pendingUpdates(CH);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ paperId: v1.id, sourceLabel: 'arXiv (cs.LG) · Nature Machine Intelligence' });
    expect(cards[0]!.note).toBe(
      'Updated: published in Nature Machine Intelligence (doi:10.1038/s42256-026-00001-1) · title unchanged · abstract unchanged',
    );
    // reading takes nothing; the digest run that carries the card removes it when it is closed
    expect((await service.pendingUpdates(CH)).cards).toHaveLength(1);
    const run = await store.outbox.plan({ channelKey: CH, kind: 'digest', after: {}, parts: [], consumes: updates });
    await store.outbox.close(run.id);
    expect(await service.pendingUpdates(CH)).toEqual({ cards: [], updates: [] });
    expect(await service.onPapersIngested(published)).toEqual({ threadReplies: 0, pendingForDigest: 0 });
    await store.close();
  });

  it('a failed thread reply falls back to the digest; unrelated channels hear nothing', async () => {
    const store = await open('fallback.sqlite');
    await store.papers.putMany([v2]);
    await store.ledger.record(CH, [{ paperId: v1.id, version: 1, at: 'x', threadId: 'T9', fingerprint: fingerprintOf(v1) }]);
    const service = createFollowUpService({ store, chat: recordingChat(true), clock, logger: silentLogger() });
    expect(await service.onPapersIngested([v2])).toEqual({ threadReplies: 0, pendingForDigest: 1 });
    expect(await service.pendingUpdates('slack:C1')).toEqual({ cards: [], updates: [] });
    expect((await service.pendingUpdates(CH)).cards.map((c) => c.note)).toEqual([expect.stringContaining('new version v2')]);
    await store.close();
  });

  it('an update stays pending through a crash before the plan and an abandoned run; a newer one outlives the run that showed the old', async () => {
    const store = await open('consume.sqlite');
    await store.papers.putMany([v2]);
    await store.ledger.record(CH, [{ paperId: v1.id, version: 1, at: 'x', fingerprint: fingerprintOf(v1) }]);
    const service = createFollowUpService({ store, chat: recordingChat(), clock, logger: silentLogger() });
    await service.onPapersIngested([v2]);
    const first = await service.pendingUpdates(CH);
    // a process that read them and died before planning its digest: nothing was taken
    expect((await createFollowUpService({ store, chat: recordingChat(), clock, logger: silentLogger() }).pendingUpdates(CH)).cards).toHaveLength(1);
    // a run abandoned (a permanent delivery problem) leaves them for the next digest
    const abandoned = await store.outbox.plan({ channelKey: CH, kind: 'digest', after: {}, parts: [], consumes: first.updates });
    await store.outbox.abandon(abandoned.id);
    expect((await service.pendingUpdates(CH)).updates).toEqual(first.updates);
    // the ingest's process queues a newer change while a digest carrying the old one is under way
    const run = await store.outbox.plan({ channelKey: CH, kind: 'digest', after: {}, parts: [], consumes: first.updates });
    await store.pendingUpdates.queue(CH, { paperId: v2.id, note: 'withdrawn', at: '2026-06-20T10:05:00Z' });
    await store.outbox.close(run.id);
    expect((await service.pendingUpdates(CH)).updates.map((u) => u.note)).toEqual(['withdrawn']);
    await store.close();
  });

  it('describeChange: nothing for the same state or a mere HF/Crossref enrichment; withdrawn is said', () => {
    const snap = (p: Paper) => ({ version: p.version, title: fpPart(p, 't'), abstract: fpPart(p, 'a'), doi: p.doi, journalRef: undefined, withdrawn: false });
    expect(describeChange(snap(v1), v1)).toBeUndefined();
    expect(describeChange(snap(v1), { ...v1, hf: { upvotes: 9, comments: 1 }, venue: 'X' })).toBeUndefined();
    expect(describeChange(snap(v1), { ...v2, withdrawn: true, title: 'Withdrawn' })).toBe(
      '⚠️ withdrawn · new version v2 (was v1) · title changed · abstract changed',
    );
  });
});

function fpPart(p: Paper, key: string): string {
  return fingerprintOf(p).split('|').find((kv) => kv.startsWith(`${key}=`))!.slice(2);
}

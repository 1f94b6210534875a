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
    const cards = await service.takePendingUpdates(CH);
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ paperId: v1.id, sourceLabel: 'arXiv (cs.LG) · Nature Machine Intelligence' });
    expect(cards[0]!.note).toBe(
      'Updated: published in Nature Machine Intelligence (doi:10.1038/s42256-026-00001-1) · title unchanged · abstract unchanged',
    );
    expect(await service.takePendingUpdates(CH)).toEqual([]);
    expect(await service.onPapersIngested(published)).toEqual({ threadReplies: 0, pendingForDigest: 0 });
    await store.close();
  });

  it('a failed thread reply falls back to the digest; unrelated channels hear nothing', async () => {
    const store = await open('fallback.sqlite');
    await store.papers.putMany([v2]);
    await store.ledger.record(CH, [{ paperId: v1.id, version: 1, at: 'x', threadId: 'T9', fingerprint: fingerprintOf(v1) }]);
    const service = createFollowUpService({ store, chat: recordingChat(true), clock, logger: silentLogger() });
    expect(await service.onPapersIngested([v2])).toEqual({ threadReplies: 0, pendingForDigest: 1 });
    expect(await service.takePendingUpdates('slack:C1')).toEqual([]);
    expect((await service.takePendingUpdates(CH)).map((c) => c.note)).toEqual([expect.stringContaining('new version v2')]);
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

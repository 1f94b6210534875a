/**
 * Growth: the store work of one channel's digest does not depend on how many papers are stored (older
 * days pile up), and ingesting a new day writes only that day's rows. Queries are counted with Kysely's
 * query log on a real SQLite store.
 */
import { describe, expect, it } from 'vitest';
import type { LogEvent } from 'kysely';
import { channelKey, type ChannelRef } from '../../src/chat/ports.js';
import { createDigestService } from '../../src/digest/digest-service.js';
import { MatchIndex } from '../../src/digest/match-cache.js';
import { silentLogger } from '../../src/logger.js';
import type { Paper } from '../../src/papers/paper.js';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import type { ChatRouter, IngestService } from '../../src/services.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';

const defaults = { size: 10, time: '08:00', timezone: 'UTC', language: 'en' as const, summaries: false, crosslists: true, replacements: false };
const TODAY = '2026-11-23';

const paper = (id: string, day: string, title: string): Paper => ({
  id: `arxiv:${id}`, version: 1, title, abstract: 'An abstract.', authors: [{ name: 'Ada Lovelace' }],
  categories: ['cs.LG'], primaryCategory: 'cs.LG', announced: day, announceType: 'new', sources: [{ kind: 'arxiv', label: 'arXiv (cs.LG)' }],
});

/** Days before TODAY, each with `perDay` papers that never match. */
function history(days: number, perDay: number): Paper[] {
  const out: Paper[] = [];
  for (let d = 1; d <= days; d++) {
    const day = new Date(Date.parse(`${TODAY}T00:00:00Z`) - (d + 10) * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < perDay; i++) out.push(paper(`old.${d}.${i}`, day, `Graph networks ${d} ${i}`));
  }
  return out;
}

async function queriesForOneDigest(storedOld: number): Promise<{ queries: number; posted: number }> {
  let counting = false;
  let queries = 0;
  const store = await openSqlRadarStore('memory://', { defaults, now: () => new Date(`${TODAY}T09:00:00Z`), log: (_e: LogEvent) => void (counting && queries++) });
  try {
    await store.papers.putMany(history(Math.ceil(storedOld / 100), 100).slice(0, storedOld));
    await store.papers.putMany(Array.from({ length: 30 }, (_, i) => paper(`new.${i}`, TODAY, i % 2 ? `Mixture of experts ${i}` : `Other topic ${i}`)));
    const channel: ChannelRef = { platform: 'shell', id: 'grow' };
    const matcher = createPercolatorMatcher();
    matcher.add(await store.subscriptions.add(channelKey(channel), '"mixture of experts"'));
    const chat: ChatRouter = { post: async (ch) => [{ id: 'm1', channel: ch }], reply: async (t) => [{ id: 'm2', channel: t.channel }] };
    const ingest: IngestService = { ingest: async () => ({ stored: 0, status: 'ok', notes: [], problems: [] }) };
    const digests = createDigestService({ store, matches: new MatchIndex({ matcher, createMatcher: createPercolatorMatcher, subscriptionsOf: (key) => store.subscriptions.list(key) }), chat, ingest, clock: { now: () => new Date(`${TODAY}T09:00:00Z`) }, logger: silentLogger(), lookbackDays: 3 });
    counting = true;
    const outcome = await digests.digestNow(channel, (m) => chat.post(channel, m));
    counting = false;
    return { queries, posted: outcome.posted };
  } finally {
    await store.close();
  }
}

describe('store work does not grow with stored papers', () => {
  it('one channel digest issues the same number of queries with 100 and with 5,000 older papers stored', async () => {
    const small = await queriesForOneDigest(100);
    const large = await queriesForOneDigest(5_000);
    expect(small.posted).toBe(10);
    expect(large.posted).toBe(10);
    expect(large.queries).toBe(small.queries);
  });

  it('ingesting a second day writes only that day’s rows', async () => {
    const statements: LogEvent[] = [];
    let recording = false;
    const store = await openSqlRadarStore('memory://', { defaults, log: (e) => void (recording && statements.push(e)) });
    try {
      const day1 = Array.from({ length: 50 }, (_, i) => paper(`d1.${i}`, '2026-11-20', `First ${i}`));
      const day2 = Array.from({ length: 50 }, (_, i) => paper(`d2.${i}`, '2026-11-23', `Second ${i}`));
      await store.papers.putMany(day1);
      const before = await store.sql.db.selectFrom('papers').select(['id', 'stored_at']).where('id', 'like', 'arxiv:d1.%').orderBy('id').execute();
      recording = true;
      await store.papers.putMany(day2);
      recording = false;
      const touched = statements.flatMap((e) => e.query.parameters.map(String));
      expect(touched.some((p) => p.includes('arxiv:d1.'))).toBe(false);
      expect(touched.filter((p) => p.startsWith('arxiv:d2.'))).not.toHaveLength(0);
      const after = await store.sql.db.selectFrom('papers').select(['id', 'stored_at']).where('id', 'like', 'arxiv:d1.%').orderBy('id').execute();
      expect(after).toEqual(before);
      expect(await store.papers.listByDays(['2026-11-20'])).toHaveLength(50);
    } finally {
      await store.close();
    }
  });
});

/**
 * What a source records as read is recorded only once its papers are stored: the arXiv listings' record
 * (arxiv-backfill.ts) must never get ahead of the store, or a failure in between would lose a listing for good.
 */
import { describe, expect, it } from 'vitest';
import { createIngestService } from '../../src/app/ingest-service.js';
import { systemClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import type { Paper } from '../../src/papers/paper.js';
import type { PaperSource } from '../../src/sources/source.js';
import type { ChannelSettings } from '../../src/store/ports.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';

const defaults: ChannelSettings = { size: 10, time: '08:00', timezone: 'UTC', language: 'en', summaries: false, crosslists: true, replacements: false };
const paper: Paper = {
  id: 'arxiv:2611.00001', title: 'A title', abstract: 'An abstract.', authors: [{ name: 'Ada Lovelace' }], categories: ['cs.LG'],
  announced: '2026-11-10', sources: [{ kind: 'arxiv', label: 'arXiv (cs.LG)' }],
};

describe('ingest: a source\'s record of what it read', () => {
  it('is written after the papers are stored, and not at all when storing fails', async () => {
    const store = await openSqlRadarStore('memory://', { defaults });
    const seenAtRecord: (Paper | undefined)[] = [];
    const source: PaperSource = {
      id: 'arxiv-rss',
      fetchLatest: async () => ({ papers: [paper], status: 'ok', stored: async () => void seenAtRecord.push(await store.papers.get(paper.id)) }),
    };
    const ingest = createIngestService({ store, sources: () => [source], baseCategories: ['cs.LG'], clock: systemClock, logger: silentLogger(), minIntervalMs: 0 });
    await ingest.ingest();
    expect(seenAtRecord.map((p) => p?.id)).toEqual(['arxiv:2611.00001']);

    await store.close();
    await expect(ingest.ingest()).rejects.toThrow();
    expect(seenAtRecord).toHaveLength(1);
  });
});

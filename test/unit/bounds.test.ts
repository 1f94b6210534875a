/** Bounded work and state: the ingest deadline, feeds per channel, stored thread turns. */
import { describe, expect, it } from 'vitest';
import { createIngestService } from '../../src/app/ingest-service.js';
import { UserError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import { createJournalFeedsStore, MAX_FEEDS_PER_CHANNEL } from '../../src/sources/journal-feeds-store.js';
import type { PaperSource } from '../../src/sources/source.js';
import { FIXTURE_PAPERS } from './radar-fixture-papers.js';
import { memoryStore } from './briefing-helpers.js';

const clock = { now: () => new Date('2026-04-30T09:00:00Z') };

describe('ingest deadline', () => {
  it('a source that never answers is cut off at the overall deadline; what the others brought is stored', async () => {
    const store = await memoryStore();
    const hanging: PaperSource = {
      id: 'stuck',
      fetchLatest: (_cats, signal) =>
        new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted by the deadline')), { once: true })),
    };
    const late: PaperSource = { id: 'late', fetchLatest: async () => ({ papers: [FIXTURE_PAPERS[1]!], status: 'ok' }) };
    const quick: PaperSource = { id: 'quick', fetchLatest: async () => ({ papers: [FIXTURE_PAPERS[0]!], status: 'ok' }) };
    const ingest = createIngestService({ store, sources: () => [quick, hanging, late], baseCategories: ['cs.LG'], clock, logger: silentLogger(), deadlineMs: 200 });
    const result = await ingest.ingest();
    expect(result.stored).toBe(1);
    expect(result.notes).toEqual(expect.arrayContaining([expect.stringContaining('stuck failed'), 'late skipped: the ingest deadline passed']));
    // what a channel is told: a plain Error is not a source's own failure, so its code is `internal`
    expect(result.problems).toEqual([{ source: 'stuck', kind: 'failed', code: 'internal' }, { source: 'late', kind: 'skipped', code: 'timeout' }]);
    expect(await store.papers.get(FIXTURE_PAPERS[0]!.id)).toBeDefined();
  });
});

describe('feeds per channel', () => {
  it('the store refuses a feed past the cap, even when adds race', async () => {
    const feeds = createJournalFeedsStore(await memoryStore());
    const add = (i: number) => feeds.add('shell:lab', { url: `https://j.example/${i}.rss`, name: `J${i}`, addedAt: '2026-04-30T09:00:00Z', addedBy: 'u' });
    const results = await Promise.allSettled(Array.from({ length: MAX_FEEDS_PER_CHANNEL + 5 }, (_, i) => add(i)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(MAX_FEEDS_PER_CHANNEL);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(UserError);
    expect((await feeds.list('shell:lab')).length).toBe(MAX_FEEDS_PER_CHANNEL);
    await expect(add(3)).resolves.toHaveLength(MAX_FEEDS_PER_CHANNEL); // replacing one by URL is fine
  });
});

describe('thread turns', () => {
  it('a stored turn is cut to a bounded size and a thread keeps only its latest turns', async () => {
    const store = await memoryStore();
    await store.threads.appendTurn('shell:lab/t1', { role: 'user', text: 'x'.repeat(50_000), at: '2026-04-30T09:00:00Z' });
    const [turn] = await store.threads.turns('shell:lab/t1', 10);
    expect(turn!.text.length).toBeLessThanOrEqual(4_000);
    for (let i = 0; i < 100; i++) await store.threads.appendTurn('shell:lab/t2', { role: 'user', text: `q${i}`, at: '2026-04-30T09:00:00Z' });
    expect(await store.threads.turns('shell:lab/t2', 1000)).toHaveLength(40);
  });
});

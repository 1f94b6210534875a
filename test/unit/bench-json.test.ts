import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMatcherBench } from '../../bench/matcher-bench.js';
import { runAtOnceSize, runDailySize } from '../../bench/daily-run.js';
import { toBenchJson } from '../../bench/report.js';
import { readCorpus } from '../../bench/workload.js';

describe('bench --json document', () => {
  it('has the documented keys, and the percolator agrees with every baseline (naive, reverse, competent naive, bitset reverse)', async () => {
    const corpus = readCorpus(join(import.meta.dirname, '..', 'fixtures'));
    const matcher = await runMatcherBench({
      corpus,
      papers: 200,
      sizes: [500],
      scalingSubscriptions: 250,
      naiveBudgetS: 5,
      reverseBudgetS: 5,
      rates: true,
    });
    const llm = { tokenRatio: 1.2, roundTripsPer30: 5 };
    const doc = JSON.parse(JSON.stringify(toBenchJson({ matcher, llm }))) as Record<string, unknown>;
    expect(Object.keys(doc).sort()).toEqual(['llm', 'matcher', 'scaling']);
    const rows = doc.matcher as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    for (const key of ['subscriptions', 'papers', 'percolatorMs', 'naiveMs', 'naiveExtrapolated', 'reverseMs', 'matchesEqual', 'peakRssMb', 'competentNaiveMs', 'bitsetReverseMs', 'floorMs']) {
      expect(rows[0], key).toHaveProperty(key);
    }
    expect(rows[0]).toMatchObject({ subscriptions: 500, papers: 200, matchesEqual: true, reverseEqual: true, competentNaiveEqual: true, bitsetEqual: true });
    expect(rows[0]!.percolatorMatches).toBeGreaterThan(0);
    const scaling = doc.scaling as Record<string, unknown>;
    expect(typeof scaling.subscriptionsDoubledRatio).toBe('number');
    expect(typeof scaling.papersDoubledRatio).toBe('number');
    expect(doc.llm).toEqual(llm);
  });
});

describe('bench --json daily rows', () => {
  it('carries daily[] rows and commandLatency', async () => {
    const corpus = readCorpus(join(import.meta.dirname, '..', 'fixtures'));
    const job = { channels: 20, store: 'memory' as const, papers: 300, subscriptionsPerChannel: 10, concurrentCommands: 10, seed: 42, pgUrl: '' };
    const row = await runDailySize(job, corpus, () => {});
    const { commandLatency, ...plain } = row;
    const doc = JSON.parse(JSON.stringify(toBenchJson({ daily: { daily: [plain], commandLatency: { ...commandLatency!, channels: 20, store: 'memory' }, errors: [] } })));
    const keys = ['channels', 'store', 'ingestMs', 'digestsMs', 'msPerChannelMedian', 'msPerChannelP95', 'queriesPerChannel', 'peakRssMb', 'computeShare'];
    for (const key of keys) expect(doc.daily[0], key).toHaveProperty(key);
    expect(doc.daily[0]).toMatchObject({ channels: 20, store: 'memory', subscriptions: 200, requests: 20 });
    expect(doc.daily[0].queriesPerChannel).toBeGreaterThan(0);
    // an embedded store is asked one thing at a time (on PostgreSQL independent reads go together)
    expect(doc.daily[0].waitsPerChannel).toBe(doc.daily[0].queriesPerChannel);
    expect(doc.commandLatency).toMatchObject({ concurrent: 10 });
    expect(doc.commandLatency.p99Ms).toBeGreaterThanOrEqual(doc.commandLatency.p50Ms);
    // the single commands that arrive during the run before the burst (5 % to 10 % of the channels: one here)
    expect(doc.commandLatency.trickle).toMatchObject({ count: 1 });
    expect(doc.commandLatency.trickle.firstMs).toBeGreaterThan(0);
  }, 120_000);

  it('carries the runs fired at once (dailyAtOnce)', async () => {
    const corpus = readCorpus(join(import.meta.dirname, '..', 'fixtures'));
    const job = { channels: 20, store: 'memory' as const, papers: 300, subscriptionsPerChannel: 10, concurrentCommands: 10, seed: 42, pgUrl: '', atOnceConcurrency: 4 };
    const row = await runAtOnceSize(job, corpus, () => {});
    const doc = JSON.parse(JSON.stringify(toBenchJson({ daily: { daily: [], atOnce: [row], errors: [] } })));
    expect(doc.dailyAtOnce[0]).toMatchObject({ channels: 20, store: 'memory', concurrency: 4, requests: 20, commandLatency: { concurrent: 10 } });
    for (const key of ['digestsMs', 'peakRssMb', 'computeShare']) expect(doc.dailyAtOnce[0][key], key).toBeGreaterThan(0);
    expect(doc.dailyAtOnce[0].commandLatency.p99Ms).toBeGreaterThanOrEqual(doc.dailyAtOnce[0].commandLatency.p50Ms);
  }, 120_000);
});

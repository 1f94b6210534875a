import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMatcherBench } from '../../bench/matcher-bench.js';
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

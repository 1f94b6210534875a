/** The percolator's vocabulary does not grow without bound under add/remove churn (compaction). */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import { createReferenceMatcher } from '../../src/radar/reference-matcher.js';
import { paperArb, queryArb } from './radar-arbitraries.js';
import { expectSameMatches } from './radar-equivalence.js';

const root = resolve(import.meta.dirname, '../..');

function heapRun(cycles: number): { start: number; end: number; stats: { subscriptions: number; dictionarySize: number; compactions: number } } {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/unit/helpers/percolator-heap-child.ts', String(cycles)], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

describe('percolator index size', () => {
  // 20,000 distinct queries of every kind, after a day's matching: ~1,690 bytes each; 2,160 when the
  // posting lists, the subscriptions of an entry, parsed names and cached reasons were arrays grown by push
  // (room for 17 or more items each, most holding one or two)
  it('holds under 1,900 bytes of heap per subscription', () => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/unit/helpers/percolator-index-heap-child.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as { perSubscription: number; matches: number; stats: { distinctQueries: number } };
    expect(r.stats.distinctQueries).toBe(20_000);
    expect(r.matches).toBeGreaterThan(1000);
    expect(r.perSubscription).toBeLessThan(1900);
  }, 120_000);
});

describe('percolator vocabulary compaction', () => {
  it('50,000 add/remove cycles leave the heap within 20 MB of the start', () => {
    const r = heapRun(50_000);
    expect(r.stats.subscriptions).toBe(50);
    expect(r.stats.compactions).toBeGreaterThan(0);
    expect(r.end - r.start).toBeLessThan(20 * 1024 * 1024);
  }, 120_000);

  it('keeps matching exactly like the reference across compactions', () => {
    const queries = fc.sample(queryArb, { numRuns: 3000, seed: 5 });
    const papers = fc.sample(paperArb, { numRuns: 20, seed: 9 });
    const ref = createReferenceMatcher();
    const perc = createPercolatorMatcher({ compactAfterRemovals: 16 });
    const both = (f: (m: typeof ref) => void) => {
      for (const m of [ref, perc]) {
        try {
          f(m);
        } catch {
          /* invalid queries are rejected by both */
        }
      }
    };
    queries.forEach((q, i) => {
      both((m) => m.add({ id: `s${i % 200}`, query: q }));
      if (i % 3 === 0) both((m) => m.remove(`s${(i * 7) % 200}`));
      if (i % 500 === 499) expectSameMatches(perc, ref, papers);
    });
    expect(perc.stats().compactions).toBeGreaterThan(0);
    expect(perc.size).toBe(ref.size);
    expectSameMatches(perc, ref, papers);
  });
});

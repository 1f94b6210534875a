import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import { createReferenceMatcher } from '../../src/radar/reference-matcher.js';
import { paperArb, queryArb } from './radar-arbitraries.js';
import { expectSameMatches } from './radar-equivalence.js';

function tryAdd(m: { add(s: { id: string; query: string }): void }, id: string, query: string): void {
  try {
    m.add({ id, query });
  } catch {
    /* invalid queries are rejected by both */
  }
}

describe('percolator ≡ reference under churn (slot reuse, program-pool compaction, shared leaves)', () => {
  it('thousands of adds, removes and re-adds', () => {
    const queries = fc.sample(queryArb, { numRuns: 4000, seed: 7 });
    const papers = fc.sample(paperArb, { numRuns: 25, seed: 11 });
    const ref = createReferenceMatcher();
    const perc = createPercolatorMatcher();
    const check = () => {
      expect(perc.size).toBe(ref.size);
      expectSameMatches(perc, ref, papers);
    };
    queries.forEach((q, i) => {
      tryAdd(ref, `s${i % 3000}`, q);
      tryAdd(perc, `s${i % 3000}`, q);
    });
    check();
    for (let i = 0; i < 3000; i += 1) {
      if (i % 5 === 0) continue;
      ref.remove(`s${i}`);
      perc.remove(`s${i}`);
    }
    check();
    queries.slice(0, 1500).forEach((q, i) => {
      tryAdd(ref, `t${i}`, q);
      tryAdd(perc, `t${i}`, q);
    });
    check();
  });
});

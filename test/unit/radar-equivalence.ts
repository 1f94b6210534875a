/** Shared check for the property tests: the percolator answers exactly like the reference matcher. */
import { expect } from 'vitest';
import type { Paper } from '../../src/papers/paper.js';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import { createReferenceMatcher } from '../../src/radar/reference-matcher.js';
import { matchRows, type SubscriptionMatcher } from '../../src/radar/subscription.js';
import type { TopicHits } from '../../src/radar/topic-leaf.js';

/** `matchMany` as per-paper lists. */
export function batchRows(m: SubscriptionMatcher, papers: readonly Paper[], topics?: TopicHits) {
  const table = m.matchMany(papers, topics);
  expect(table.papers).toBe(papers.length);
  return matchRows(table);
}

/** The percolator's paper-by-paper and batch paths both answer like the reference matcher. */
export function expectSameMatches(perc: SubscriptionMatcher, ref: SubscriptionMatcher, papers: readonly Paper[], topics?: TopicHits): void {
  const expected = papers.map((p) => ref.match(p, topics));
  papers.forEach((p, i) => expect(perc.match(p, topics)).toEqual(expected[i]));
  expect(batchRows(perc, papers, topics)).toEqual(expected);
}

function tryAdd(m: SubscriptionMatcher, id: string, query: string): string | null {
  try {
    m.add({ id, query });
    return null;
  } catch (e) {
    return (e as { code?: string }).code ?? 'unknown';
  }
}

/** Adds `queries` to both matchers, checks them on `papers`, removes `removeMask` ones, checks again. */
export function assertEquivalent(queries: readonly string[], papers: readonly Paper[], removeMask: readonly boolean[] = []): void {
  const ref = createReferenceMatcher();
  const perc = createPercolatorMatcher();
  queries.forEach((q, i) => {
    const a = tryAdd(ref, `s${i}`, q);
    const b = tryAdd(perc, `s${i}`, q);
    expect(b, `add ${q}`).toBe(a);
    if (a !== null) expect(a).toBe('query_invalid');
  });
  expect(perc.size).toBe(ref.size);
  expectSameMatches(perc, ref, papers);
  removeMask.forEach((rm, i) => {
    if (rm) {
      ref.remove(`s${i}`);
      perc.remove(`s${i}`);
    }
  });
  // re-add one query under a new id and an existing id (replace semantics)
  if (queries.length > 0) {
    tryAdd(ref, 's0', queries[queries.length - 1]!);
    tryAdd(perc, 's0', queries[queries.length - 1]!);
  }
  expect(perc.size).toBe(ref.size);
  expectSameMatches(perc, ref, papers);
}

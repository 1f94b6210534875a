/** Shared check for the property tests: the percolator answers exactly like the reference matcher. */
import { expect } from 'vitest';
import type { Paper } from '../../src/papers/paper.js';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import { createReferenceMatcher } from '../../src/radar/reference-matcher.js';
import type { SubscriptionMatcher } from '../../src/radar/subscription.js';

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
  for (const p of papers) expect(perc.match(p)).toEqual(ref.match(p));
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
  for (const p of papers) expect(perc.match(p)).toEqual(ref.match(p));
}

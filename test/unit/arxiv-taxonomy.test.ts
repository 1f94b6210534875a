import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARXIV_CATEGORIES, isArxivCategory, nearestArxivCategory } from '../../src/papers/arxiv-taxonomy.js';
import { CATEGORY_WEIGHTS } from '../../bench/categories.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');

/** Every category named in the recorded arXiv API and RSS responses. */
function recordedCategories(): string[] {
  const found = new Set<string>();
  for (const dir of ['arxiv-api', 'arxiv-rss']) {
    for (const file of readdirSync(join(fixtures, dir))) {
      const xml = readFileSync(join(fixtures, dir, file), 'utf8');
      for (const m of xml.matchAll(/term="([a-zA-Z.-]+)"|<category>([^<]+)<\/category>/g)) found.add((m[1] ?? m[2])!.trim());
    }
  }
  return [...found];
}

describe('arXiv taxonomy', () => {
  it('knows every category of the recorded arXiv responses (an archive alone, as arXiv still tags old papers, as an archive)', () => {
    const recorded = recordedCategories();
    expect(recorded.length).toBeGreaterThan(50);
    const unknown = recorded.filter((c) => !isArxivCategory(c, !c.includes('.')));
    expect(unknown).toEqual([]);
  });

  it('knows every category of the benchmark workload, and lists each category once', () => {
    expect(CATEGORY_WEIGHTS.map(([c]) => c).filter((c) => !isArxivCategory(c, false))).toEqual([]);
    expect(new Set(ARXIV_CATEGORIES.map((c) => c.toLowerCase())).size).toBe(ARXIV_CATEGORIES.length);
  });

  it('is case-insensitive and tells categories from archives', () => {
    expect(isArxivCategory('CS.lg', false)).toBe(true);
    expect(isArxivCategory('cs', false)).toBe(false);
    expect(isArxivCategory('cs', true)).toBe(true);
    expect(isArxivCategory('hep-th', true)).toBe(true);
    expect(isArxivCategory('cs.XX', false)).toBe(false);
  });

  it('suggests the nearest spelling only when it is close', () => {
    expect(nearestArxivCategory('cs.lgg', false)).toBe('cs.LG');
    expect(nearestArxivCategory('CS.CLL', false)).toBe('cs.CL');
    expect(nearestArxivCategory('cond-mat.str-e', false)).toBe('cond-mat.str-el');
    expect(nearestArxivCategory('hepth', true)).toBe('hep-th');
    expect(nearestArxivCategory('cs.xx', false)).toBeUndefined();
    expect(nearestArxivCategory('biology', true)).toBeUndefined();
  });
});

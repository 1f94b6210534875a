import { describe, expect, it } from 'vitest';
import { rankCandidates, type Candidate } from '../../src/radar/rank.js';
import type { Paper } from '../../src/papers/paper.js';
import type { MatchReason } from '../../src/radar/subscription.js';

const paper = (id: string, announced = '2026-11-23'): Paper => ({ id, title: id, abstract: '', authors: [], categories: [], announced, sources: [] });
const c = (id: string, reasons: MatchReason[], announced?: string): Candidate => ({ paper: paper(id, announced), reasons });

describe('rankCandidates', () => {
  it('puts more matched terms first, then title hits, then author hits, then newer, then id', () => {
    const ranked = rankCandidates([
      c('a', [{ field: 'abstract', term: 'moe' }]),
      c('b', [{ field: 'abstract', term: 'moe' }, { field: 'abstract', term: 'routing' }]),
      c('c', [{ field: 'title', term: 'moe' }]),
      c('d', [{ field: 'authors', term: 'Yinmin Zhong' }]),
      c('e', [{ field: 'abstract', term: 'moe' }], '2026-11-24'),
      c('f', [{ field: 'abstract', term: 'moe' }]),
    ]);
    expect(ranked.map((x) => x.paper.id)).toEqual(['b', 'c', 'd', 'e', 'a', 'f']);
  });

  it('counts a term once however many fields it hit, but prefers more field hits on a tie', () => {
    const ranked = rankCandidates([
      c('one-field', [{ field: 'abstract', term: 'MoE' }]),
      c('two-fields', [{ field: 'abstract', term: 'moe' }, { field: 'categories', term: 'MOE' }]),
    ]);
    expect(ranked.map((x) => x.paper.id)).toEqual(['two-fields', 'one-field']);
  });
});

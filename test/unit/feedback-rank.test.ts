/**
 * The learned re-ranking on top of the one ranking (src/radar/rank.ts): no votes → exactly the base order;
 * votes move papers that share what was liked/disliked; author-subscription matches are never pushed below
 * their unlearned place; the model itself learns the sign of a vote.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.js';
import { rankCandidates, type Candidate, type Preference } from '../../src/radar/rank.js';
import type { MatchReason } from '../../src/radar/subscription.js';
import { authorFeature, paperFeatures } from '../../src/feedback/features.js';
import { createFeatureSpace, pack, trainPreferenceModel } from '../../src/feedback/model.js';
import { candidateFeatures, FeatureCache, preferenceFromVotes } from '../../src/feedback/preference.js';
import { learnedChip } from '../../src/feedback/chips.js';
import type { Vote } from '../../src/feedback/vote-store.js';
import { translator } from '../../src/i18n/messages.js';

const paper = (id: string, p: Partial<Paper> = {}): Paper => ({
  id, title: `Paper ${id}`, abstract: '', authors: [], categories: ['cs.LG'], announced: '2026-04-27', sources: [], ...p,
});
const cand = (p: Paper, reasons: MatchReason[] = [{ field: 'categories', term: 'cs.LG' }], subs = ['shell:t#1']): Candidate => ({ paper: p, reasons, subscriptionIds: subs });
const ids = (cs: readonly Candidate[]) => cs.map((c) => c.paper.id);
const cache = new FeatureCache();
const voteOn = (c: Candidate, value: 1 | -1, voterId = 'u1'): Vote => ({
  paperId: c.paper.id, voterId, value, at: '2026-04-27T10:00:00Z', features: Object.fromEntries(candidateFeatures(c, cache)),
});

const arbCandidates = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 6 }),
    terms: fc.array(fc.record({ field: fc.constantFrom('title', 'abstract', 'authors', 'categories'), term: fc.constantFrom('moe', 'routing', 'Ada Lovelace', 'cs.LG') }), { minLength: 1, maxLength: 4 }),
    day: fc.constantFrom('2026-04-24', '2026-04-27'),
    author: fc.constantFrom('Ada Lovelace', 'Alan Turing', 'Grace Hopper'),
  }),
  { selector: (r) => r.id, maxLength: 30 },
).map((rs) => rs.map((r) => cand(paper(r.id, { announced: r.day, authors: [{ name: r.author }], title: `${r.id} sparse routing` }), r.terms as MatchReason[])));

describe('learned ranking', () => {
  it('with no votes ranks exactly as the unlearned ranking (the prior)', () => {
    fc.assert(
      fc.property(arbCandidates, (cs) => {
        expect(preferenceFromVotes([], cache)).toBeUndefined();
        expect(ids(rankCandidates(cs, preferenceFromVotes([], cache)))).toEqual(ids(rankCandidates(cs)));
      }),
    );
  });

  it('with a preference that scores everything 0, keeps the base order', () => {
    const zero: Preference = { score: () => 0, explain: () => undefined };
    fc.assert(
      fc.property(arbCandidates, (cs) => {
        expect(ids(rankCandidates(cs, zero))).toEqual(ids(rankCandidates(cs)));
      }),
    );
  });

  it('never moves an author-subscription match below its unlearned place, and never drops a candidate', () => {
    fc.assert(
      fc.property(arbCandidates, fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 30, maxLength: 30 }), (cs, scores) => {
        const byId = new Map(cs.map((c, i) => [c.paper.id, scores[i]!]));
        const pref: Preference = { score: (c) => byId.get(c.paper.id)!, explain: () => undefined };
        const base = ids(rankCandidates(cs));
        const learned = ids(rankCandidates(cs, pref));
        expect([...learned].sort()).toEqual([...base].sort());
        for (const c of cs) {
          if (c.reasons.some((r) => r.field === 'authors')) expect(learned.indexOf(c.paper.id)).toBeLessThanOrEqual(base.indexOf(c.paper.id));
        }
      }),
    );
  });

  it('ranks a paper by the liked paper’s author above one that ranked above it, with a chip saying why', () => {
    const liked = cand(paper('liked', { title: 'Disaggregated serving', authors: [{ name: 'Yinmin Zhong' }, { name: 'Xin Jin' }] }));
    const a = cand(paper('a', { title: 'Graph learning for molecules', authors: [{ name: 'Marie Curie' }] }));
    const b = cand(paper('b', { title: 'Protein folding at scale', authors: [{ name: 'Ada Lovelace' }] }));
    const z = cand(paper('z', { title: 'Another system', authors: [{ name: 'Yinmin Zhong' }] }));
    expect(ids(rankCandidates([a, b, z]))).toEqual(['a', 'b', 'z']);
    const votes = [voteOn(liked, 1), voteOn(liked, 1, 'u2')];
    const ranked = rankCandidates([a, b, z], preferenceFromVotes(votes, cache));
    expect(ids(ranked)[0]).toBe('z');
    const chip = learnedChip(ranked[0]!.learned!, translator('en'));
    expect(chip).toBe('↑ liked: 1 paper by Yinmin Zhong');
    expect(learnedChip(ranked[0]!.learned!, translator('zh'))).toContain('Yinmin Zhong');
  });

  it('a 👎 moves papers sharing the disliked paper’s terms down', () => {
    const disliked = cand(paper('d', { title: 'A survey of everything', abstract: 'We survey the literature.' }));
    const s = cand(paper('s', { title: 'A survey of graph models', abstract: 'This survey reviews work.' }));
    const o1 = cand(paper('o1', { title: 'Sparse routing kernels' }));
    const o2 = cand(paper('o2', { title: 'Tokenizers for code' }));
    expect(ids(rankCandidates([s, o1, o2]))).toEqual(['o1', 'o2', 's']);
    const base = [s, o1, o2].map((c) => ({ ...c, paper: { ...c.paper, announced: c === s ? '2026-04-28' : c.paper.announced } }));
    expect(ids(rankCandidates(base))[0]).toBe('s');
    const ranked = rankCandidates(base, preferenceFromVotes([voteOn(disliked, -1)], cache));
    expect(ids(ranked).indexOf('s')).toBeGreaterThan(0);
    expect(ranked.find((c) => c.paper.id === 's')!.learned).toMatchObject({ direction: 'down', feature: 'w:survey' });
  });
});

describe('preference model', () => {
  it('learns positive weights from 👍 and negative from 👎, zero for unseen features', () => {
    const space = createFeatureSpace();
    const up = pack(paperFeatures(paper('u', { title: 'LLM serving throughput', authors: [{ name: 'Yinmin Zhong' }] })), space);
    const down = pack(paperFeatures(paper('d', { title: 'A survey of surveys' })), space);
    const m = trainPreferenceModel([{ features: up, label: 1 }, { features: down, label: -1 }], space);
    expect(m.weight(authorFeature('Yinmin Zhong'))).toBeGreaterThan(0);
    expect(m.weight('w:survey')).toBeLessThan(0);
    expect(m.weight('w:never-seen')).toBe(0);
    expect(m.score(up)).toBeGreaterThan(0);
    expect(m.score(down)).toBeLessThan(0);
    expect(m.strongest(1, 10).map((x) => x.feature)).toContain(authorFeature('Yinmin Zhong'));
  });

  it('folds author names: case and accents do not make a different author', () => {
    expect(authorFeature('José Núñez')).toBe(authorFeature('jose nunez'));
  });
});

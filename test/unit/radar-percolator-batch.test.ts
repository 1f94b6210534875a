/**
 * The percolator's batch path (`matchMany`, percolator-batch.ts) against its paper-by-paper path and the
 * reference matcher on a generated day: passes longer than one batch, shared query lines, author terms that
 * do not anchor their query, topics, and changes between batches.
 */
import { describe, expect, it } from 'vitest';
import { generateWorkload, readCorpus } from '../../bench/workload.js';
import type { Paper } from '../../src/papers/paper.js';
import { MAX_BATCH } from '../../src/radar/percolator-batch.js';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import { createReferenceMatcher } from '../../src/radar/reference-matcher.js';
import { matchRows, type MatchTable } from '../../src/radar/subscription.js';
import { likeKey, topicKey, type TopicHits } from '../../src/radar/topic-leaf.js';
import { batchRows, expectSameMatches } from './radar-equivalence.js';

const fixtures = new URL('../fixtures', import.meta.url).pathname;
const day = generateWorkload({ corpus: readCorpus(fixtures), papers: MAX_BATCH + 300, subscriptions: 3000, seed: 5 });

describe('percolator batch path', () => {
  it('matches a day longer than one batch exactly like paper by paper and like the reference', () => {
    const perc = createPercolatorMatcher();
    const ref = createReferenceMatcher();
    for (const s of day.subscriptions) {
      perc.add(s);
      ref.add(s);
    }
    const rows = batchRows(perc, day.papers);
    expect(rows.reduce((n, r) => n + r.length, 0)).toBeGreaterThan(day.papers.length); // the day does match
    day.papers.forEach((p, i) => expect(rows[i]).toEqual(perc.match(p)));
    const sample = day.papers.filter((_, i) => i % 37 === 0);
    expectSameMatches(perc, ref, sample);
  });

  it('keeps up with adds, removes and re-adds between batches', () => {
    const perc = createPercolatorMatcher();
    const ref = createReferenceMatcher();
    const papers = day.papers.slice(0, 200);
    const both = (f: (m: typeof perc | typeof ref) => void) => [perc, ref].forEach(f);
    day.subscriptions.slice(0, 1500).forEach((s) => both((m) => m.add(s)));
    expectSameMatches(perc, ref, papers);
    day.subscriptions.slice(0, 1500).forEach((s, i) => i % 3 === 0 && both((m) => m.remove(s.id)));
    both((m) => m.add({ id: day.subscriptions[1]!.id, query: 'cat:cs.LG' })); // an id moves last
    both((m) => m.add({ id: 'late', query: day.subscriptions[4]!.query })); // a shared query line
    expectSameMatches(perc, ref, papers);
  });

  it('author terms that another term anchors, shared lines and topic leaves', () => {
    const papers: Paper[] = [
      { id: 'p1', title: 'Sparse routing for mixture of experts', abstract: 'We study routers.', authors: [{ name: 'Yinmin Zhong' }, { name: 'Ada Lovelace' }], categories: ['cs.LG'], sources: [] },
      { id: 'p2', title: 'Graph diffusion', abstract: 'Mixture of experts, again.', authors: [{ name: 'Zhong, Y.' }], categories: ['cs.CL', 'stat.ML'], sources: [] },
      { id: 'p3', title: 'Unrelated', abstract: '', authors: [{ name: 'Wen Wang' }], categories: ['math.OC'], sources: [] },
    ];
    const queries = ['cat:cs.LG au:Zhong', 'cat:cs.CL author:"Y. Zhong"', '"mixture of experts" -au:Lovelace', 'cat:cs.LG au:Zhong',
      'topic:"sparse expert routing" OR cat:math.OC', 'like:2411.17796 -graph', 'cat:stat.* (diffusion OR routing)', 'au:Lovelace OR au:Wang'];
    const key = topicKey('sparse expert routing');
    const hits: TopicHits = {
      mode: 'lexical',
      keysOf: (id) => (id === 'p1' ? [key] : id === 'p3' ? [likeKey('arxiv:2411.17796')] : []),
      scoreOf: () => 0.5,
    };
    const perc = createPercolatorMatcher();
    const ref = createReferenceMatcher();
    queries.forEach((query, i) => [perc, ref].forEach((m) => m.add({ id: `s${i}`, query })));
    expectSameMatches(perc, ref, papers, hits);
    expectSameMatches(perc, ref, papers);
    expect(batchRows(perc, papers, hits).map((r) => r.map((m) => m.subscriptionId))).toEqual([
      ['s0', 's3', 's4', 's7'], // s2: Ada Lovelace is an author
      ['s1', 's2', 's6'],
      ['s4', 's5', 's7'],
    ]);
  });

  it('matchSteps gives the same table in many small steps, and two suspended passes do not disturb each other', () => {
    const perc = createPercolatorMatcher();
    for (const s of day.subscriptions) perc.add(s);
    const a = perc.matchSteps(day.papers);
    const b = perc.matchSteps(day.papers.slice(0, 300));
    let stepsA = 0;
    let nextA = a.next();
    let nextB = b.next();
    while (!nextA.done || !nextB.done) {
      if (!nextA.done) (nextA = a.next()), stepsA++;
      if (!nextB.done) nextB = b.next();
    }
    // bounded steps: the papers are tokenised 16 at a time, so a 1,324-paper day takes many steps
    expect(stepsA).toBeGreaterThan(day.papers.length / 16);
    const expected = batchRows(perc, day.papers);
    expect(matchRows(nextA.value as MatchTable)).toEqual(expected);
    expect(matchRows(nextB.value as MatchTable)).toEqual(expected.slice(0, 300));
  });

  it('a subscription change between steps restarts the pass: the table reflects the subscriptions at its end', () => {
    const perc = createPercolatorMatcher();
    const ref = createReferenceMatcher();
    const subs = day.subscriptions.slice(0, 2000);
    subs.forEach((s) => [perc, ref].forEach((m) => m.add(s)));
    const papers = day.papers.slice(0, 400);
    const runs = [perc, ref].map((m) => m.matchSteps(papers));
    for (let k = 0; k < 10; k++) runs.forEach((r) => expect(r.next().done).toBe(false)); // both mid-pass
    for (const m of [perc, ref]) {
      m.remove(subs[0]!.id);
      m.add({ id: 'new', query: 'cat:cs.LG' });
    }
    const expected = papers.map((p) => ref.match(p));
    expect(expected.some((r) => r.some((x) => x.subscriptionId === 'new'))).toBe(true);
    for (const run of runs) {
      let next = run.next();
      while (!next.done) next = run.next();
      expect(matchRows(next.value as MatchTable)).toEqual(expected);
    }
  });

  it('a change during the second pass of a long batch redoes the first pass too', () => {
    const perc = createPercolatorMatcher();
    const ref = createReferenceMatcher();
    const subs = day.subscriptions.slice(0, 200);
    subs.forEach((s) => [perc, ref].forEach((m) => m.add(s)));
    const steps = perc.matchSteps(day.papers); // MAX_BATCH + 300 papers: two passes
    // well into the second pass: the first tokenises its 2,198 papers 16 per step (~140 steps)
    for (let k = 0; k < 200; k++) expect(steps.next().done).toBe(false);
    for (const m of [perc, ref]) m.add({ id: 'late', query: 'cat:cs.LG' });
    let next = steps.next();
    while (!next.done) next = steps.next();
    const table = next.value;
    const rows = matchRows(table);
    const lateRows = rows.filter((r) => r.some((m) => m.subscriptionId === 'late'));
    expect(lateRows.length).toBe(day.papers.filter((p) => ref.match(p).some((m) => m.subscriptionId === 'late')).length);
    expect(rows.slice(0, 200)).toEqual(day.papers.slice(0, 200).map((p) => ref.match(p)));
  });

  it('subscriptions changing at every step cannot starve a batch: after a few restarts it runs to the end', () => {
    const perc = createPercolatorMatcher();
    const ref = createReferenceMatcher();
    day.subscriptions.slice(0, 500).forEach((s) => [perc, ref].forEach((m) => m.add(s)));
    const papers = day.papers.slice(0, 300);
    const steps = perc.matchSteps(papers);
    let n = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) {
      for (const m of [perc, ref]) m.add({ id: `churn${n % 7}`, query: n % 2 ? 'cat:cs.LG' : 'cat:cs.CV' });
      n++;
    }
    expect(n).toBeLessThan(500);
    expect(matchRows(next.value as MatchTable)).toEqual(papers.map((p) => ref.match(p)));
  });

  it('an empty matcher or an empty batch gives an empty table', () => {
    const perc = createPercolatorMatcher();
    expect(matchRows(perc.matchMany(day.papers.slice(0, 3)))[2]).toEqual([]);
    perc.add({ id: 'a', query: 'cat:cs.LG' });
    expect(perc.matchMany([]).papers).toBe(0);
    expect(matchRows(perc.matchMany([]))).toEqual([]);
  });
});

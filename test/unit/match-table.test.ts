import { describe, expect, it } from 'vitest';
import { concatMatchTables, matchCount, matchRows, matchTableOf, type MatchTable, type SubscriptionMatch } from '../../src/radar/subscription.js';

const why = (term: string) => Object.freeze([{ field: 'title' as const, term }]);
const m = (subscriptionId: string, term = subscriptionId): SubscriptionMatch => ({ subscriptionId, reasons: why(term) });

describe('match tables (by subscription)', () => {
  const rows = [[m('a'), m('c')], [], [m('b'), m('c')], [m('a'), m('b'), m('c')]];

  it('give back the per-paper rows they were made of, in subscription order', () => {
    const table = matchTableOf(rows);
    expect(table.papers).toBe(4);
    expect(table.ids).toEqual(['a', 'b', 'c']);
    expect(matchCount(table)).toBe(7);
    expect(matchRows(table)).toEqual(rows);
    // each subscription's papers ascending
    const c = table.ids.indexOf('c');
    expect([...table.paper.subarray(table.from[c]!, table.to[c]!)]).toEqual([0, 2, 3]);
  });

  it('keep the very reasons arrays', () => {
    expect(matchRows(matchTableOf(rows))[3]![1]!.reasons).toBe(rows[3]![1]!.reasons);
  });

  it('join tables of consecutive papers, sharing a subscription list or not', () => {
    const a = matchTableOf(rows.slice(0, 2));
    const b = matchTableOf(rows.slice(2));
    expect(matchRows(concatMatchTables([a, b]))).toEqual(rows);
    const shared = { ...b, ids: a.ids, from: new Int32Array(a.ids.length), to: new Int32Array(a.ids.length) };
    // same list: b's matches expressed against a's subscriptions (a, c): c on both papers, a on the second
    const c = a.ids.indexOf('c');
    const aa = a.ids.indexOf('a');
    const joined = concatMatchTables([
      a,
      { ...shared, paper: Int32Array.from([1, 0, 1]), reason: Int32Array.from([0, 1, 2]), reasonSets: [why('a'), why('c'), why('c')], from: Int32Array.from(a.ids.map((_, k) => (k === aa ? 0 : 1))), to: Int32Array.from(a.ids.map((_, k) => (k === aa ? 1 : k === c ? 3 : 1))) },
    ]);
    expect(joined.papers).toBe(4);
    expect(matchRows(joined).map((r) => r.map((x) => x.subscriptionId))).toEqual([['a', 'c'], [], ['c'], ['a', 'c']]);
  });

  it('join the passes of shared queries once, and only ranges shared in every pass', () => {
    // subscriptions x, y share a query (the same range in both passes); z shares x's range in the first
    // pass only — it must get its own joined range
    const ids = ['x', 'y', 'z'];
    const reasonSets = [why('q'), why('r')];
    const part = (paper: number[], from: number[], to: number[]): MatchTable => ({
      papers: 2, ids, from: Int32Array.from(from), to: Int32Array.from(to), paper: Int32Array.from(paper), reason: Int32Array.from(paper.map(() => 0)), reasonSets,
    });
    const first = part([0, 1], [0, 0, 0], [2, 2, 2]);
    const second = part([1, 0], [0, 0, 1], [1, 1, 2]);
    const joined = concatMatchTables([first, second]);
    expect([joined.from[0], joined.to[0]]).toEqual([joined.from[1], joined.to[1]]);
    expect(joined.from[2]).not.toBe(joined.from[0]);
    expect(joined.paper.length).toBe(6); // x's (and y's) three papers once, z's three
    const papersOf = (k: number) => [...joined.paper.subarray(joined.from[k]!, joined.to[k]!)];
    expect([papersOf(0), papersOf(1), papersOf(2)]).toEqual([[0, 1, 3], [0, 1, 3], [0, 1, 2]]);
    expect(matchCount(joined)).toBe(9);
  });

  it('an empty day is an empty table', () => {
    const table = matchTableOf([[], []]);
    expect(table.papers).toBe(2);
    expect(matchRows(table)).toEqual([[], []]);
  });
});

/**
 * The batch path's steps stay short where a process is slow — its first pass runs every loop for the first
 * time and writes memory never touched before: a step also ends on the clock, the subscription order and the
 * table's last writing go in steps, and the bitset arena takes its room before the pass instead of growing
 * (copying everything) in the middle of one.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Paper } from '../../src/papers/paper.js';
import { BitsetArena } from '../../src/radar/percolator-bitsets.js';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import { matchRows, type MatchTable } from '../../src/radar/subscription.js';

const paper = (i: number, title: string): Paper => ({
  id: `arxiv:2612.${String(10000 + i)}`,
  title,
  abstract: `We study diffusion models and graph neural networks, case ${i}.`,
  authors: [{ name: 'Ada Lovelace' }],
  categories: ['cs.LG'],
  published: '2026-12-01T00:00:00Z',
  sources: [],
});

/** Runs the steps to the end; returns how many there were and the table. */
function drive(steps: Generator<void, MatchTable, void>, between?: (step: number) => void): { steps: number; table: MatchTable } {
  let n = 0;
  for (let next = steps.next(); ; next = steps.next(), n++) {
    if (next.done) return { steps: n, table: next.value };
    between?.(n);
  }
}

afterEach(() => vi.restoreAllMocks());

describe('percolator batch steps', () => {
  it('a step ends once ~2 ms have passed, however few papers it has read', () => {
    const perc = createPercolatorMatcher();
    perc.add({ id: 'a', query: 'diffusion' });
    perc.add({ id: 'b', query: 'cat:cs.LG -graph' });
    const papers = Array.from({ length: 64 }, (_, i) => paper(i, `Paper ${i} on diffusion`));
    const expected = matchRows(perc.matchMany(papers));
    // a clock that moves only when a paper's title is read: every paper takes 3 ms (a cold process's pace)
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const slow = papers.map((p) => ({ ...p, get title() { clock += 3; return p.title; } }));
    const { steps, table } = drive(perc.matchSteps(slow));
    expect(steps).toBeGreaterThanOrEqual(64); // 16 papers a step at most (4 steps) when the clock is not read
    expect(matchRows(table)).toEqual(expected);
  });

  it('100,000 subscriptions are put in order and pointed at their matches in steps; a change meanwhile restarts the pass', () => {
    const perc = createPercolatorMatcher();
    for (let i = 0; i < 100_000; i++) perc.add({ id: `s${i}`, query: i % 2 ? 'diffusion' : 'cat:cs.LG' });
    const papers = [paper(0, 'Diffusion everywhere')];
    const { steps } = drive(perc.matchSteps(papers));
    expect(steps).toBeGreaterThanOrEqual(Math.floor(100_000 / 16384)); // 1–2 steps when the order was built at once
    // once built, the order is kept until the subscriptions change
    perc.add({ id: 'late', query: 'diffusion' });
    const again = drive(perc.matchSteps(papers), (step) => {
      if (step === 2) perc.add({ id: 'later', query: 'everywhere' });
    });
    const row = matchRows(again.table)[0]!.map((m) => m.subscriptionId);
    expect(row).toHaveLength(100_002);
    expect(row.slice(-2)).toEqual(['late', 'later']);
  });

  it('the arena takes room for the sets it is told to expect, so making them never moves it', () => {
    const arena = new BitsetArena();
    arena.reset(3000, 4000);
    const data = arena.data;
    for (let k = 0; k < 4000; k++) arena.alloc();
    expect(arena.data === data).toBe(true);
    // and only the room it was told: past it, it grows
    for (let k = 0; k < 4000; k++) arena.alloc();
    expect(arena.data === data).toBe(false);
  });
});

/**
 * The learning bench's replay (not its timings): deterministic for a seed, day 1 identical with learning on
 * and off (no votes yet: the prior), and learning ahead of no-learning once the team has voted for a few
 * days; the JSON document carries the section.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLearningBench } from '../../bench/learning-bench.js';
import { toBenchJson } from '../../bench/report.js';

describe('learning bench replay', () => {
  const fixturesDir = join(import.meta.dirname, '..', 'fixtures');
  const r = runLearningBench({ fixturesDir, days: 6, perDay: 120, timingRuns: 1 });

  it('ranks day 1 exactly as without learning, and is ahead from day 5 on', () => {
    expect(r.days).toHaveLength(6);
    expect(r.days[0]).toMatchObject({ votesBefore: 0 });
    expect(r.days[0]!.pAt10On).toBe(r.days[0]!.pAt10Off);
    expect(r.days[0]!.ndcgOn).toBe(r.days[0]!.ndcgOff);
    const late = r.days.slice(4);
    expect(late.reduce((s, d) => s + d.pAt10On, 0)).toBeGreaterThan(late.reduce((s, d) => s + d.pAt10Off, 0));
    expect(r.days.at(-1)!.votesBefore).toBeGreaterThan(0);
  });

  it('is deterministic for a seed, and appears in the --json document', () => {
    const again = runLearningBench({ fixturesDir, days: 6, perDay: 120, timingRuns: 1 });
    expect(again.days.map((d) => [d.pAt10On, d.pAt10Off, d.votesBefore])).toEqual(r.days.map((d) => [d.pAt10On, d.pAt10Off, d.votesBefore]));
    const doc = JSON.parse(JSON.stringify(toBenchJson({ learning: r }))) as { learning: { days: unknown[]; day5Ratio: number; maxCostMs: number } };
    expect(doc.learning.days).toHaveLength(6);
    expect(typeof doc.learning.day5Ratio).toBe('number');
    expect(typeof doc.learning.maxCostMs).toBe('number');
  });
});

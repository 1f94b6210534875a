import { describe, expect, it } from 'vitest';
import { keepFaster } from '../../bench/daily-bench.js';
import type { DailyRow } from '../../bench/daily-run.js';

const row = (channels: number, store: string, median: number, extra: Partial<DailyRow> = {}): DailyRow =>
  ({ channels, store, msPerChannelMedian: median, peakRssMb: 100, ...extra }) as DailyRow;

describe('daily bench repeats', () => {
  it('keeps the run with the lower median and lists every run', () => {
    const daily: DailyRow[] = [];
    keepFaster(daily, row(1000, 'sqlite', 2.2));
    keepFaster(daily, row(10000, 'sqlite', 2.5));
    keepFaster(daily, row(1000, 'sqlite', 1.9));
    keepFaster(daily, row(10000, 'sqlite', 2.8));
    expect(daily.map((d) => [d.channels, d.msPerChannelMedian, d.msPerChannelMedianRuns])).toEqual([
      [1000, 1.9, [2.2, 1.9]],
      [10000, 2.5, [2.5, 2.8]],
    ]);
  });

  it('does not mix stores, and the command latency stays with the run that measured it', () => {
    const latency = { p50Ms: 20, p99Ms: 30, concurrent: 100, maxLoopDelayMs: 25 };
    const daily: DailyRow[] = [];
    keepFaster(daily, row(5000, 'sqlite', 3, { commandLatency: latency }));
    keepFaster(daily, row(5000, 'postgres', 1));
    keepFaster(daily, row(5000, 'sqlite', 2));
    expect(daily).toHaveLength(2);
    expect(daily[0]).toMatchObject({ store: 'sqlite', msPerChannelMedian: 2, commandLatency: latency });
    expect(daily[1]!.msPerChannelMedianRuns).toBeUndefined();
  });
});

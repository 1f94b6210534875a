/**
 * A scheduled digest waits for the store as few times in a row as its questions allow where every question is
 * a round trip (PostgreSQL: ~0.1 ms on one machine, 0.5–2 ms across a network): the reads that do not depend on
 * each other are asked together, and the plan and the post are one statement each. On an embedded store
 * (SQLite), whose calls run one after another anyway, it asks one thing at a time — reads queued ahead would
 * only make a command typed meanwhile wait behind more of them. Counted through the store's ports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingStore } from '../../src/store/counting-store.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { createTempPgDatabase, type TempPgDatabase } from '../contract/pg-temp.js';
import type { ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { shellChannel } from '../fakes/recording.js';
import { fakeClock } from '../fakes/clock.js';
import { DAY, defaults, startArxivDay, startDayRadar } from './one-day-radar.js';

let arxiv: ArxivEmulator;
let pg: TempPgDatabase;
let pgAgain: TempPgDatabase;
beforeAll(async () => {
  arxiv = await startArxivDay();
  pg = await createTempPgDatabase('digest_waits');
  pgAgain = await createTempPgDatabase('digest_waits');
});
afterAll(async () => {
  await arxiv.close();
  await pg.drop();
  await pgAgain.drop();
});

/** One channel's scheduled digest (after another channel's, so the window is read and indexed): its store calls by wait. */
async function scheduledDigestWaits(url: string): Promise<{ waits: string[][]; calls: number }> {
  const clock = fakeClock(`${DAY}T12:00:00Z`);
  const inner = await openSqlRadarStore(url, { defaults, now: () => clock.now() });
  for (const q of ['"diffusion models"', '"graph neural networks"']) await inner.subscriptions.add('shell:lab', q);
  await inner.subscriptions.add('shell:other', '"diffusion models"');
  const counting = countingStore(inner, { trace: true });
  const radar = await startDayRadar(arxiv, url, counting.store, clock);
  try {
    await radar.ingestNow();
    await radar.services.digests.runScheduled(shellChannel('other'), clock.now());
    counting.reset();
    const outcome = await radar.services.digests.runScheduled(shellChannel('lab'), clock.now());
    expect(outcome.posted).toBeGreaterThan(0);
    const { calls, waits } = counting.counts();
    const trace = counting.waitsTrace().map((w) => [...w].sort());
    expect(waits).toBe(trace.length);
    return { waits: trace, calls };
  } finally {
    await radar.stop();
  }
}

describe('a scheduled digest and its store', () => {
  it('on PostgreSQL asks its independent reads together: settings with status; open runs with subscriptions, window and watchers', async () => {
    const { waits, calls } = await scheduledDigestWaits(pg.url);
    const together = (...names: string[]) => waits.some((w) => names.every((n) => w.includes(n)));
    expect(together('channels.getSettings', 'channels.getStatus')).toBe(true);
    expect(together('outbox.open', 'subscriptions.list', 'papers.listDayCounts', 'watchers.list')).toBe(true);
    expect(waits.length).toBeLessThanOrEqual(calls - 4);
  }, 60_000);

  it('on SQLite asks one thing at a time, the same questions', async () => {
    const onPg = await scheduledDigestWaits(pgAgain.url);
    const { waits, calls } = await scheduledDigestWaits('memory://');
    expect(waits.every((w) => w.length === 1)).toBe(true);
    expect(calls).toBe(onPg.calls);
  }, 60_000);
});

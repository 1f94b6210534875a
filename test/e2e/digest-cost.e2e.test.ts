/**
 * The cost of one channel's day does not depend on how many channels exist: the same store questions
 * (calls and items asked/returned, method by method) for ingest and for one channel's digest with 100 and
 * with 2,000 channels subscribed to the same papers. The ledger is asked only about the papers the
 * channel matched. (Timings live in `npm run bench`, section `daily`.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingStore, type StoreCounts } from '../../src/store/counting-store.js';
import { openSqlRadarStore as openRadarStore } from '../../src/store/sql/sql-radar-store.js';
import type { ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { shellChannel } from '../fakes/recording.js';
import { fakeClock } from '../fakes/clock.js';
import { DAY, defaults, startArxivDay, startDayRadar } from './one-day-radar.js';

const OTHER_QUERIES = ['"diffusion models"', 'cat:cs.LG', '"speech recognition" OR "protein folding"'];
const MINE = ['"diffusion models"', '"graph neural networks"'];

let arxiv: ArxivEmulator;
beforeAll(async () => {
  arxiv = await startArxivDay();
});
afterAll(() => arxiv.close());

/** Ingest, then one other channel's digest (the window is indexed), then the measured channel's digest. */
async function measure(channels: number): Promise<{ ingest: StoreCounts; digest: StoreCounts; add: StoreCounts; remove: StoreCounts; cards: number }> {
  const clock = fakeClock(`${DAY}T12:00:00Z`);
  const inner = await openRadarStore('memory://', { defaults, now: () => clock.now() });
  for (let c = 1; c < channels; c++) for (const q of OTHER_QUERIES) await inner.subscriptions.add(`shell:other-${c}`, q);
  for (const q of MINE) await inner.subscriptions.add('shell:lab', q);
  const counting = countingStore(inner);
  const radar = await startDayRadar(arxiv, 'memory://', counting.store, clock);
  try {
    const deliver = async () => [{ id: 'm', channel: shellChannel() }];
    counting.reset();
    expect((await radar.ingestNow()) as { stored: number }).toMatchObject({ stored: 60 });
    const ingest = counting.counts();
    await radar.services.digests.digestNow(shellChannel('other-1'), deliver);
    counting.reset();
    const outcome = await radar.services.digests.digestNow(shellChannel('lab'), deliver);
    const digest = counting.counts();
    counting.reset();
    const sub = await radar.services.subscriptions.add(shellChannel('lab'), '"protein folding"', { id: 'u1', canManage: true });
    const add = counting.counts();
    counting.reset();
    await radar.services.subscriptions.remove(shellChannel('lab'), sub.number);
    return { ingest, digest, add, remove: counting.counts(), cards: outcome.posted + outcome.remaining };
  } finally {
    await radar.stop();
  }
}

describe('one channel of the daily run', () => {
  it('asks the store the same questions with 100 and with 2,000 channels (ingest, digest, add, remove)', async () => {
    const small = await measure(100);
    const large = await measure(2000);
    expect(small.cards).toBe(20);
    expect(large.cards).toBe(20);
    expect(large.ingest).toEqual(small.ingest);
    expect(large.digest).toEqual(small.digest);
    expect(large.add).toEqual(small.add);
    expect(large.remove).toEqual(small.remove);
    // the ledger hears only about the 20 papers this channel matched, not the whole window of 60
    expect(small.digest.byMethod['ledger.filterDelivered']).toEqual({ calls: 1, items: 20 });
  }, 120_000);
});

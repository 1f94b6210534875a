/**
 * A scheduled digest waits for the store as few times in a row as its questions allow: the reads that do not
 * depend on each other are asked together (on PostgreSQL every wait is a round trip, ~0.3–1 ms each, and the
 * plan and the post each one statement). Counted through the store's ports, whatever the backend.
 */
import { allCommands } from '../../commands/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRadar } from '../../src/app/start-radar.js';
import { silentLogger } from '../../src/logger.js';
import { countingStore } from '../../src/store/counting-store.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import type { ChannelSettings } from '../../src/store/ports.js';
import { buildRssListing, startArxivEmulator, syntheticPapers, type ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { RecordingAdapter, shellChannel } from '../fakes/recording.js';
import { fakeClock } from '../fakes/clock.js';

const CATS = 'cs.AI+cs.CL+cs.CV+cs.LG';
const DAY = '2026-11-23';
const defaults: ChannelSettings = { size: 10, time: '09:00', timezone: 'UTC', language: 'en', summaries: false, crosslists: true, replacements: false };
const papers = syntheticPapers(60, ['cs.LG', 'cs.AI']).map((p) => ({ ...p, announceType: 'new' as const, version: 1 }));

let arxiv: ArxivEmulator;
beforeAll(async () => {
  arxiv = await startArxivEmulator({ day: DAY });
  arxiv.setListing(CATS, buildRssListing(papers, { categories: CATS, day: DAY }));
});
afterAll(() => arxiv.close());

describe('a scheduled digest and its store', () => {
  it('asks its independent questions together: settings with status, open runs with subscriptions and window, and watchers', async () => {
    const clock = fakeClock(`${DAY}T12:00:00Z`);
    const inner = await openSqlRadarStore('memory://', { defaults, now: () => clock.now() });
    for (const q of ['"diffusion models"', '"graph neural networks"']) await inner.subscriptions.add('shell:lab', q);
    await inner.subscriptions.add('shell:other', '"diffusion models"');
    const counting = countingStore(inner, { trace: true });
    const adapter = new RecordingAdapter();
    const radar = await startRadar({
      env: { RADAR_DB: 'memory://', ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', ARXIV_EMPTY_RETRIES: '0', HTTP_RETRIES: '1' },
      commands: allCommands,
      store: counting.store,
      logger: silentLogger(),
      clock,
      scheduler: 'manual',
      catchUp: false,
      adapters: [adapter],
    });
    try {
      await radar.ingestNow();
      // another channel first: the window is read and indexed, as on a day of many channels
      await radar.services.digests.runScheduled(shellChannel('other'), clock.now());
      counting.reset();
      const outcome = await radar.services.digests.runScheduled(shellChannel('lab'), clock.now());
      expect(outcome.posted).toBeGreaterThan(0);
      const waits = counting.waitsTrace().map((w) => [...w].sort());
      const together = (...names: string[]) => waits.some((w) => names.every((n) => w.includes(n)));
      expect(together('channels.getSettings', 'channels.getStatus')).toBe(true);
      expect(together('outbox.open', 'subscriptions.list', 'papers.listDayCounts', 'watchers.list')).toBe(true);
      const { calls, waits: count } = counting.counts();
      expect(count).toBe(waits.length);
      expect(count).toBeLessThanOrEqual(calls - 4);
    } finally {
      await radar.stop();
    }
  }, 60_000);
});

/**
 * A subscription stored before categories were checked against arXiv's taxonomy (`cat:astroph`) must not
 * cost every channel the day's papers: arXiv answers a listing request naming an unknown archive with an
 * error feed instead of the listing. The ingest leaves such categories out of the request (and says so in
 * the log); the subscription itself just matches nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.js';
import { startRadar, type RunningRadar } from '../../src/app/start-radar.js';
import type { IngestService } from '../../src/services.js';
import { buildRssListing, startArxivEmulator, syntheticPapers, type ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { fakeClock } from '../fakes/clock.js';
import { RecordingAdapter } from '../fakes/recording.js';
import { createLogger } from '../../src/logger.js';

const CATS = 'cs.AI+cs.CL+cs.CV+cs.LG';
const clock = fakeClock('2026-11-23T09:00:00Z');
let arxiv: ArxivEmulator;
let dir: string;

beforeAll(async () => {
  arxiv = await startArxivEmulator({ day: '2026-11-23' });
  arxiv.setListing(CATS, buildRssListing(syntheticPapers(5, ['cs.LG']), { categories: CATS, day: '2026-11-23' }));
  dir = mkdtempSync(join(tmpdir(), 'radar-unknown-cat-'));
});
afterAll(async () => {
  await arxiv.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A warn-level logger whose lines the test reads. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('warn', { destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  return Object.assign(logger, { lines });
}

const start = (logger = capturingLogger()) =>
  startRadar({
    commands: allCommands,
    env: { RADAR_DB: `sqlite://${join(dir, 'radar.sqlite')}`, ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', HTTP_RETRIES: '0', ARXIV_EMPTY_RETRIES: '0', RADAR_HF: 'false' },
    logger,
    clock,
    scheduler: 'manual',
    adapters: [new RecordingAdapter()],
  });

describe('a stored subscription naming a category arXiv does not have', () => {
  it('is left out of the listing request: the other categories are still fetched', async () => {
    // stored as an older version stored it (straight into the store: /radar add now refuses it)
    let radar: RunningRadar = await start();
    await radar.services.store.subscriptions.add('shell:old-channel', 'cat:astroph');
    await radar.services.store.subscriptions.add('shell:old-channel', 'cat:cs.XX OR diffusion');
    await radar.stop();

    const logger = capturingLogger();
    radar = await start(logger);
    try {
      const ingest = radar.services.ingest as unknown as { force(): Promise<Awaited<ReturnType<IngestService['ingest']>>> };
      const result = await ingest.force();
      expect(result.problems).toEqual([]);
      expect(result.stored).toBe(5);
      const listingPaths = arxiv.requests.filter((r) => r.path.startsWith('/rss/')).map((r) => decodeURIComponent(r.path.slice(5)));
      expect(listingPaths).toEqual([CATS]);
      expect(logger.lines.find((l) => /categories arXiv does not have/.test(String(l.msg)))?.unknown).toEqual(['astroph', 'cs.XX']);
    } finally {
      await radar.stop();
    }
  });
});

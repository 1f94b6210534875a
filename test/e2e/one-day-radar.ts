/**
 * One announcement day for the tests that count what a digest asks of the store: 60 new papers on the loopback
 * arXiv emulator, and a radar started on a given store (scheduler by hand, a recording adapter).
 */
import { allCommands } from '../../commands/index.js';
import { startRadar } from '../../src/app/start-radar.js';
import type { Clock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import type { ChannelSettings, RadarStore } from '../../src/store/ports.js';
import { buildRssListing, startArxivEmulator, syntheticPapers, type ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { RecordingAdapter } from '../fakes/recording.js';

const CATS = 'cs.AI+cs.CL+cs.CV+cs.LG';
export const DAY = '2026-11-23';
export const defaults: ChannelSettings = { size: 10, time: '09:00', timezone: 'UTC', language: 'en', summaries: false, crosslists: true, replacements: false };
/** 60 new announcements; topics cycle every 6 papers, so each topic line matches 10 of them. */
const papers = syntheticPapers(60, ['cs.LG', 'cs.AI']).map((p) => ({ ...p, announceType: 'new' as const, version: 1 }));

/** The emulator serving the day's listing. */
export async function startArxivDay(): Promise<ArxivEmulator> {
  const arxiv = await startArxivEmulator({ day: DAY });
  arxiv.setListing(CATS, buildRssListing(papers, { categories: CATS, day: DAY }));
  return arxiv;
}

/** The radar on `store` (opened on `dbUrl`), reading the day from `arxiv`. */
export function startDayRadar(arxiv: ArxivEmulator, dbUrl: string, store: RadarStore, clock: Clock) {
  return startRadar({
    env: { RADAR_DB: dbUrl, ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', ARXIV_EMPTY_RETRIES: '0', HTTP_RETRIES: '1' },
    commands: allCommands,
    store,
    logger: silentLogger(),
    clock,
    scheduler: 'manual',
    catchUp: false,
    adapters: [new RecordingAdapter()],
  });
}

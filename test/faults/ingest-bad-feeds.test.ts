/**
 * Bad input from arXiv never crashes the radar nor touches what is stored: a malformed listing, a 20 MB
 * body, an entity bomb, an HTML error page. Each gives a clear error in the ingest notes; papers stored
 * before stay, and the next good listing is ingested normally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRadar, type RunningRadar } from '../../src/app/start-radar.js';
import { describeIngestProblem } from '../../src/digest/ingest-problems.js';
import { translator } from '../../src/i18n/messages.js';
import type { IngestService } from '../../src/services.js';
import { silentLogger } from '../../src/logger.js';
import { buildRssListing, startArxivEmulator, syntheticPapers, type ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { RecordingAdapter } from '../fakes/recording.js';
import { fakeClock } from '../fakes/clock.js';
import { allCommands } from '../../commands/index.js';

const CATS = 'cs.AI+cs.CL+cs.CV+cs.LG';
const BOMB = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>`;

let arxiv: ArxivEmulator;
let radar: RunningRadar;
const clock = fakeClock('2026-11-23T09:00:00Z');

beforeAll(async () => {
  arxiv = await startArxivEmulator({ day: '2026-11-23' });
  arxiv.setListing(CATS, buildRssListing(syntheticPapers(5, ['cs.LG']), { categories: CATS, day: '2026-11-23' }));
  radar = await startRadar({
    commands: allCommands,
    env: { RADAR_DB: 'memory://', ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', HTTP_RETRIES: '0', ARXIV_EMPTY_RETRIES: '0' },
    logger: silentLogger(),
    clock,
    scheduler: 'manual',
    adapters: [new RecordingAdapter()],
  });
});
afterAll(async () => {
  await radar.stop();
  await arxiv.close();
});

async function storedIds(): Promise<string[]> {
  const days = await radar.services.store.papers.listDays();
  return (await radar.services.store.papers.listByDays(days)).map((p) => p.id).sort();
}

const ingest = () => (radar.services.ingest as unknown as { force(): Promise<Awaited<ReturnType<IngestService['ingest']>>> }).force();

describe('bad listings', () => {
  it('stores the good listing first', async () => {
    expect((await ingest()).stored).toBe(5);
  });

  // the log's note, and what a channel is told (describeIngestProblem) about arXiv
  const cases: [string, () => void, RegExp, string][] = [
    ['malformed XML', () => arxiv.setListing(CATS, '<rss><channel><item><title>oops</channel>'), /malformed|xml/i, 'the answer was not a valid feed'],
    ['a 20 MB body', () => arxiv.setListing(CATS, () => ({ bigBytes: 20 * 1024 * 1024 })), /too large|limit|MB/i, 'the answer was too large'],
    ['an entity bomb', () => arxiv.setListing(CATS, BOMB), /entit/i, 'the answer was not a valid feed'],
    ['an HTML error page', () => arxiv.setListing(CATS, () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><body>Oops</body></html>' })), /not xml|xml|html/i, 'the answer was not a valid feed'],
    ['JSON', () => arxiv.setListing(CATS, () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"error":true}' })), /not xml|xml/i, 'the answer was not a valid feed'],
  ];

  it.each(cases)('%s: a clear error, the store untouched, the process alive', async (_name, plant, message, told) => {
    const before = await storedIds();
    plant();
    const result = await ingest();
    expect(result.stored).toBe(0);
    expect(result.notes.join('\n')).toMatch(message);
    expect(result.problems.map((p) => describeIngestProblem(p, translator('en')))).toEqual([
      `⚠️ arXiv could not be read (${told}): some papers may be missing from this digest.`,
    ]);
    expect(await storedIds()).toEqual(before);
  });

  it('recovers with the next good listing', async () => {
    arxiv.setListing(CATS, buildRssListing(syntheticPapers(7, ['cs.LG']), { categories: CATS, day: '2026-11-23' }));
    expect((await ingest()).stored).toBe(7);
    expect(await storedIds()).toHaveLength(7);
  });
});

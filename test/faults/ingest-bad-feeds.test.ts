/**
 * Bad input from arXiv never crashes the radar nor touches what is stored: a malformed listing, a 20 MB
 * body, an entity bomb, an HTML error page. Each gives a clear error in the ingest notes; papers stored
 * before stay, and the next good listing is ingested normally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRadar, type RunningRadar } from '../../src/app/start-radar.js';
import { silentLogger } from '../../src/logger.js';
import { buildRssListing, startArxivEmulator, syntheticPapers, type ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { RecordingAdapter } from '../fakes/recording.js';
import { fakeClock, type FakeClock } from '../fakes/clock.js';
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

const ingest = () => (radar.services.ingest as unknown as { force(): Promise<{ stored: number; notes: string[] }> }).force();

describe('bad listings', () => {
  it('stores the good listing first', async () => {
    expect((await ingest()).stored).toBe(5);
  });

  const cases: [string, () => void, RegExp][] = [
    ['malformed XML', () => arxiv.setListing(CATS, '<rss><channel><item><title>oops</channel>'), /malformed|xml/i],
    ['a 20 MB body', () => arxiv.setListing(CATS, () => ({ bigBytes: 20 * 1024 * 1024 })), /too large|limit|MB/i],
    ['an entity bomb', () => arxiv.setListing(CATS, BOMB), /entit/i],
    ['an HTML error page', () => arxiv.setListing(CATS, () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><html><body>Oops</body></html>' })), /not xml|xml|html/i],
    ['JSON', () => arxiv.setListing(CATS, () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"error":true}' })), /not xml|xml/i],
  ];

  it.each(cases)('%s: a clear error, the store untouched, the process alive', async (_name, plant, message) => {
    const before = await storedIds();
    plant();
    const result = await ingest();
    expect(result.stored).toBe(0);
    expect(result.notes.join('\n')).toMatch(message);
    expect(await storedIds()).toEqual(before);
  });

  it('recovers with the next good listing', async () => {
    arxiv.setListing(CATS, buildRssListing(syntheticPapers(7, ['cs.LG']), { categories: CATS, day: '2026-11-23' }));
    expect((await ingest()).stored).toBe(7);
    expect(await storedIds()).toHaveLength(7);
  });
});

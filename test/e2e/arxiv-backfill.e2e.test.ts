/**
 * A listing the radar missed (down on Tuesday) is fetched from the arXiv API when Wednesday's comes: its new
 * papers, by submission time between Friday's and Monday's 14:00 ET deadlines, are stored under Tuesday and
 * reach Wednesday's digest. Through the arXiv emulator's RSS and API, on SQLite, with the real API client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.js';
import { startRadar, type RunningRadar } from '../../src/app/start-radar.js';
import { silentLogger } from '../../src/logger.js';
import { buildRssListing, startArxivEmulator, syntheticPapers, type ArxivEmulator, type SyntheticPaper } from '../emulators/arxiv/arxiv-emulator.js';
import { fakeClock, type FakeClock } from '../fakes/clock.js';
import { manager, RecordingAdapter, shellChannel } from '../fakes/recording.js';

const CATS = 'cs.AI+cs.CL+cs.CV+cs.LG';
let arxiv: ArxivEmulator;
let dir: string;
const running: RunningRadar[] = [];

beforeAll(async () => {
  arxiv = await startArxivEmulator({ day: '2026-11-09' });
  dir = mkdtempSync(join(tmpdir(), 'radar-backfill-'));
});
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});
afterAll(async () => {
  await arxiv.close();
  rmSync(dir, { recursive: true, force: true });
});

const fresh = (prefix: string, categories = ['cs.LG']) => syntheticPapers(2, categories, prefix).map((p) => ({ ...p, announceType: 'new' as const, version: 1 }));
const submitted = (p: SyntheticPaper, published: string): SyntheticPaper => ({ ...p, published, updated: published });

async function boot(db: string, clock: FakeClock, env: Record<string, string> = {}) {
  const adapter = new RecordingAdapter();
  const radar = await startRadar({
    commands: allCommands,
    env: {
      RADAR_DB: `sqlite://${join(dir, db)}`, ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_API_URL: arxiv.apiUrl, ARXIV_MIN_INTERVAL_MS: '0',
      ARXIV_EMPTY_RETRIES: '0', HTTP_RETRIES: '0', RADAR_HF: 'false', ...env,
    },
    logger: silentLogger(),
    clock,
    scheduler: 'manual',
    adapters: [adapter],
  });
  running.push(radar);
  const lab = shellChannel('lab');
  await radar.handlers.onCommand({ name: 'add', options: { query: 'cat:cs.LG' }, channel: lab, user: manager }, adapter.responder(lab));
  return { radar, adapter };
}

/** Tuesday 10 November's listing as the API knows it: new papers submitted Friday 14:00 to Monday 14:00 ET. */
function tuesdayBank(): SyntheticPaper[] {
  const [inside, lastMinute] = fresh('2632');
  const [before, after] = fresh('2639');
  return [
    submitted(inside!, '2026-11-07T10:00:00Z'), // Saturday
    submitted(lastMinute!, '2026-11-09T18:59:00Z'), // Monday 13:59 ET
    submitted(before!, '2026-11-06T18:30:00Z'), // Friday 13:30 ET: Monday's listing
    submitted(after!, '2026-11-09T19:30:00Z'), // Monday 14:30 ET: Wednesday's listing
    // a paper of October whose v2 came on Sunday: Tuesday's listing announces it as a replacement
    { ...syntheticPapers(1, ['cs.LG'], '2630')[0]!, version: 2, published: '2026-10-01T10:00:00Z', updated: '2026-11-08T12:00:00Z' },
    // and one whose v2 came after Monday's deadline (Wednesday's) and a v1 updated in the window (not a replacement)
    { ...syntheticPapers(2, ['cs.LG'], '2638')[0]!, version: 2, published: '2026-10-01T10:00:00Z', updated: '2026-11-09T19:30:00Z' },
  ];
}

const cardsIn = (adapter: RecordingAdapter, channel: string) =>
  adapter.sent.filter((r) => r.where === `#${channel}`).flatMap((r) => r.message.cards?.map((c) => c.paperId) ?? []);

describe('missed arXiv listings', () => {
  it('are fetched from the API when the next listing comes, and reach the digest under their own day', async () => {
    const clock = fakeClock('2026-11-09T08:30:00Z');
    const { radar, adapter } = await boot('backfill.sqlite', clock);
    arxiv.setListing(CATS, buildRssListing(fresh('2631'), { categories: CATS, day: '2026-11-09' }));
    await radar.runDueSchedules();
    expect(adapter.cards()).toHaveLength(2);

    // a second channel takes replacements
    const rep = shellChannel('rep');
    await radar.handlers.onCommand({ name: 'add', options: { query: 'cat:cs.LG' }, channel: rep, user: manager }, adapter.responder(rep));
    await radar.handlers.onCommand({ name: 'settings', options: { name: 'replacements', value: 'on' }, channel: rep, user: manager }, adapter.responder(rep));

    // Tuesday passes without the radar; on Wednesday the feed carries Wednesday's listing only
    arxiv.setApiPapers(tuesdayBank());
    arxiv.setListing(CATS, buildRssListing(fresh('2633'), { categories: CATS, day: '2026-11-11' }));
    clock.set('2026-11-11T08:30:00Z');
    adapter.sent.length = 0;
    const apiBefore = arxiv.requests.filter((r) => r.path.startsWith('/api/')).length;
    await radar.runDueSchedules();
    const news = ['arxiv:2632.20000', 'arxiv:2632.20001', 'arxiv:2633.20000', 'arxiv:2633.20001'];
    expect(cardsIn(adapter, 'lab').sort()).toEqual(news);
    // the replacement announced on the missed Tuesday reaches the channel that takes replacements only (its first
    // digest, which also brings Monday's listing)
    expect(cardsIn(adapter, 'rep').sort()).toEqual(['arxiv:2630.20000', 'arxiv:2631.20000', 'arxiv:2631.20001', ...news]);
    const stored = await radar.services.store.papers.get('arxiv:2632.20001');
    expect(stored).toMatchObject({ announced: '2026-11-10', announceType: 'new' });
    expect(await radar.services.store.papers.get('arxiv:2630.20000')).toMatchObject({ announced: '2026-11-10', announceType: 'replace', version: 2 });
    expect(await radar.services.store.papers.get('arxiv:2638.20000')).toBeUndefined();
    expect(await radar.services.store.papers.listDays()).toContain('2026-11-10');
    // one question for the new papers, one for the replacements
    expect(arxiv.requests.filter((r) => r.path.startsWith('/api/')).length - apiBefore).toBe(2);

    // Thursday: nothing was missed, the API is not asked
    arxiv.setListing(CATS, buildRssListing(fresh('2634'), { categories: CATS, day: '2026-11-12' }));
    clock.set('2026-11-12T08:30:00Z');
    await radar.runDueSchedules();
    expect(arxiv.requests.filter((r) => r.path.startsWith('/api/')).length - apiBefore).toBe(2);
  });

  it('asks again at the next ingest when the API fails, and loses nothing of the listing the feed brought', async () => {
    const clock = fakeClock('2026-11-09T08:30:00Z');
    const { radar, adapter } = await boot('backfill-fails.sqlite', clock);
    arxiv.setListing(CATS, buildRssListing(fresh('2641'), { categories: CATS, day: '2026-11-09' }));
    await radar.services.ingest.ingest();
    arxiv.setApiPapers(tuesdayBank().map((p) => ({ ...p, id: p.id.replace('263', '264') })));
    arxiv.setListing(CATS, buildRssListing(fresh('2643'), { categories: CATS, day: '2026-11-11' }));
    clock.set('2026-11-11T08:30:00Z');
    arxiv.failNext(503, 1, { path: '/api/' });
    adapter.sent.length = 0;
    await radar.runDueSchedules();
    expect(adapter.cards().sort()).toEqual(['arxiv:2641.20000', 'arxiv:2641.20001', 'arxiv:2643.20000', 'arxiv:2643.20001']);
    // the next ingest fetches Tuesday's listing; the next digest brings it
    clock.set('2026-11-11T09:30:00Z');
    await radar.services.ingest.ingest();
    adapter.sent.length = 0;
    await radar.handlers.onCommand({ name: 'digest', options: {}, channel: shellChannel('lab'), user: manager }, adapter.responder(shellChannel('lab')));
    expect(adapter.cards().sort()).toEqual(['arxiv:2642.20000', 'arxiv:2642.20001']);
  });
});

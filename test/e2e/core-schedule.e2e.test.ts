/**
 * The core through its ports: scheduled digests at each channel's local time (fake clock, manual
 * scheduler), exactly once per day across restarts, the no-announcement notice, permanent delivery
 * problems surfaced in /radar list, and a failing source that loses no digest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRadar, type RunningRadar } from '../../src/app/start-radar.js';
import { DeliveryError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import { buildRssListing, startArxivEmulator, syntheticPapers, type ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { manager, RecordingAdapter, shellChannel } from '../fakes/recording.js';
import { fakeClock, type FakeClock } from '../fakes/clock.js';
import { allCommands } from '../../commands/index.js';

const CATS = 'cs.AI+cs.CL+cs.CV+cs.LG';
/** New (not replacement) announcements only: replacements are off by default. */
const fresh = (n: number) => syntheticPapers(n, ['cs.LG']).map((p) => ({ ...p, announceType: 'new' as const, version: 1 }));
let arxiv: ArxivEmulator;
let dir: string;
const running: RunningRadar[] = [];

beforeAll(async () => {
  arxiv = await startArxivEmulator({ day: '2026-11-23' });
  dir = mkdtempSync(join(tmpdir(), 'radar-core-'));
});
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});
afterAll(async () => {
  await arxiv.close();
  rmSync(dir, { recursive: true, force: true });
});

async function boot(db: string, clock: FakeClock, adapter = new RecordingAdapter()) {
  const radar = await startRadar({
    commands: allCommands,
    env: { RADAR_DB: `sqlite://${join(dir, db)}`, ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', ARXIV_EMPTY_RETRIES: '0', HTTP_RETRIES: '1' },
    logger: silentLogger(),
    clock,
    scheduler: 'manual',
    adapters: [adapter],
  });
  running.push(radar);
  return { radar, adapter };
}

const command = (radar: RunningRadar, adapter: RecordingAdapter, name: string, options: Record<string, string | number> = {}, channel = shellChannel()) =>
  radar.handlers.onCommand({ name, options, channel, user: manager }, adapter.responder(channel));

describe('scheduled digests', () => {
  it('fire at the channel time in its timezone, once a day, and not again after a restart', async () => {
    arxiv.setListing(CATS, buildRssListing(fresh(6), { categories: CATS, day: '2026-11-23' }));
    const clock = fakeClock('2026-11-23T00:30:00Z'); // 08:30 in Shanghai
    const { radar, adapter } = await boot('schedule.sqlite', clock);
    await command(radar, adapter, 'add', { query: 'cat:cs.LG' });
    await command(radar, adapter, 'settings', { name: 'timezone', value: 'Asia/Shanghai' });
    await command(radar, adapter, 'settings', { name: 'time', value: '09:00' });
    adapter.sent.length = 0;

    await radar.runDueSchedules(); // 08:30 local: not yet
    expect(adapter.sent).toEqual([]);

    clock.set('2026-11-23T01:00:00Z'); // 09:00 local
    await radar.runDueSchedules();
    expect(adapter.cards()).toHaveLength(6);
    expect(adapter.sent[0]!.where).toBe('#lab');
    expect(adapter.sent[0]!.message.text).toContain('2026-11-23');

    clock.set('2026-11-23T05:00:00Z');
    await radar.runDueSchedules();
    expect(adapter.cards()).toHaveLength(6);
    await radar.stop();

    // A restart later the same local day (with the catch-up pass) posts nothing again.
    const second = await boot('schedule.sqlite', clock);
    await second.radar.runDueSchedules();
    expect(second.adapter.sent).toEqual([]);

    // The next local day, new papers come in the next digest and old ones never again.
    arxiv.setListing(CATS, buildRssListing(fresh(9), { categories: CATS, day: '2026-11-24' }));
    clock.set('2026-11-24T01:05:00Z');
    await second.radar.runDueSchedules();
    expect(second.adapter.cards().sort()).toEqual(['arxiv:2604.20006', 'arxiv:2604.20007', 'arxiv:2604.20008']);
  });

  it('posts one short notice on a day without an arXiv announcement', async () => {
    arxiv.setListing(CATS, buildRssListing([], { categories: CATS, day: '2026-11-21' }));
    const clock = fakeClock('2026-11-21T09:00:00Z'); // a Saturday
    const { radar, adapter } = await boot('weekend.sqlite', clock);
    await command(radar, adapter, 'add', { query: 'cat:cs.LG' });
    adapter.sent.length = 0;
    await radar.runDueSchedules();
    await radar.runDueSchedules();
    expect(adapter.sent).toHaveLength(1);
    expect(adapter.sent[0]!.message.text).toMatch(/No arXiv announcement today/);
  });

  it('records a permanent delivery problem once and shows it in /radar list', async () => {
    arxiv.setListing(CATS, buildRssListing(fresh(3), { categories: CATS, day: '2026-11-23' }));
    const clock = fakeClock('2026-11-23T09:00:00Z');
    const { radar, adapter } = await boot('forbidden.sqlite', clock);
    await command(radar, adapter, 'add', { query: 'cat:cs.LG' });
    adapter.failWith = new DeliveryError('missing_permission', 'missing permission Send Messages', true);
    await radar.runDueSchedules();
    await radar.runDueSchedules();
    adapter.failWith = undefined;
    adapter.sent.length = 0;
    await command(radar, adapter, 'list');
    expect(adapter.texts()[0]).toContain('I cannot post here: missing permission Send Messages');
    // Nothing was recorded as delivered: the papers are still there for the next digest.
    await command(radar, adapter, 'digest');
    expect(adapter.cards()).toHaveLength(3);
  });

  it('still delivers from stored papers when arXiv is down', async () => {
    arxiv.setListing(CATS, buildRssListing(fresh(4), { categories: CATS, day: '2026-11-23' }));
    const clock = fakeClock('2026-11-23T07:00:00Z');
    const { radar, adapter } = await boot('outage.sqlite', clock);
    await command(radar, adapter, 'add', { query: 'cat:cs.LG' });
    await radar.services.ingest.ingest(); // papers stored before the outage
    arxiv.failNext(503, 50);
    clock.set('2026-11-23T08:30:00Z');
    adapter.sent.length = 0;
    await radar.runDueSchedules();
    expect(adapter.cards()).toHaveLength(4);
    // the digest says the day may be incomplete, in the catalogue's words (not the log's URL and error)
    const header = adapter.sent.find((x) => x.message.cards?.length)!.message.text;
    expect(header).toContain('⚠️ arXiv could not be read (the server answered with an error): some papers may be missing from this digest.');
    expect(header).not.toContain('http');
  });

  it('says an outage, not "nothing new" alone, when arXiv cannot be read and nothing is left to post', async () => {
    arxiv.setListing(CATS, buildRssListing(fresh(2), { categories: CATS, day: '2026-11-23' }));
    const clock = fakeClock('2026-11-23T07:00:00Z');
    const { radar, adapter } = await boot('outage-empty.sqlite', clock);
    await command(radar, adapter, 'add', { query: 'cat:cs.LG' });
    await command(radar, adapter, 'settings', { name: 'language', value: 'zh' });
    await command(radar, adapter, 'digest'); // the stored papers go out now
    arxiv.failNext(503, 50);
    clock.set('2026-11-23T08:30:00Z');
    adapter.sent.length = 0;
    await radar.runDueSchedules();
    expect(adapter.texts()).toEqual(['⚠️ 无法读取 arXiv（服务器返回了错误）：本次日报可能缺少部分论文。\n自上次日报以来，本频道的订阅没有新论文。']);
  });
});

describe('digest header', () => {
  it('names exactly the subscriptions that fired', async () => {
    // Its own arXiv: the outage test above leaves injected failures queued on the shared one.
    const own = await startArxivEmulator({ day: '2026-11-23' });
    own.setListing(CATS, buildRssListing(fresh(3), { categories: CATS, day: '2026-11-23' }));
    const clock = fakeClock('2026-11-23T07:00:00Z');
    const radar = await startRadar({
    commands: allCommands,
      env: { RADAR_DB: 'memory://', ARXIV_RSS_URL: own.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', RADAR_HF: 'false' },
      logger: silentLogger(),
      clock,
      scheduler: 'manual',
      adapters: [new RecordingAdapter()],
    });
    running.push(radar);
    const adapter = radar.adapters[0] as RecordingAdapter;
    await command(radar, adapter, 'add', { query: 'cat:cs.LG' });
    await command(radar, adapter, 'add', { query: 'cat:cs.LG "protein folding"' }); // shares a term, does not fire
    adapter.sent.length = 0;
    await command(radar, adapter, 'digest');
    const header = adapter.sent.find((s) => s.message.cards?.length)!.message.text;
    expect(header).toContain('#1 `cat:cs.LG`');
    expect(header).not.toContain('protein folding');
    await own.close();
  });
});

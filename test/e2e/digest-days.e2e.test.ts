/**
 * A week of scheduled digests through the arXiv emulator (SQLite, manual scheduler, fake clock): a channel
 * with `days mon` hears nothing all week and gets the whole week's papers on Monday; a `quiet on` channel gets
 * every digest but no "no announcement" or "nothing new" notice; a default channel gets both. A digest after
 * days that could not be posted brings those days' papers too, and so does the first after a pause.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.js';
import { startRadar, type RunningRadar } from '../../src/app/start-radar.js';
import { DeliveryError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import { buildRssListing, startArxivEmulator, syntheticPapers, type ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { fakeClock, type FakeClock } from '../fakes/clock.js';
import { manager, RecordingAdapter, shellChannel } from '../fakes/recording.js';

const CATS = 'cs.AI+cs.CL+cs.CV+cs.LG';
let arxiv: ArxivEmulator;
let dir: string;
let radar: RunningRadar | undefined;

beforeAll(async () => {
  arxiv = await startArxivEmulator({ day: '2026-11-24' });
  dir = mkdtempSync(join(tmpdir(), 'radar-days-'));
});
afterAll(async () => {
  await radar?.stop();
  await arxiv.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A radar on its own SQLite file, scheduled by hand on the fake clock, reading the arXiv emulator. */
const boot = (db: string, clock: FakeClock, adapter: RecordingAdapter) =>
  startRadar({
    commands: allCommands,
    env: { RADAR_DB: `sqlite://${join(dir, db)}`, ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', ARXIV_EMPTY_RETRIES: '0', RADAR_HF: 'false' },
    logger: silentLogger(),
    clock,
    scheduler: 'manual',
    adapters: [adapter],
  });

/** Two new cs.LG papers announced on `day`, with ids of their own (`prefix`). */
const papersOf = (prefix: string) => syntheticPapers(2, ['cs.LG'], prefix).map((p) => ({ ...p, announceType: 'new' as const, version: 1 }));
/** The ids of papersOf(prefix) for every prefix, sorted. */
const idsOf = (...prefixes: string[]): string[] => prefixes.flatMap((p) => [`arxiv:${p}.20000`, `arxiv:${p}.20001`]).sort();

/** Announces papersOf(prefix) on `date` and runs the digests due at 08:30 that day (what was sent before is cleared). */
async function scheduledDay(clock: FakeClock, adapter: RecordingAdapter, date: string, prefix: string): Promise<void> {
  arxiv.setListing(CATS, buildRssListing(papersOf(prefix), { categories: CATS, day: date }));
  clock.set(`${date}T08:30:00Z`);
  adapter.sent.length = 0;
  await radar!.runDueSchedules();
}

describe('digest days and quiet', () => {
  it('a weekly channel gets the whole week on Monday and nothing before; a quiet one no empty-day notices', async () => {
    const clock = fakeClock('2026-11-24T07:00:00Z'); // a Tuesday
    const adapter = new RecordingAdapter();
    radar = await boot('days.sqlite', clock, adapter);
    const command = (channel: string, name: string, options: Record<string, string> = {}) =>
      radar!.handlers.onCommand({ name, options, channel: shellChannel(channel), user: manager }, adapter.responder(shellChannel(channel)));
    for (const channel of ['daily', 'weekly', 'quiet']) await command(channel, 'add', { query: 'cat:cs.LG' });
    await command('weekly', 'settings', { name: 'days', value: 'mon' });
    await command('quiet', 'settings', { name: 'quiet', value: 'on' });
    adapter.sent.length = 0;

    const week: [day: string, prefix: string | undefined][] = [
      ['2026-11-24', '2611'], ['2026-11-25', '2612'], ['2026-11-26', '2613'], ['2026-11-27', '2614'],
      ['2026-11-28', undefined], ['2026-11-29', undefined], ['2026-11-30', '2615'],
    ];
    const heard = new Map<string, { cards: string[]; texts: string[] }[]>();
    for (const [day, prefix] of week) {
      arxiv.setListing(CATS, buildRssListing(prefix ? papersOf(prefix) : [], { categories: CATS, day }));
      if (day === '2026-11-25') {
        // the quiet channel asks for its digest before the scheduled one: the scheduled one has nothing left
        clock.set(`${day}T07:00:00Z`);
        await radar.services.ingest.ingest();
        await command('quiet', 'digest');
      }
      clock.set(`${day}T08:30:00Z`);
      adapter.sent.length = 0;
      await radar.runDueSchedules();
      for (const channel of ['daily', 'weekly', 'quiet']) {
        const sent = adapter.sent.filter((s) => s.where === `#${channel}`);
        const days = heard.get(channel) ?? [];
        days.push({ cards: sent.flatMap((s) => s.message.cards?.map((c) => c.paperId) ?? []), texts: sent.map((s) => s.message.text) });
        heard.set(channel, days);
      }
    }
    const daily = heard.get('daily')!;
    const weekly = heard.get('weekly')!;
    const quiet = heard.get('quiet')!;

    // the default channel: each announcement day's papers, and a notice on Saturday and Sunday
    expect(daily.map((d) => d.cards.length)).toEqual([2, 2, 2, 2, 0, 0, 2]);
    expect(daily[4]!.texts.join()).toMatch(/No arXiv announcement today/);
    expect(daily[5]!.texts.join()).toMatch(/No arXiv announcement today/);

    // the weekly channel: not a word from Tuesday to Sunday, then the week's ten papers on Monday
    expect(weekly.slice(0, 6).map((d) => d.texts.length)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(weekly[6]!.cards.sort()).toEqual(
      ['2611', '2612', '2613', '2614', '2615'].flatMap((p) => [`arxiv:${p}.20000`, `arxiv:${p}.20001`]).sort(),
    );

    // the quiet channel: the same papers, but nothing on the empty days (Wednesday's were taken on demand)
    expect(quiet.map((d) => d.cards.length)).toEqual([2, 0, 2, 2, 0, 0, 2]);
    expect(quiet.map((d) => d.texts.length)).toEqual([daily[0]!.texts.length, 0, daily[2]!.texts.length, daily[3]!.texts.length, 0, 0, daily[6]!.texts.length]);

    // Monday's weekly digest of another channel, run a day late (a queued job in cluster mode): still the week
    await command('late', 'add', { query: 'cat:cs.LG' });
    await command('late', 'settings', { name: 'days', value: 'mon' });
    clock.set('2026-12-01T09:00:00Z');
    adapter.sent.length = 0;
    await radar.services.digests.runScheduled(shellChannel('late'), new Date('2026-11-30T08:30:00Z'));
    expect(adapter.cards().sort()).toEqual(weekly[6]!.cards.sort());
    await radar.stop();
    radar = undefined;
  });

  it('a deployment of weekly channels only still reads every announcement: Monday brings the whole week', async () => {
    const clock = fakeClock('2026-11-24T07:00:00Z'); // a Tuesday
    const adapter = new RecordingAdapter();
    radar = await boot('weekly-only.sqlite', clock, adapter);
    const lab = shellChannel('lab');
    const command = (name: string, options: Record<string, string>) => radar!.handlers.onCommand({ name, options, channel: lab, user: manager }, adapter.responder(lab));
    await command('add', { query: 'cat:cs.LG' });
    await command('settings', { name: 'days', value: 'mon' });
    const week = [['2026-11-24', '2641'], ['2026-11-25', '2642'], ['2026-11-26', '2643'], ['2026-11-27', '2644'], ['2026-11-30', '2645']] as const;
    for (const [date, prefix] of week) await scheduledDay(clock, adapter, date, prefix);
    expect(adapter.cards().sort()).toEqual(idsOf(...week.map(([, p]) => p)));
    await radar.stop();
    radar = undefined;
  });

  it('a paused channel hears nothing until its resume day, which brings the days it skipped; /radar digest still answers', async () => {
    const clock = fakeClock('2026-11-24T07:00:00Z'); // a Tuesday
    const adapter = new RecordingAdapter();
    radar = await boot('pause.sqlite', clock, adapter);
    const command = (channel: string, name: string, options: Record<string, string> = {}) =>
      radar!.handlers.onCommand({ name, options, channel: shellChannel(channel), user: manager }, adapter.responder(shellChannel(channel)));
    for (const channel of ['lab', 'asked']) await command(channel, 'add', { query: 'cat:cs.LG' });
    const day = async (date: string, prefix: string) => {
      await scheduledDay(clock, adapter, date, prefix);
      return (channel: string) => adapter.sent.filter((s) => s.where === `#${channel}`).flatMap((s) => s.message.cards?.map((c) => c.paperId) ?? []);
    };
    expect((await day('2026-11-24', '2631'))('lab')).toEqual(idsOf('2631'));
    // back on Friday: Wednesday's and Thursday's scheduled digests do not come
    for (const channel of ['lab', 'asked']) await command(channel, 'settings', { name: 'pause', value: '2026-11-27' });
    const wednesday = await day('2026-11-25', '2632');
    expect(adapter.sent.filter((s) => s.where === '#lab' || s.where === '#asked')).toEqual([]);
    expect(wednesday('lab')).toEqual([]);
    // a digest asked for during the pause is posted
    clock.set('2026-11-26T06:00:00Z');
    arxiv.setListing(CATS, buildRssListing(papersOf('2633'), { categories: CATS, day: '2026-11-26' }));
    adapter.sent.length = 0;
    await command('asked', 'digest');
    expect(adapter.cards().sort()).toEqual(idsOf('2632', '2633'));
    expect((await day('2026-11-26', '2633'))('lab')).toEqual([]);
    // Friday: the pause is over, and its digest reaches back to Tuesday's, the last that went out
    const friday = await day('2026-11-27', '2634');
    expect(friday('lab').sort()).toEqual(idsOf('2632', '2633', '2634'));
    expect(friday('asked').sort()).toEqual(idsOf('2634'));
    await radar.stop();
    radar = undefined;
  });

  it('a digest after days the channel could not be posted to brings those days too (up to a week)', async () => {
    const clock = fakeClock('2026-11-06T07:00:00Z'); // a Friday
    const adapter = new RecordingAdapter();
    radar = await boot('catch-up.sqlite', clock, adapter);
    const lab = shellChannel('lab');
    await radar.handlers.onCommand({ name: 'add', options: { query: 'cat:cs.LG' }, channel: lab, user: manager }, adapter.responder(lab));
    const day = (date: string, prefix: string) => scheduledDay(clock, adapter, date, prefix);
    await day('2026-11-06', '2621');
    expect(adapter.cards()).toHaveLength(2);
    // Monday to Thursday the bot may not post in the channel (a permission taken away); the papers are stored
    adapter.failWith = new DeliveryError('missing_permission', 'missing permission Send Messages', true);
    for (const [date, prefix] of [['2026-11-09', '2622'], ['2026-11-10', '2623'], ['2026-11-11', '2624'], ['2026-11-12', '2625']] as const) await day(date, prefix);
    adapter.failWith = undefined;
    // Friday: the week since the last digest that went out, Monday's papers included (three days back missed them)
    await day('2026-11-13', '2626');
    expect(adapter.cards().sort()).toEqual(['2622', '2623', '2624', '2625', '2626'].flatMap((p) => [`arxiv:${p}.20000`, `arxiv:${p}.20001`]).sort());
  });
});

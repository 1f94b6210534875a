/**
 * What one command asks the store: 100 commands at once during a digest run share SQLite's one connection,
 * so every statement a command saves shortens the burst. The channel's settings are read once per command
 * (the language's read serves the command too), and an add to a channel that already has subscriptions does
 * not reschedule its digest (the job exists at the same time); its first subscription still schedules it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.js';
import { startRadar, type RunningRadar } from '../../src/app/start-radar.js';
import { silentLogger } from '../../src/logger.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { contractDefaults } from '../contract/store-backends.js';
import { fakeClock } from '../fakes/clock.js';
import { RecordingAdapter, shellChannel } from '../fakes/recording.js';

let radar: RunningRadar | undefined;
afterEach(async () => {
  await radar?.stop();
  radar = undefined;
});

async function counted() {
  const statements: string[] = [];
  let counting = false;
  const store = await openSqlRadarStore('memory://', { defaults: contractDefaults, log: (e) => void (counting && statements.push(e.query.sql)) });
  const adapter = new RecordingAdapter();
  const clock = fakeClock('2026-04-30T09:00:00Z');
  radar = await startRadar({ commands: allCommands, env: { RADAR_DB: 'memory://', RADAR_HF: 'false', ARXIV_RSS_URL: 'http://127.0.0.1:9/rss', ARXIV_API_URL: 'http://127.0.0.1:9/api', HTTP_RETRIES: '0', ARXIV_EMPTY_RETRIES: '0', ARXIV_BACKFILL_LISTINGS: '0' }, logger: silentLogger(), store, clock, scheduler: 'manual', adapters: [adapter], catchUp: false });
  const lab = shellChannel('lab');
  const user = { id: 'u1', name: 'Ada', canManage: true };
  const run = async (name: string, options: Record<string, string> = {}) => {
    statements.length = 0;
    counting = true;
    await radar!.handlers.onCommand({ name, options, channel: lab, user }, adapter.responder(lab));
    counting = false;
    return [...statements];
  };
  return { run, clock, adapter };
}

const settingsReads = (sqls: readonly string[]) => sqls.filter((s) => s.startsWith('select * from "channel_settings"')).length;

describe('store statements per command', () => {
  it('reads the settings once per /radar list and /radar settings', async () => {
    const { run } = await counted();
    await run('add', { query: 'quokka' });
    const list = await run('list');
    expect(settingsReads(list)).toBe(1);
    expect(list).toHaveLength(4); // settings, subscriptions, status, watchers
    expect(settingsReads(await run('settings'))).toBe(1);
  });

  it('schedules on the first subscription only; later adds ask nothing more than the add itself', async () => {
    const { run, clock, adapter } = await counted();
    const first = await run('add', { query: 'quokka' });
    expect(settingsReads(first)).toBe(2); // the language, then the new schedule's time
    const second = await run('add', { query: 'wombat' });
    expect(settingsReads(second)).toBe(1);
    expect(second).toHaveLength(7); // settings; begin, channel, subscriptions, insert, number, commit
    // removing one of two leaves the schedule in place: the digest still comes
    await run('remove', { id: '2' });
    const heard = async (at: string) => {
      clock.set(at);
      adapter.sent.length = 0;
      await radar!.runDueSchedules();
      return adapter.sent.filter((m) => m.where === '#lab').length;
    };
    expect(await heard('2026-05-01T08:01:00Z')).toBeGreaterThan(0);
    // the last one gone, nothing is scheduled
    await run('remove', { id: '1' });
    expect(await heard('2026-05-02T08:01:00Z')).toBe(0);
  });
});

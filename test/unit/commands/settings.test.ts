import { afterEach, describe, expect, it } from 'vitest';
import { commandSpecs } from '../../../commands/index.js';
import { parseCommandText } from '../../../src/chat/parse-command-text.js';
import { member } from '../../fakes/recording.js';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar settings', () => {
  it('shows, changes and validates settings; time changes reschedule the digest', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('settings'))).toMatch(/^Settings: size 10, time 08:00, timezone UTC/);
    await world.run('add', { query: 'convex' });
    expect(world.text(await world.run('settings', { name: 'time', value: '09:30' }))).toBe('Updated time → 09:30.');
    expect((await world.radar.services.settings.get('shell:lab')).time).toBe('09:30');
    world.clock.set('2026-04-30T09:31:00Z');
    await world.radar.runDueSchedules();
    expect(world.adapter.sent.filter((r) => r.where === '#lab' && r.message.cards?.length)).toHaveLength(1);
    expect(world.text(await world.run('settings', { name: 'size', value: '99' }))).toBe('Invalid value for size: a whole number from 1 to 25');
    expect(world.text(await world.run('settings', { name: 'colour', value: 'red' }))).toMatch(/^Unknown setting `colour`\. Settings: size, /);
  });

  it('takes the days of a weekly (or twice-weekly) digest in any spelling and shows them one way; quiet on/off', async () => {
    world = await startTestWorld();
    const set = async (name: string, value: string) => world.text(await world.run('settings', { name, value }));
    expect(await set('days', 'Monday')).toBe('Updated days → mon.');
    expect(await set('days', 'thu, mon')).toBe('Updated days → mon,thu.');
    expect(await set('days', 'mon-fri')).toBe('Updated days → weekdays.');
    expect(await set('days', 'fri-mon')).toBe('Updated days → mon,fri,sat,sun.');
    expect(await set('days', '周一，周四')).toBe('Updated days → mon,thu.');
    expect((await world.radar.services.settings.get('shell:lab')).days).toBe('mon,thu');
    expect(await set('days', 'every')).toBe('Updated days → every.');
    expect((await world.radar.services.settings.get('shell:lab')).days).toBeUndefined();
    expect(await set('days', 'someday')).toBe('Invalid value for days: every, weekdays, or the days to post on such as mon (weekly), mon,thu or mon-fri');
    expect(await set('days', 'mon-tue-wed')).toMatch(/^Invalid value for days/);
    expect(await set('quiet', 'on')).toBe('Updated quiet → on.');
    expect(world.text(await world.run('settings'))).toMatch(/^Settings: size 10, time 08:00, timezone UTC, days every, quiet on, /);
  });

  it('takes the days as the rest of a typed command line', async () => {
    world = await startTestWorld();
    const { options } = parseCommandText('/radar settings days mon thu', commandSpecs);
    expect(options).toEqual({ name: 'days', value: 'mon thu' });
    expect(world.text(await world.run('settings', options as Record<string, string>))).toBe('Updated days → mon,thu.');
  });

  it('answers in Chinese right after switching to zh', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('settings', { name: 'language', value: 'zh' }))).toBe('已更新 language → zh。');
    expect(world.text(await world.run('settings', { name: 'time', value: '25:00' }))).toBe('language 的值无效：24 小时制的 HH:MM，例如 08:00'.replace('language', 'time'));
  });

  it('pauses the scheduled digests until a day or until turned off, says so in list, and resumes', async () => {
    world = await startTestWorld(); // Thursday 2026-04-30, 09:00 UTC
    const set = async (value: string) => world.text(await world.run('settings', { name: 'pause', value }));
    await world.run('add', { query: 'convex' });
    expect(await set('2w')).toBe(
      '⏸ Scheduled digests are paused until Thu 2026-05-14: that day’s digest brings what was announced meanwhile (up to a week back). `/radar digest` still posts on demand; `/radar settings pause off` resumes now.',
    );
    expect((await world.radar.services.settings.get('shell:lab')).pausedUntil).toBe('2026-05-14');
    expect(world.text(await world.run('settings'))).toMatch(/, pause 2026-05-14\.\n/);
    expect(world.text(await world.run('list'))).toContain('⏸ Scheduled digests are paused. Next digest: Thu 2026-05-14 at 08:00 (UTC)');
    expect(await set('on')).toBe('⏸ Scheduled digests are paused until `/radar settings pause off`. `/radar digest` still posts on demand.');
    expect(world.text(await world.run('list'))).toContain('⏸ Scheduled digests are paused until `/radar settings pause off`.');
    expect(world.text(await world.run('list'))).not.toContain('Next digest');
    expect(await set('2026-04-30')).toBe('Invalid value for pause: off, on (until turned off), the day digests resume such as 2027-01-05 (within a year), or a length such as 10d or 2w');
    expect(await set('off')).toBe('▶️ Scheduled digests are back. Next digest: Fri 2026-05-01 at 08:00 (UTC).');
    expect((await world.radar.services.settings.get('shell:lab')).pausedUntil).toBeUndefined();
    expect(world.text(await world.run('settings'))).toMatch(/, pause off\.\n/);
    // a pause is this channel's holiday: export leaves it out
    await set('3w');
    expect(world.text(await world.run('export'))).not.toContain('pause');
    // in Chinese
    await world.run('settings', { name: 'language', value: 'zh' });
    expect(world.text(await world.run('settings'))).toContain('暂停 至 2026-05-21');
    expect(await set('关')).toMatch(/^▶️ 定时日报已恢复。下一期日报：2026-05-01（周五）08:00（UTC）。$/);
  });

  it('is for managers only when changing', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('settings', { name: 'size', value: '5' }, member))).toBe('Only channel managers can change subscriptions or settings here.');
  });
});

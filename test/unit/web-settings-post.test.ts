import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { translator } from '../../src/i18n/messages.js';
import type { ChannelSettings } from '../../src/store/ports.js';
import { settingsBody, settingsPatch } from '../../src/web/settings-post.js';

const current: ChannelSettings = { size: 10, time: '08:00', timezone: 'UTC', language: 'en', summaries: false, crosslists: true, replacements: false, pausedUntil: '2026-12-10' };
const today = '2026-12-02';
const shown = { size: '10', time: '08:00', timezone: 'UTC', days: 'every', pause: '2026-12-10', language: 'en', quiet: 'off', summaries: 'off', crosslists: 'on', replacements: 'off', learning: 'on' };

describe('the web settings form, as posted', () => {
  it('leaves alone the fields posted as the form showed them (a saved pause does not move on)', () => {
    expect(settingsPatch(shown, current, today)).toEqual({});
    expect(settingsPatch({}, current, today)).toEqual({});
  });

  it('parses the changed fields as /radar settings does', () => {
    expect(settingsPatch({ ...shown, size: '5', time: '09:30', timezone: 'Asia/Shanghai', days: 'Thu, mon', pause: 'off', quiet: 'on', crosslists: 'off', learning: 'off' }, current, today)).toEqual({
      size: 5,
      time: '09:30',
      timezone: 'Asia/Shanghai',
      days: 'mon,thu',
      pausedUntil: undefined,
      quiet: true,
      crosslists: false,
      learning: false,
    });
    expect(settingsPatch({ ...shown, pause: '2w', days: 'every' }, { ...current, pausedUntil: undefined, days: 'weekdays' }, today)).toEqual({ pausedUntil: '2026-12-16', days: undefined });
  });

  it('refuses a bad value with the reason chat gives, and nothing of the rest', () => {
    let refused: unknown;
    try {
      settingsPatch({ ...shown, size: '7', timezone: 'Mars/Olympus' }, current, today);
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).translate(translator('en'))).toBe('Invalid value for timezone: an IANA time zone such as Europe/Berlin or Asia/Shanghai');
    expect(() => settingsPatch({ size: '26' }, current, today)).toThrow(UserError);
  });

  it('trims and bounds what it reads', () => {
    expect(settingsBody.parse({ t: 'x', size: ' 5 ' }).size).toBe('5');
    expect(settingsBody.safeParse({ t: 'x', days: 'm'.repeat(101) }).success).toBe(false);
    expect(settingsBody.safeParse({ size: '5' }).success).toBe(false);
  });
});

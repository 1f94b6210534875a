import { describe, expect, it } from 'vitest';
import { settingCompletions } from '../../commands/setting-completions.js';
import { isValidTimezone } from '../../src/config.js';
import { parseDigestDays } from '../../src/digest/digest-days.js';

const values = (name: string | undefined, partial: string) => settingCompletions(name, partial).map((c) => c.value);

describe('settings value completions', () => {
  it('finds a time zone by any part of its name, each one the setting accepts', () => {
    expect(values('timezone', 'shang')).toEqual(['Asia/Shanghai']);
    expect(values('timezone', 'new york')).toEqual(['America/New_York']);
    expect(values('timezone', 'Europe/')).toContain('Europe/Berlin');
    expect(values('timezone', '')[0]).toBe('UTC');
    for (const z of [...values('timezone', ''), ...values('timezone', 'america')]) expect(isValidTimezone(z), z).toBe(true);
    expect(values('timezone', 'Europe/').length).toBe(25); // Discord's bound
  });

  it('offers digest days as presets, then completes the last day of a list', () => {
    expect(values('days', '')).toEqual(['every', 'weekdays', 'mon', 'mon,thu', 'mon,wed,fri', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(values('days', 'mo')).toEqual(['mon', 'mon,thu', 'mon,wed,fri']);
    expect(values('days', 'mon,t')).toEqual(['mon,tue', 'mon,thu']);
    expect(values('days', 'mon, thu,')).toEqual(['mon,thu,tue', 'mon,thu,wed', 'mon,thu,fri', 'mon,thu,sat', 'mon,thu,sun']);
    for (const v of [...values('days', ''), ...values('days', 'mon,')]) expect(() => parseDigestDays(v), v).not.toThrow();
  });

  it('offers times, sizes, languages and on/off; nothing before a setting is named', () => {
    expect(values('time', '9')).toEqual(['09:00', '09:30']);
    expect(values('time', '17:')).toEqual(['17:00', '17:30']);
    expect(values('size', '1')).toEqual(['10', '15']);
    expect(values('language', '')).toEqual(['en', 'zh']);
    expect(values('quiet', 'of')).toEqual(['off']);
    expect(values('learning', '')).toEqual(['on', 'off']);
    expect(values(undefined, 'mon')).toEqual([]);
    expect(values('colour', 'r')).toEqual([]);
  });
});

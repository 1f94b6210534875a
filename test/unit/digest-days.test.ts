import { describe, expect, it } from 'vitest';
import { DigestDaysError, MAX_CATCH_UP_DAYS, digestSpanDays, formatDigestDays, isDigestDay, nextDigestDay, parseDigestDays } from '../../src/digest/digest-days.js';

const canonical = (value: string) => formatDigestDays(parseDigestDays(value));

describe('digest days', () => {
  it('reads every spelling a team types and writes one', () => {
    expect(canonical('every')).toBe('every');
    expect(canonical('daily')).toBe('every');
    expect(canonical('sun-sat')).toBe('every');
    expect(canonical('Weekdays')).toBe('weekdays');
    expect(canonical('mon tue wed thu fri')).toBe('weekdays');
    expect(canonical('MON')).toBe('mon');
    expect(canonical('thursday,monday')).toBe('mon,thu');
    expect(canonical('tues')).toBe('tue');
    expect(canonical('sat-mon')).toBe('mon,sat,sun');
    expect(canonical('星期五、周日')).toBe('fri,sun');
    expect(canonical('周天')).toBe('sun');
    for (const bad of ['', 'mo', 'someday', 'mon-', 'mon-tue-wed', 'mon,8', '周八']) {
      expect(() => parseDigestDays(bad), bad).toThrow(DigestDaysError);
    }
  });

  it('posts only on the chosen local weekdays', () => {
    // 2026-11-30 is a Monday
    expect(isDigestDay(undefined, '2026-11-29')).toBe(true);
    expect(isDigestDay('mon', '2026-11-30')).toBe(true);
    expect(isDigestDay('mon', '2026-12-01')).toBe(false);
    expect(isDigestDay('weekdays', '2026-11-28')).toBe(false);
    expect(isDigestDay('weekdays', '2026-12-04')).toBe(true);
    // a stored value that no longer reads posts every day rather than never
    expect(isDigestDay('garbage', '2026-12-01')).toBe(true);
  });

  it('tells the next digest day: today until today\'s has run, else the next chosen weekday', () => {
    expect(nextDigestDay(undefined, '2026-12-01', undefined)).toBe('2026-12-01');
    expect(nextDigestDay(undefined, '2026-12-01', '2026-12-01')).toBe('2026-12-02');
    expect(nextDigestDay('mon', '2026-12-01', '2026-11-30')).toBe('2026-12-07');
    expect(nextDigestDay('mon', '2026-11-30', undefined)).toBe('2026-11-30');
    expect(nextDigestDay('mon', '2026-11-30', '2026-11-30')).toBe('2026-12-07');
    expect(nextDigestDay('mon,thu', '2026-12-04', undefined)).toBe('2026-12-07');
    expect(nextDigestDay('weekdays', '2026-12-04', '2026-12-04')).toBe('2026-12-07');
    // today's time has passed without a digest (a channel set up after it): the next one is tomorrow's
    expect(nextDigestDay(undefined, '2026-12-01', undefined, true)).toBe('2026-12-02');
    expect(nextDigestDay('mon', '2026-11-30', undefined, true)).toBe('2026-12-07');
  });

  it('looks back to the previous digest day, never less than the deployment look-back', () => {
    expect(digestSpanDays(undefined, '2026-11-30', 3)).toBe(3);
    expect(digestSpanDays('mon', '2026-11-30', 3)).toBe(7);
    expect(digestSpanDays('mon,thu', '2026-11-30', 3)).toBe(4); // Thursday to Monday
    expect(digestSpanDays('mon,thu', '2026-12-03', 3)).toBe(3); // Monday to Thursday
    expect(digestSpanDays('mon,thu', '2026-12-03', 1)).toBe(3);
    expect(digestSpanDays('weekdays', '2026-11-30', 1)).toBe(3); // Friday to Monday
    expect(digestSpanDays('weekdays', '2026-12-01', 1)).toBe(1);
    expect(digestSpanDays('mon', '2026-11-30', 14)).toBe(14);
    // Monday's weekly digest running a day late (a queued job) still reaches back to the Monday before
    expect(digestSpanDays('mon', '2026-11-30', 3, '2026-12-01')).toBe(8);
    expect(digestSpanDays(undefined, '2026-11-30', 3, '2026-11-30')).toBe(3);
    // days missed since the last scheduled digest that went out are reached, up to a week
    expect(digestSpanDays(undefined, '2026-11-13', 3, '2026-11-13', '2026-11-12')).toBe(3);
    expect(digestSpanDays(undefined, '2026-11-13', 3, '2026-11-13', '2026-11-06')).toBe(7);
    expect(digestSpanDays(undefined, '2026-11-13', 3, '2026-11-13', '2026-10-01')).toBe(MAX_CATCH_UP_DAYS);
    expect(digestSpanDays('mon', '2026-11-30', 3, '2026-11-30', '2026-11-23')).toBe(7);
  });
});

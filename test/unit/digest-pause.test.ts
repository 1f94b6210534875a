import { describe, expect, it } from 'vitest';
import { nextDigestDay } from '../../src/digest/digest-days.js';
import { DigestPauseError, isPausedOn, parseDigestPause, PAUSED_UNTIL_RESUMED, shownPause } from '../../src/digest/digest-pause.js';

const today = '2026-12-18'; // a Friday

describe('digest pause', () => {
  it('reads the day digests resume from a date, a length or on/off, in English and Chinese', () => {
    expect(parseDigestPause('2027-01-04', today)).toBe('2027-01-04');
    expect(parseDigestPause('until 2027-01-04', today)).toBe('2027-01-04');
    expect(parseDigestPause('2w', today)).toBe('2027-01-01');
    expect(parseDigestPause('2 weeks', today)).toBe('2027-01-01');
    expect(parseDigestPause('10d', today)).toBe('2026-12-28');
    expect(parseDigestPause('1 day', today)).toBe('2026-12-19');
    expect(parseDigestPause('2周', today)).toBe('2027-01-01');
    expect(parseDigestPause('10天', today)).toBe('2026-12-28');
    expect(parseDigestPause(' ON ', today)).toBe(PAUSED_UNTIL_RESUMED);
    expect(parseDigestPause('开', today)).toBe(PAUSED_UNTIL_RESUMED);
    expect(parseDigestPause('off', today)).toBeUndefined();
    expect(parseDigestPause('resume', today)).toBeUndefined();
    expect(parseDigestPause('关', today)).toBeUndefined();
  });

  it('refuses a day already reached, a day past a year, a day not on the calendar and anything else', () => {
    for (const bad of [today, '2026-12-01', '2028-01-01', '2027-02-30', '0d', '400d', '60w', 'soon', '2027-1-4', '']) {
      expect(() => parseDigestPause(bad, today), bad).toThrow(DigestPauseError);
    }
    expect(parseDigestPause('366d', today)).toBe('2027-12-19');
  });

  it('holds before its resume day only, and shows as the day, on or off', () => {
    expect(isPausedOn('2027-01-04', '2027-01-03')).toBe(true);
    expect(isPausedOn('2027-01-04', '2027-01-04')).toBe(false);
    expect(isPausedOn(undefined, today)).toBe(false);
    expect(isPausedOn(PAUSED_UNTIL_RESUMED, '2099-06-01')).toBe(true);
    expect(shownPause('2027-01-04', today)).toBe('2027-01-04');
    expect(shownPause('2027-01-04', '2027-01-04')).toBe('off'); // an expired pause is no pause
    expect(shownPause(PAUSED_UNTIL_RESUMED, today)).toBe('on');
    expect(shownPause(undefined, today)).toBe('off');
  });

  it('moves the next digest day to the resume day, or the first digest day after it', () => {
    expect(nextDigestDay(undefined, today, undefined, false, '2027-01-04')).toBe('2027-01-04');
    expect(nextDigestDay('mon,thu', today, undefined, false, '2027-01-05')).toBe('2027-01-07');
    expect(nextDigestDay(undefined, today, undefined, true)).toBe('2026-12-19');
  });
});

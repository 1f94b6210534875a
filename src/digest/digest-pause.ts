/**
 * Pausing a channel's scheduled digests (`/radar settings pause …`): for a holiday or a conference week, until a
 * local day — given as a date or a length (`2w`, `10d`, `2周`, `10天`) — or until it is turned off. A pause is
 * stored as the local day the digests resume (`9999-12-31` for "until turned off"), so an expired pause needs no
 * clean-up: it simply no longer holds. The first digest after it reaches back to the last one that went out
 * (up to a week, digest-days.ts), so what was announced meanwhile is not lost. Pure.
 */
import { OFF_WORDS, ON_WORDS } from '../chat/on-off-words.js';
import { addDays } from './arxiv-calendar.js';

/** The resume day stored for a pause without end. */
export const PAUSED_UNTIL_RESUMED = '9999-12-31';
/** The longest pause to a day: a year (a date further on is more likely a typo). */
export const MAX_PAUSE_DAYS = 366;

/** Why a pause value was refused. */
export class DigestPauseError extends Error {}

const OFF = [...OFF_WORDS, 'resume', '恢复'];

/**
 * Reads a pause value seen on local day `today`: the local day digests resume, or undefined for no pause.
 * `off` / `resume`; `on` (until turned off); `2027-01-05` or `until 2027-01-05` (resume that day: after today,
 * within MAX_PAUSE_DAYS); `10d`, `2w`, `10 days`, `2 weeks`, `10天`, `2周` (resume that many days from today).
 * Throws DigestPauseError on anything else.
 */
export function parseDigestPause(value: string, today: string): string | undefined {
  const text = value.trim().toLowerCase().replace(/^(?:until|till|to|至|到)\s*/, '');
  if (OFF.includes(text)) return undefined;
  if (ON_WORDS.includes(text)) return PAUSED_UNTIL_RESUMED;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : undefined;
  if (date !== undefined) {
    if (!isCalendarDay(date) || date <= today || date > addDays(today, MAX_PAUSE_DAYS)) throw new DigestPauseError(text);
    return date;
  }
  const length = /^(\d{1,3})\s*(d|days?|天|w|weeks?|周|星期)$/.exec(text);
  if (!length) throw new DigestPauseError(text);
  const days = Number(length[1]) * (/^(?:w|week|周|星期)/.test(length[2]!) ? 7 : 1);
  if (days < 1 || days > MAX_PAUSE_DAYS) throw new DigestPauseError(text);
  return addDays(today, days);
}

/** Is a pause stored as `pausedUntil` holding on local day `day`? */
export const isPausedOn = (pausedUntil: string | undefined, day: string): boolean => pausedUntil !== undefined && day < pausedUntil;

/** The pause as `/radar settings` shows it on local day `today`: `off`, `on` (until turned off) or the resume day. */
export function shownPause(pausedUntil: string | undefined, today: string): string {
  if (!isPausedOn(pausedUntil, today)) return 'off';
  return pausedUntil === PAUSED_UNTIL_RESUMED ? 'on' : pausedUntil!;
}

/** A real day of the calendar (`2027-02-30` is not). */
function isCalendarDay(day: string): boolean {
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

/**
 * The weekdays a channel's scheduled digest posts on (`/radar settings days …`): every day by default, or a
 * team's choice — `mon` for a weekly digest, `mon,thu` for two a week. A digest that skips days covers every
 * day since the previous one, so nothing announced in between is lost. Pure.
 */

import { addDays, weekday } from './arxiv-calendar.js';

/** Weekday names as `Date#getUTCDay` numbers them (0 = Sunday). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const EVERY_DAY = 0b1111111;
const WEEKDAY_MASK = 0b0111110;

/** A set of weekdays, as seven bits (bit `d` for WEEKDAYS[d]). */
export type DayMask = number;

/** Why a `days` value was refused. */
export class DigestDaysError extends Error {}

/**
 * Reads a days value: `every`, `weekdays`, a list of days (`mon,thu`, `mon thu`), a range (`mon-fri`), full
 * names (`monday`) and Chinese ones (`周一,周四`) too, in any case. Throws DigestDaysError on anything else or on no day at all.
 */
export function parseDigestDays(value: string): DayMask {
  const text = value.trim().toLowerCase();
  if (text === 'every' || text === 'daily' || text === 'all') return EVERY_DAY;
  if (text === 'weekdays') return WEEKDAY_MASK;
  let mask = 0;
  for (const part of text.split(/[\s,，、]+/).filter(Boolean)) {
    const range = part.split('-');
    if (range.length > 2) throw new DigestDaysError(part);
    const from = dayNumber(range[0]!);
    const to = range.length === 2 ? dayNumber(range[1]!) : from;
    // a range may wrap the week's end: fri-mon is Friday to Monday
    for (let d = from; ; d = (d + 1) % 7) {
      mask |= 1 << d;
      if (d === to) break;
    }
  }
  if (mask === 0) throw new DigestDaysError(text);
  return mask;
}

/** 周日, 周一 … 周六 (or 星期日 …, 周天): the day's character, Sunday first as WEEKDAYS. */
const CHINESE_DAYS = '日一二三四五六';

function dayNumber(word: string): number {
  const chinese = /^(?:周|星期)([一二三四五六日天])$/.exec(word);
  if (chinese) return chinese[1] === '天' ? 0 : CHINESE_DAYS.indexOf(chinese[1]!);
  const d = WEEKDAYS.findIndex((name) => word === name || (word.length >= 3 && fullName(name).startsWith(word)));
  if (d < 0) throw new DigestDaysError(word);
  return d;
}

const fullName = (day: Weekday): string =>
  ({ sun: 'sunday', mon: 'monday', tue: 'tuesday', wed: 'wednesday', thu: 'thursday', fri: 'friday', sat: 'saturday' })[day];

/** The canonical text of a set of days: `every`, `weekdays`, or the days from Monday on (`mon,thu`). */
export function formatDigestDays(mask: DayMask): string {
  if (mask === EVERY_DAY) return 'every';
  if (mask === WEEKDAY_MASK) return 'weekdays';
  const monFirst = [1, 2, 3, 4, 5, 6, 0];
  return monFirst.filter((d) => (mask & (1 << d)) !== 0).map((d) => WEEKDAYS[d]).join(',');
}

/** The stored text (absent = every day) as a mask; a value that no longer reads means every day. */
export function digestDaysMask(stored: string | undefined): DayMask {
  if (stored === undefined) return EVERY_DAY;
  try {
    return parseDigestDays(stored);
  } catch {
    return EVERY_DAY;
  }
}

/** Does the channel's scheduled digest post on local day `day`? */
export const isDigestDay = (stored: string | undefined, day: string): boolean => (digestDaysMask(stored) & (1 << weekday(day))) !== 0;

/** How far back a digest reaches for the days its channel missed (delivery failing for days): a week. */
export const MAX_CATCH_UP_DAYS = 7;

/** Whole days from local day `from` to local day `to` (negative when `to` comes first). */
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * How many days back from `today` the digest of local day `day` looks: the deployment's look-back; back to the
 * channel's previous digest day when it skips days (7 for a weekly digest); back to its last scheduled digest
 * that went out (`lastDigestDay`, up to MAX_CATCH_UP_DAYS) when days were missed — whichever is longest. A
 * digest of an earlier day (a queued one that ran late) looks back as far as it would have on its own day.
 */
export function digestSpanDays(stored: string | undefined, day: string, lookbackDays: number, today = day, lastDigestDay?: string): number {
  const mask = digestDaysMask(stored);
  const dayOfWeek = weekday(day);
  let gap = 1;
  while (gap < 7 && (mask & (1 << ((dayOfWeek - gap + 7) % 7))) === 0) gap++;
  const missed = lastDigestDay === undefined ? 0 : Math.min(MAX_CATCH_UP_DAYS, daysBetween(lastDigestDay, day));
  return Math.max(lookbackDays, gap, missed) + Math.max(0, daysBetween(day, today));
}

/**
 * The local day of the channel's next scheduled digest, seen on local day `today`: today unless today's has
 * run, its time has passed (`timePassed`: a running radar fires a digest at its time only — a channel set up
 * after it gets tomorrow's) or today is not a digest day, else the next chosen weekday.
 */
export function nextDigestDay(stored: string | undefined, today: string, lastScheduledDay: string | undefined, timePassed = false, resumeDay?: string): string {
  for (let k = 0; ; k++) {
    const day = addDays(today, k);
    if (resumeDay !== undefined && day < resumeDay) continue; // a paused channel's digests wait for its resume day
    if (isDigestDay(stored, day) && !(k === 0 && (lastScheduledDay === day || timePassed))) return day;
  }
}

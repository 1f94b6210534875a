/**
 * arXiv's announcement calendar.
 *
 * Convention (checked against the recorded feeds): arXiv announces at 20:00 US Eastern (America/New_York,
 * DST aware) on Sunday–Thursday evenings. The listing announced on the evening of day D is the mailing
 * "of" D+1: the RSS feed rebuilt around midnight carries `pubDate` D+1 (the Sunday-evening announcement
 * is Monday's listing, `rss2_new_format_cs.LG_2026-04-27_3items.xml` has `pubDate` Mon 27 Apr 2026,
 * built 04:00 UTC = midnight EDT), and Paper.announced is that listing day. So listing (mailing) days
 * are Monday–Friday.
 *
 * A holiday date H means no announcement on the evening of H (arXiv staff are off), so there is no
 * listing dated H+1: Thanksgiving Thursday 2024-11-28 still had the listing dated 28 Nov (announced on
 * Wednesday evening, `rss2_new_format_2024-11-28_all_archives_trimmed.xml`), while Friday 29 Nov had none.
 * A holiday on a Friday changes nothing (there is never a Friday-evening announcement).
 */

export interface HolidayEntry {
  /** YYYY-MM-DD (US Eastern): no announcement on the evening of this date. */
  readonly date: string;
  readonly name: string;
}

/** arXiv holidays. Extend per year from https://info.arxiv.org/help/availability.html. */
export const ARXIV_HOLIDAYS: readonly HolidayEntry[] = [
  { date: '2026-01-01', name: "New Year's Day" },
  { date: '2026-01-19', name: 'Martin Luther King Jr. Day' },
  { date: '2026-06-19', name: 'Juneteenth' },
  { date: '2026-07-03', name: 'Independence Day (observed)' },
  { date: '2026-09-07', name: 'Labor Day' },
  { date: '2026-11-26', name: 'Thanksgiving' },
  { date: '2026-12-25', name: 'Christmas' },
  { date: '2026-12-29', name: 'Winter break' },
  { date: '2026-12-31', name: "New Year's Eve" },
];

export const ARXIV_TIMEZONE = 'America/New_York';
export const ANNOUNCE_HOUR = 20;

export interface Announcement {
  /** The listing (mailing) day, YYYY-MM-DD: the RSS `pubDate` date and Paper.announced. */
  readonly day: string;
  /** The announcement instant: 20:00 US Eastern on the evening before `day`. */
  readonly at: Date;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

const etFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ARXIV_TIMEZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function etParts(date: Date): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const p: Record<string, number> = {};
  for (const part of etFormat.formatToParts(date)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p['year']!, m: p['month']!, d: p['day']!, h: p['hour']!, min: p['minute']!, s: p['second']! };
}

/** The US Eastern calendar date of an instant, YYYY-MM-DD. */
export function etDate(date: Date): string {
  const { y, m, d } = etParts(date);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `day` ± n calendar days. */
export function addDays(day: string, n: number): string {
  const t = new Date(`${day}T12:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/** The weekday (0 = Sunday) of calendar day `day`. */
export function weekday(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay();
}

export function holidayOn(day: string, holidays: readonly HolidayEntry[] = ARXIV_HOLIDAYS): HolidayEntry | undefined {
  return holidays.find((h) => h.date === day);
}

/** The instant of `hour`:00 US Eastern on calendar day `day` (DST aware). */
export function easternInstant(day: string, hour = ANNOUNCE_HOUR): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour);
  let guess = wall + 5 * 3600_000; // EST first
  for (let i = 0; i < 3; i++) {
    const p = etParts(new Date(guess));
    const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
    const offset = asUtc - guess; // local − UTC
    const next = wall - offset;
    if (next === guess) break;
    guess = next;
  }
  return new Date(guess);
}

/** True when arXiv announces on the evening of ET day `day` (Sunday–Thursday, not a holiday). */
export function isAnnouncementEvening(day: string, holidays: readonly HolidayEntry[] = ARXIV_HOLIDAYS): boolean {
  const wd = weekday(day);
  return wd >= 0 && wd <= 4 && !holidayOn(day, holidays);
}

/**
 * True when the ET calendar date of `date` is a listing (mailing) day, i.e. the feed rebuilt that midnight
 * carries papers: the evening before was an announcement evening.
 */
export function isAnnouncementDay(date: Date, holidays: readonly HolidayEntry[] = ARXIV_HOLIDAYS): boolean {
  return isAnnouncementEvening(addDays(etDate(date), -1), holidays);
}

/** Why the listing day of `date` has no mailing (`Saturday`, `holiday: Thanksgiving (2026-11-26)`), or undefined. */
export function noAnnouncementReason(date: Date, holidays: readonly HolidayEntry[] = ARXIV_HOLIDAYS): string | undefined {
  const listing = etDate(date);
  const evening = addDays(listing, -1);
  if (isAnnouncementEvening(evening, holidays)) return undefined;
  const h = holidayOn(evening, holidays);
  if (h) return `${listing}: holiday ${h.name} on ${evening}, no announcement that evening`;
  return `${listing} is a ${WEEKDAYS[weekday(listing)]}, no announcement on ${WEEKDAYS[weekday(evening)]} evenings`;
}

/** The most recent announcement at or before `now` (looks back up to 30 days). */
export function latestAnnouncement(now: Date, holidays: readonly HolidayEntry[] = ARXIV_HOLIDAYS): Announcement {
  let day = etDate(now);
  for (let i = 0; i < 30; i++, day = addDays(day, -1)) {
    if (!isAnnouncementEvening(day, holidays)) continue;
    const at = easternInstant(day);
    if (at.getTime() <= now.getTime()) return { day: addDays(day, 1), at };
  }
  throw new RangeError(`no arXiv announcement in the 30 days before ${now.toISOString()}`);
}

/** The next announcement strictly after `now`. */
export function nextAnnouncement(now: Date, holidays: readonly HolidayEntry[] = ARXIV_HOLIDAYS): Announcement {
  let day = etDate(now);
  for (let i = 0; i < 30; i++, day = addDays(day, 1)) {
    if (!isAnnouncementEvening(day, holidays)) continue;
    const at = easternInstant(day);
    if (at.getTime() > now.getTime()) return { day: addDays(day, 1), at };
  }
  throw new RangeError(`no arXiv announcement in the 30 days after ${now.toISOString()}`);
}

/** Announcements with `from < at <= to`, oldest first ("what was announced since the last run"). */
export function announcementsBetween(
  from: Date,
  to: Date,
  holidays: readonly HolidayEntry[] = ARXIV_HOLIDAYS,
): Announcement[] {
  const out: Announcement[] = [];
  if (to.getTime() <= from.getTime()) return out;
  const last = etDate(to);
  for (let day = addDays(etDate(from), -1); day <= last; day = addDays(day, 1)) {
    if (!isAnnouncementEvening(day, holidays)) continue;
    const at = easternInstant(day);
    if (at.getTime() > from.getTime() && at.getTime() <= to.getTime()) out.push({ day: addDays(day, 1), at });
  }
  return out;
}

/** The daily submission deadline, 14:00 US Eastern: what came in before it is announced that evening. */
export const DEADLINE_HOUR = 14;

/** The deadline a listing's announcement closed: 14:00 ET on the last weekday before the listing day (Friday for Monday's). */
function deadlineOf(listing: string): Date {
  let day = addDays(listing, -1);
  while (weekday(day) === 0 || weekday(day) === 6) day = addDays(day, -1);
  return easternInstant(day, DEADLINE_HOUR);
}

/** The listing day before `listing` (the previous announcement evening's, holidays skipped). */
export function previousListing(listing: string, holidays: readonly HolidayEntry[] = ARXIV_HOLIDAYS): string {
  let evening = addDays(listing, -2);
  for (let i = 0; i < 30 && !isAnnouncementEvening(evening, holidays); i++) evening = addDays(evening, -1);
  return addDays(evening, 1);
}

/**
 * The submissions a listing announced as new: received after the deadline the previous listing closed, up to
 * its own (Tuesday's: Friday 14:00 to Monday 14:00 ET; after a holiday evening, two days' worth).
 */
export function submissionWindow(listing: string, holidays: readonly HolidayEntry[] = ARXIV_HOLIDAYS): { from: Date; to: Date } {
  return { from: deadlineOf(previousListing(listing, holidays)), to: deadlineOf(listing) };
}

/** The listing days strictly between two listing days, oldest first. */
export function listingsBetween(after: string, before: string, holidays: readonly HolidayEntry[] = ARXIV_HOLIDAYS): string[] {
  const out: string[] = [];
  for (let day = addDays(after, 1); day < before; day = addDays(day, 1)) if (isAnnouncementEvening(addDays(day, -1), holidays)) out.push(day);
  return out;
}

/** A calendar object for injection into sources (tests pass their own holidays). */
export interface ArxivCalendar {
  isAnnouncementDay(date: Date): boolean;
  noAnnouncementReason(date: Date): string | undefined;
}

export function createArxivCalendar(holidays: readonly HolidayEntry[] = ARXIV_HOLIDAYS): ArxivCalendar {
  return {
    isAnnouncementDay: (date) => isAnnouncementDay(date, holidays),
    noAnnouncementReason: (date) => noAnnouncementReason(date, holidays),
  };
}

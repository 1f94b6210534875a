import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  announcementsBetween,
  easternInstant,
  etDate,
  isAnnouncementDay,
  isAnnouncementEvening,
  latestAnnouncement,
  nextAnnouncement,
  listingsBetween,
  noAnnouncementReason,
  previousListing,
  submissionWindow,
} from '../../src/digest/arxiv-calendar.js';
import { parseArxivRss } from '../../src/sources/arxiv-rss.js';

const at = (iso: string): Date => new Date(iso);

describe('Eastern time, DST aware', () => {
  it('20:00 ET is 00:00Z in summer and 01:00Z in winter', () => {
    expect(easternInstant('2026-04-26').toISOString()).toBe('2026-04-27T00:00:00.000Z');
    expect(easternInstant('2026-01-05').toISOString()).toBe('2026-01-06T01:00:00.000Z');
  });
  it('handles the DST switch days', () => {
    expect(easternInstant('2026-03-08').toISOString()).toBe('2026-03-09T00:00:00.000Z'); // EDT starts that morning
    expect(easternInstant('2026-03-05').toISOString()).toBe('2026-03-06T01:00:00.000Z');
    expect(easternInstant('2026-11-01').toISOString()).toBe('2026-11-02T01:00:00.000Z'); // EST again
  });
  it('etDate is the Eastern calendar date', () => {
    expect(etDate(at('2026-04-27T03:59:00Z'))).toBe('2026-04-26');
    expect(etDate(at('2026-04-27T04:00:00Z'))).toBe('2026-04-27');
  });
});

describe('convention: the 20:00 ET announcement on day D is the listing of D+1 (RSS pubDate)', () => {
  it('matches the cs.LG fixture: built at midnight EDT Monday, pubDate Monday, announced Sunday evening', () => {
    const xml = readFileSync(new URL('../fixtures/arxiv-rss/rss2_new_format_cs.LG_2026-04-27_3items.xml', import.meta.url));
    const listing = parseArxivRss(xml);
    const built = at('2026-04-27T04:00:01Z'); // lastBuildDate of the fixture
    expect(latestAnnouncement(built)).toEqual({ day: listing.announced, at: at('2026-04-27T00:00:00Z') });
    expect(isAnnouncementDay(built)).toBe(true);
  });

  it('matches the all-archives fixture of Thanksgiving Thursday 2024-11-28 (announced Wednesday evening)', () => {
    const holidays = [{ date: '2024-11-28', name: 'Thanksgiving' }];
    expect(isAnnouncementDay(at('2024-11-28T14:47:20Z'), holidays)).toBe(true);
    expect(isAnnouncementDay(at('2024-11-29T14:00:00Z'), holidays)).toBe(false);
    expect(latestAnnouncement(at('2024-11-28T14:47:20Z'), holidays).day).toBe('2024-11-28');
  });

  it('latestAnnouncement includes the exact instant and not a millisecond before', () => {
    expect(latestAnnouncement(at('2026-04-28T00:00:00.000Z')).day).toBe('2026-04-28');
    expect(latestAnnouncement(at('2026-04-27T23:59:59.999Z')).day).toBe('2026-04-27');
  });

  it('over a weekend the latest is Thursday evening (Friday listing)', () => {
    expect(latestAnnouncement(at('2026-04-26T15:00:00Z'))).toEqual({ day: '2026-04-24', at: at('2026-04-24T00:00:00Z') });
    expect(nextAnnouncement(at('2026-04-26T15:00:00Z'))).toEqual({ day: '2026-04-27', at: at('2026-04-27T00:00:00Z') });
  });
});

describe('announcement days (by listing date)', () => {
  it.each([
    ['2026-04-24T12:00:00Z', true], // Friday listing (Thursday evening)
    ['2026-04-25T12:00:00Z', false], // Saturday
    ['2026-04-26T12:00:00Z', false], // Sunday
    ['2026-04-27T12:00:00Z', true], // Monday (Sunday evening)
    ['2026-01-02T12:00:00Z', false], // after New Year's Day (Thu) evening
    ['2026-01-20T12:00:00Z', false], // after MLK Day (Mon) evening
    ['2026-01-19T12:00:00Z', true], // MLK Monday's own listing came on Sunday evening
    ['2026-09-08T12:00:00Z', false], // after Labor Day
    ['2026-11-26T12:00:00Z', true], // Thanksgiving Thursday: Wednesday's announcement
    ['2026-11-27T12:00:00Z', false], // no Thanksgiving-evening announcement
    ['2026-12-30T12:00:00Z', false], // after Dec 29
    ['2027-01-01T12:00:00Z', false], // after Dec 31
    ['2026-06-19T12:00:00Z', true], // a Friday holiday affects no announcement evening
  ])('%s → %s', (iso, expected) => {
    expect(isAnnouncementDay(at(iso))).toBe(expected);
  });

  it('holiday evenings and weekend evenings', () => {
    expect(isAnnouncementEvening('2026-11-26')).toBe(false);
    expect(isAnnouncementEvening('2026-11-25')).toBe(true);
    expect(isAnnouncementEvening('2026-04-24')).toBe(false); // Friday
    expect(isAnnouncementEvening('2026-04-26')).toBe(true); // Sunday
  });

  it('explains why there is no listing', () => {
    expect(noAnnouncementReason(at('2026-04-25T12:00:00Z'))).toContain('Saturday');
    expect(noAnnouncementReason(at('2026-11-27T12:00:00Z'))).toContain('Thanksgiving');
    expect(noAnnouncementReason(at('2026-04-27T12:00:00Z'))).toBeUndefined();
  });
});

describe('announcementsBetween (from, to]', () => {
  it('lists the listings of a normal week end', () => {
    const list = announcementsBetween(at('2026-04-24T12:00:00Z'), at('2026-04-28T12:00:00Z'));
    expect(list.map((a) => a.day)).toEqual(['2026-04-27', '2026-04-28']);
    expect(list[0]!.at.toISOString()).toBe('2026-04-27T00:00:00.000Z');
  });
  it('skips Thanksgiving evening', () => {
    const list = announcementsBetween(at('2026-11-23T00:00:00Z'), at('2026-11-30T12:00:00Z'));
    expect(list.map((a) => a.day)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-30']);
  });
  it('is empty for an empty or inverted range', () => {
    expect(announcementsBetween(at('2026-04-28T12:00:00Z'), at('2026-04-28T12:00:00Z'))).toEqual([]);
  });
});

describe('submission windows (what a listing announced as new)', () => {
  const iso = (w: { from: Date; to: Date }) => [w.from.toISOString(), w.to.toISOString()];
  it('runs from the previous listing\'s 14:00 ET deadline to its own: Friday to Monday for Tuesday\'s', () => {
    expect(iso(submissionWindow('2026-11-10'))).toEqual(['2026-11-06T19:00:00.000Z', '2026-11-09T19:00:00.000Z']);
    expect(iso(submissionWindow('2026-11-09'))).toEqual(['2026-11-05T19:00:00.000Z', '2026-11-06T19:00:00.000Z']);
    // daylight saving time: 14:00 EDT is 18:00 UTC
    expect(iso(submissionWindow('2026-04-29'))).toEqual(['2026-04-27T18:00:00.000Z', '2026-04-28T18:00:00.000Z']);
  });
  it('spans the holiday: no Thanksgiving evening announcement, so Monday\'s listing has Wednesday to Friday', () => {
    expect(previousListing('2026-11-30')).toBe('2026-11-26');
    expect(iso(submissionWindow('2026-11-30'))).toEqual(['2026-11-25T19:00:00.000Z', '2026-11-27T19:00:00.000Z']);
  });
  it('lists the listing days between two, weekends and holidays left out', () => {
    expect(listingsBetween('2026-11-09', '2026-11-11')).toEqual(['2026-11-10']);
    expect(listingsBetween('2026-11-20', '2026-12-01')).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-30']);
    expect(listingsBetween('2026-11-11', '2026-11-12')).toEqual([]);
  });
});

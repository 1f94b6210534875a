/**
 * Listings the radar missed, fetched from the arXiv API. The RSS feed only ever carries the latest listing:
 * a day the radar was down (or arXiv answered errors all day) would be lost to every channel. Each listing
 * the RSS brought is recorded; when a new one comes, the listings between it and the last recorded one (up
 * to `maxListings`) are asked of the API by submission time — a listing announces as new what was submitted
 * between the previous deadline and its own (arxiv-calendar.ts) — and their papers are stored under their
 * listing day; the replacements (later versions of older papers) are asked for by the time of their last
 * update, between the same deadlines.
 */
import { addDays, listingsBetween, submissionWindow, type HolidayEntry } from '../digest/arxiv-calendar.js';
import type { Logger } from '../logger.js';
import type { Paper } from '../papers/paper.js';
import type { KeyValueStore } from '../store/ports.js';
import type { ArxivApiClient } from './arxiv-api-client.js';

/** Listing days remembered (the newest): enough to find any gap the backfill would still fill. */
const REMEMBERED = 30;
const LEDGER_KEY = 'listings';
/** Categories per API query: arXiv's query strings stay short. */
const CATEGORIES_PER_QUERY = 40;
/** Papers per missed listing and category group at most (a busy day of cs.* is ~1,500 new papers). */
const MAX_PER_QUERY = 6000;

export interface ArxivBackfill {
  /**
   * Called with the listing day the RSS has just brought (and the categories it was asked for): the new papers
   * of the listings missed before it, each under its listing day, and `record`, to be called once they and the
   * listing's own papers are stored. A listing the API cannot give now is asked for again at the next ingest,
   * while it is among the last `maxListings`; a failing store (the record) throws.
   */
  afterListing(day: string, categories: readonly string[], signal?: AbortSignal): Promise<{ papers: Paper[]; record: () => Promise<void> }>;
}

export function createArxivBackfill(deps: {
  api: ArxivApiClient;
  /** Durable: the listing days ingested (a namespace of the radar's store). */
  ledger: KeyValueStore;
  /** Missed listings fetched at most (the newest ones); 0 turns the backfill off. */
  maxListings: number;
  logger?: Logger;
  holidays?: readonly HolidayEntry[];
}): ArxivBackfill {
  /**
   * A missed listing's papers: the new ones (and cross-lists) by submission time, then the replacements — later
   * versions of older papers, by the time of their last update — both between the listing's deadlines.
   */
  async function fetchListing(listing: string, categories: readonly string[], signal?: AbortSignal): Promise<Paper[]> {
    const window = submissionWindow(listing, deps.holidays);
    const wanted = new Set(categories);
    const inWanted = (c: string | undefined) => c !== undefined && (wanted.has(c) || wanted.has(c.split('.')[0]!));
    const out: Paper[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < categories.length; i += CATEGORIES_PER_QUERY) {
      const cats = `(${categories.slice(i, i + CATEGORIES_PER_QUERY).map((c) => `cat:${c}`).join(' OR ')})`;
      for (const kind of ['submittedDate', 'lastUpdatedDate'] as const) {
        const query = `${cats} AND ${kind}:[${apiTime(window.from)} TO ${apiTime(window.to)}]`;
        for (const p of await deps.api.searchAll(query, { max: MAX_PER_QUERY, sortBy: kind, sortOrder: 'ascending', signal })) {
          const replaced = kind === 'lastUpdatedDate';
          // a new paper's first version is found by the first query; the second keeps the later versions only
          if (seen.has(p.id) || (replaced && (p.version ?? 1) < 2)) continue;
          // the API's range is inclusive at both ends and by the minute: the window decides
          const at = Date.parse((replaced ? p.updated : p.published) ?? '');
          if (!(at > window.from.getTime() && at <= window.to.getTime()) || !p.categories.some(inWanted)) continue;
          seen.add(p.id);
          const primary = inWanted(p.categories[0]);
          const announceType = replaced ? (primary ? 'replace' : 'replace-cross') : primary ? 'new' : 'cross';
          out.push({ ...p, announced: listing, announceType });
        }
      }
    }
    return out;
  }

  return {
    async afterListing(day, categories, signal) {
      const recorded = (await deps.ledger.get<string[]>(LEDGER_KEY)) ?? [];
      const known = new Set(recorded);
      const read = [day];
      const record = async () => {
        for (const listing of read) known.add(listing);
        await deps.ledger.set(LEDGER_KEY, [...known].sort().slice(-REMEMBERED));
      };
      // the first listing the radar ever reads starts the record: nothing before it was missed
      if (recorded.length === 0 || deps.maxListings === 0) return { papers: [], record };
      // the last `maxListings` listings before this one that were never read: a listing the API could not
      // give last time is asked for again while it is among them
      const first = recorded[0]! > addDays(day, -REMEMBERED) ? recorded[0]! : addDays(day, -REMEMBERED);
      const missed = listingsBetween(first, day, deps.holidays).slice(-deps.maxListings).filter((d) => !known.has(d) && d !== day);
      const papers: Paper[] = [];
      for (const listing of missed) {
        let found: Paper[];
        try {
          found = await fetchListing(listing, categories, signal);
        } catch (err) {
          // what was fetched is kept; this listing and the later ones are asked for at the next ingest
          deps.logger?.warn({ err, listing }, 'a missed arXiv listing could not be fetched from the API; asked again at the next ingest');
          break;
        }
        deps.logger?.info({ listing, papers: found.length }, 'missed arXiv listing fetched from the API');
        papers.push(...found);
        read.push(listing);
      }
      return { papers, record };
    },
  };
}

/** The API's submittedDate form: YYYYMMDDHHMM in GMT. */
function apiTime(at: Date): string {
  return at.toISOString().slice(0, 16).replace(/[-T:]/g, '');
}

/**
 * The channel page's data: the digest window (or one announcement day) ranked as digests rank it, split
 * into the digest's batches, optionally filtered to one subscription, with the reason when it is empty.
 */
import { channelFromKey } from '../chat/ports.js';
import { translator, type Language } from '../i18n/messages.js';
import { nextDigestText } from '../digest/next-digest.js';
import { addDays, etDate, holidayOn, isAnnouncementEvening } from '../digest/arxiv-calendar.js';
import type { Candidate } from '../radar/rank.js';
import { parseQuery } from '../radar/query-parser.js';
import type { Subscription } from '../radar/subscription.js';
import type { ChannelSettings } from '../store/ports.js';
import type { WebDeps } from './deps.js';

export interface ChannelQuery {
  readonly sub?: number;
  readonly day?: string;
  readonly batch: number;
  readonly lang?: Language;
}

export interface SubChip {
  readonly number: number;
  readonly query: string;
  /** Set when the subscription is one author (`author:"Yulian Yang"`): shown as `作者: Yulian Yang`. */
  readonly author?: string;
  /** How many people `/radar watch` it (named under the digests in which it brings papers); absent: none. */
  readonly watchers?: number;
}

export type EmptyReason =
  | { kind: 'no_subscriptions' }
  | { kind: 'weekend'; day: string }
  | { kind: 'holiday'; day: string; holiday: string }
  | { kind: 'no_papers' }
  | { kind: 'nothing_matched'; checked: number }
  | { kind: 'filter_empty'; number: number };

export interface ChannelView {
  readonly channelKey: string;
  readonly settings: ChannelSettings;
  readonly language: Language;
  readonly chips: readonly SubChip[];
  readonly active?: SubChip;
  /** Navigation: today, then stored announcement days, newest first. */
  readonly dayNav: readonly string[];
  readonly today: string;
  readonly day?: string;
  /** Announcement days the shown window covers. */
  readonly windowDays: readonly string[];
  readonly batch: number;
  readonly batches: number;
  readonly total: number;
  /** The batch's cards with their 1-based digest numbers. */
  readonly cards: readonly { index: number; candidate: Candidate }[];
  /** Cross-lists and replacements of the window that the channel's digest skips (labelled, capped). */
  readonly skipped: readonly Candidate[];
  readonly skippedTotal: number;
  readonly empty?: EmptyReason;
  /** The viewer's own votes on the shown papers. */
  readonly votes: Readonly<Record<string, 1 | -1>>;
  /** When the next scheduled digest comes, in the page's language (none without subscriptions). */
  readonly nextDigest?: string;
}

const DAY_NAV = 7;
const SKIPPED_SHOWN = 20;

/** `author:"Yulian Yang"` → `Yulian Yang`; anything else → undefined. */
export function authorOf(query: string): string | undefined {
  try {
    const root = parseQuery(query).root;
    return root.kind === 'author' ? root.text : undefined;
  } catch {
    return undefined;
  }
}

/** {@link authorOf}, remembered per query line (a channel's chips are drawn on every page view). */
export function memoAuthorOf(max = 10_000): (query: string) => string | undefined {
  const seen = new Map<string, string | undefined>();
  return (query) => {
    if (seen.has(query)) return seen.get(query);
    if (seen.size >= max) seen.clear();
    const author = authorOf(query);
    seen.set(query, author);
    return author;
  };
}

function emptyReasonFor(day: string | undefined, today: string, checked: number, papers: boolean): EmptyReason {
  const listing = day ?? today;
  const evening = addDays(listing, -1);
  if (!papers && !isAnnouncementEvening(evening)) {
    const h = holidayOn(evening);
    return h ? { kind: 'holiday', day: listing, holiday: h.name } : { kind: 'weekend', day: listing };
  }
  return papers ? { kind: 'nothing_matched', checked } : { kind: 'no_papers' };
}

export async function buildChannelView(
  deps: WebDeps,
  key: string,
  q: ChannelQuery,
  voter: string,
  author: (query: string) => string | undefined = authorOf,
): Promise<ChannelView> {
  const { store } = deps;
  const settings = await store.channels.getSettings(key);
  const [subs, watchers] = await Promise.all([store.subscriptions.list(key), store.watchers.list(key)]);
  const chips = subs.map((s: Subscription) => ({
    number: s.number,
    query: s.query,
    author: author(s.query),
    ...(watchers.has(s.number) ? { watchers: watchers.get(s.number)!.length } : {}),
  }));
  const active = q.sub === undefined ? undefined : chips.find((c) => c.number === q.sub);
  const today = etDate(deps.clock.now());
  const stored = await store.papers.listDays();
  const dayNav = [...new Set([today, ...stored.filter((d) => d <= today)])].slice(0, DAY_NAV);
  const win = await deps.browse(channelFromKey(key), q.day ? [q.day] : undefined);
  const subId = active && subs.find((s) => s.number === active.number)?.id;
  const ranked = subId ? win.ranked.filter((c) => c.subscriptionIds?.includes(subId)) : win.ranked;
  const size = settings.size;
  const batches = Math.max(1, Math.ceil(ranked.length / size));
  const batch = Math.min(Math.max(1, q.batch), batches);
  const first = (batch - 1) * size;
  const cards = ranked.slice(first, first + size).map((candidate, i) => ({ index: first + i + 1, candidate }));
  let empty: EmptyReason | undefined;
  if (subs.length === 0) empty = { kind: 'no_subscriptions' };
  else if (ranked.length === 0 && active) empty = { kind: 'filter_empty', number: active.number };
  else if (ranked.length === 0) empty = emptyReasonFor(q.day, today, win.checked, win.checked > 0);
  const votes: Record<string, 1 | -1> = {};
  for (const v of await deps.feedback.votesOn(key, cards.map((c) => c.candidate.paper.id))) if (v.voter === voter) votes[v.paperId] = v.value;
  const language = q.lang ?? settings.language;
  const nextDigest = subs.length === 0 ? undefined : nextDigestText({ ...settings, language }, (await store.channels.getStatus(key)).lastScheduledDay, deps.clock.now(), translator(language));
  return {
    channelKey: key,
    settings,
    language,
    chips,
    active,
    dayNav,
    today,
    day: q.day,
    windowDays: win.days,
    batch,
    batches,
    total: ranked.length,
    cards,
    skipped: win.skipped.slice(0, SKIPPED_SHOWN),
    skippedTotal: win.skipped.length,
    empty,
    votes,
    ...(nextDigest ? { nextDigest } : {}),
  };
}

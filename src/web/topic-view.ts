/**
 * Topic pages: the subscription query language over the stored papers of the last 30 days, ranked as
 * `/radar search` ranks, with a count per announcement day (the page form of search and preview).
 */
import type { Clock } from '../clock.js';
import { UserError } from '../errors.js';
import { checkArxivCategories } from '../radar/query-categories.js';
import { parseQuery } from '../radar/query-parser.js';
import { dayOf, searchPapers, type SearchHit } from '../radar/search.js';
import { storedDaysKey, windowDayCounts } from '../papers/window.js';
import type { RadarStore } from '../store/ports.js';
import { buildTopicIndex, type TopicIndex } from './topic-index.js';

export const TOPIC_DAYS = 30;
const SHOWN = 30;
const CACHED_QUERIES = 500;

export interface TopicView {
  readonly query: string;
  readonly hits: readonly SearchHit[];
  readonly total: number;
  readonly days: readonly { day: string; count: number }[];
  /** Why the query is not valid (the parser's message, translated when rendered). */
  readonly error?: UserError;
}

/** One pass over the papers that may match: the ranked top, the total and the count per day. */
export function topicView(index: TopicIndex, query: string): TopicView {
  const q = query.trim();
  if (!q) return { query: q, hits: [], total: 0, days: [] };
  try {
    // the page offers "add as subscription": a misspelt category is said here, as adding would say it
    checkArxivCategories(parseQuery(q));
    const hits = searchPapers(index.candidates(q), q, Number.MAX_SAFE_INTEGER);
    const counts = new Map<string, number>();
    for (const h of hits) counts.set(dayOf(h.paper), (counts.get(dayOf(h.paper)) ?? 0) + 1);
    const days = [...counts].map(([day, count]) => ({ day, count })).sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
    return { query: q, hits: hits.slice(0, SHOWN), total: hits.length, days };
  } catch (err) {
    if (err instanceof UserError) return { query: q, hits: [], total: 0, days: [], error: err };
    throw err;
  }
}

/**
 * Topic pages over the last 30 days: the papers are indexed once, and each query's result kept, until the
 * stored papers change (the page is read far more often than papers arrive).
 */
export function createTopicPages(store: RadarStore, clock: Clock): (query: string) => Promise<TopicView> {
  let corpus: { key: string; index: Promise<TopicIndex>; views: Map<string, TopicView> } | undefined;
  return async (query) => {
    // Keyed by the papers per day the database holds: another process's ingest changes it too.
    const { days, counts } = await windowDayCounts(store.papers, clock.now(), TOPIC_DAYS);
    const key = storedDaysKey(counts, days, store.papers.changes());
    if (corpus?.key !== key) {
      const index = store.papers.listByDays(days).then(buildTopicIndex);
      const mine = { key, index, views: new Map<string, TopicView>() };
      corpus = mine;
      index.catch(() => {
        if (corpus === mine) corpus = undefined;
      });
    }
    const { views, index } = corpus;
    let view = views.get(query);
    if (!view) {
      view = topicView(await index, query);
      if (views.size >= CACHED_QUERIES) views.clear();
      views.set(query, view);
    }
    return view;
  };
}

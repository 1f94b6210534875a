/**
 * Ingest: fetch every source for the categories the channels need, merge, store. One source failing
 * never harms the others; concurrent callers share one run; a run within `minIntervalMs` of the last
 * successful one is reused (sources are polite and listings change once a day).
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { SourceError } from '../errors.js';
import { checkArxivName } from '../papers/arxiv-taxonomy.js';
import type { Paper } from '../papers/paper.js';
import { extractCategories, parseQuery } from '../radar/query-parser.js';
import type { PaperSource } from '../sources/source.js';
import type { RadarStore } from '../store/ports.js';
import type { IngestProblem, IngestService } from '../services.js';

export interface IngestHooks {
  /** Merge one work's records across sources (arXiv ↔ HF ↔ journal ↔ Crossref). */
  merge?(papers: Paper[]): Paper[];
  /** Enrich after merging (Crossref); best effort. */
  enrich?(papers: Paper[], signal?: AbortSignal): Promise<Paper[]>;
  /** After storing: follow-ups for papers already posted. */
  afterStore?(papers: readonly Paper[]): Promise<void>;
}

type IngestResult = Awaited<ReturnType<IngestService['ingest']>>;

export function createIngestService(deps: {
  store: RadarStore;
  sources: () => readonly PaperSource[];
  baseCategories: readonly string[];
  clock: Clock;
  logger: Logger;
  minIntervalMs?: number;
  hooks?: IngestHooks;
  /** The categories the subscriptions need, kept incrementally; without it every subscription is read. */
  subscribedCategories?: () => readonly string[];
  /** Overall deadline of one ingest (every source and enrichment); what arrived by then is stored. */
  deadlineMs?: number;
}): IngestService & { categories(): Promise<string[]>; force(signal?: AbortSignal): Promise<IngestResult> } {
  const minInterval = deps.minIntervalMs ?? 10 * 60_000;
  let inFlight: Promise<IngestResult> | undefined;
  let last: { at: number; result: IngestResult } | undefined;

  async function categories(): Promise<string[]> {
    const cats = new Set(deps.baseCategories);
    if (deps.subscribedCategories) {
      for (const c of deps.subscribedCategories()) cats.add(c);
    } else {
      for (const sub of await deps.store.subscriptions.listAll()) {
        try {
          for (const c of extractCategories(parseQuery(sub.query))) cats.add(c);
        } catch {
          // A stored query that no longer parses is reported by /radar list; it adds no category.
        }
      }
    }
    return knownOnly([...cats].sort());
  }

  /**
   * Drops the categories arXiv does not have: arXiv answers a listing request naming one with an error feed
   * instead of the listing, so a single subscription stored before categories were checked (`cat:astroph`)
   * would cost every channel the day's papers. Such a subscription simply matches nothing.
   */
  function knownOnly(cats: string[]): string[] {
    const unknown = cats.filter((c) => !checkArxivName(c).known);
    if (unknown.length === 0) return cats;
    deps.logger.warn({ unknown }, 'subscriptions name categories arXiv does not have; they are left out of the listing request');
    return cats.filter((c) => !unknown.includes(c));
  }

  /**
   * `none` means a source said there was no announcement (weekend, holiday) and no other source brought
   * anything; a failing extra source (say Hugging Face unreachable) does not turn that into a digest.
   */
  async function run(outer?: AbortSignal): Promise<IngestResult> {
    const deadline = AbortSignal.timeout(deps.deadlineMs ?? 20 * 60_000);
    const signal = outer ? AbortSignal.any([outer, deadline]) : deadline;
    const cats = await categories();
    const notes: string[] = [];
    const problems: IngestProblem[] = [];
    let all: Paper[] = [];
    const stored: (() => Promise<void>)[] = [];
    let anyOk = false;
    let anyNone = false;
    for (const source of deps.sources()) {
      if (deadline.aborted) {
        notes.push(`${source.id} skipped: the ingest deadline passed`);
        problems.push({ source: source.id, kind: 'skipped', code: 'timeout' });
        continue;
      }
      try {
        const r = await source.fetchLatest(cats, signal);
        if (r.note) notes.push(r.note);
        if (r.status === 'ok') anyOk = true;
        else anyNone = true;
        all.push(...r.papers);
        if (r.stored) stored.push(r.stored);
      } catch (err) {
        // A source being down is operational, not a bug: one line, no stack.
        if (err instanceof SourceError) deps.logger.warn({ source: source.id, code: err.code, reason: err.message }, 'source failed; other sources continue');
        else deps.logger.error({ err, source: source.id }, 'source failed; other sources continue');
        notes.push(`${source.id} failed: ${(err as Error).message}`);
        problems.push({ source: source.id, kind: 'failed', code: err instanceof SourceError ? err.code : 'internal' });
      }
    }
    if (deps.hooks?.merge) all = deps.hooks.merge(all);
    if (deps.hooks?.enrich) {
      try {
        all = await deps.hooks.enrich(all, signal);
      } catch (err) {
        deps.logger.warn({ err }, 'enrichment failed; storing unenriched papers');
      }
    }
    await deps.store.papers.putMany(all);
    for (const done of stored) await done();
    await deps.hooks?.afterStore?.(all);
    deps.logger.info({ stored: all.length, categories: cats.length }, 'ingest done');
    return { stored: all.length, status: !anyOk && anyNone && all.length === 0 ? 'none' : 'ok', notes, problems };
  }

  function start(signal?: AbortSignal): Promise<IngestResult> {
    inFlight ??= run(signal)
      .then((result) => {
        last = { at: deps.clock.now().getTime(), result };
        return result;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  }

  return {
    categories,
    force: start,
    ingest(signal) {
      if (last && deps.clock.now().getTime() - last.at < minInterval) return Promise.resolve(last.result);
      return start(signal);
    },
  };
}

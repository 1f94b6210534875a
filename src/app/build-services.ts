/** Wiring for `startRadar`: opens the store and matcher, builds every service and capability once. */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { ChatAdapter } from '../chat/ports.js';
import { createDigestService } from '../digest/digest-service.js';
import { MatchIndex } from '../digest/match-cache.js';
import { createCrashHook } from '../digest/outbox-crash.js';
import { parseArxivId } from '../papers/arxiv-id.js';
import type { Paper } from '../papers/paper.js';
import { createPercolatorMatcher } from '../radar/percolator.js';
import { SubscriptionCensus } from '../radar/subscription-census.js';
import type { Subscription, SubscriptionMatcher } from '../radar/subscription.js';
import { createDigestSchedule, type DigestSchedule } from '../schedule/digest-schedule.js';
import { createCronScheduler, createManualScheduler, type Scheduler } from '../schedule/scheduler.js';
import { createArxivRssSource } from '../sources/arxiv-source.js';
import { createArxivApiClient } from '../sources/arxiv-api-client.js';
import { createArxivBackfill } from '../sources/arxiv-backfill.js';
import { createPoliteHttpClient, type FetchLike } from '../sources/http-client.js';
import { defaultChannelSettings } from '../store/channel-defaults.js';
import { openSqlRadarStore } from '../store/sql/sql-radar-store.js';
import type { RadarStore } from '../store/ports.js';
import type { RadarServices } from '../services.js';
import type { ClusterEngine } from '../cluster/cluster-engine.js';
import { createMatcherSync, withMatcherSync } from '../cluster/matcher-sync.js';
import { buildCapabilities, type CapabilityOptions } from './capabilities.js';
import { createChatRouter } from './chat-router.js';
import type { ThreadAnswerer } from './dispatcher.js';
import { createIngestService } from './ingest-service.js';
import { createSettingsService } from './settings-service.js';
import { createSubscriptionService } from './subscription-service.js';
import { countDigests, countPosts, timeIngest } from './web.js';
import type { RadarMetrics } from '../web/metrics.js';

/** Opens the store (unless one is given) and reads every subscription once: into the matcher and the census. */
export async function openStoreAndMatcher(
  config: Config,
  clock: Clock,
  logger: Logger,
  given?: RadarStore,
): Promise<{ store: RadarStore; matcher: SubscriptionMatcher; census: SubscriptionCensus }> {
  const store = given ?? (await openSqlStore(config, clock, logger));
  const matcher = createPercolatorMatcher();
  const census = new SubscriptionCensus();
  for (const sub of await store.subscriptions.listAll()) {
    census.add(sub);
    try {
      matcher.add(sub);
    } catch (err) {
      logger.warn({ err, subscription: sub.id }, 'stored subscription no longer parses; skipped');
    }
  }
  return { store, matcher, census };
}

async function openSqlStore(config: Config, clock: Clock, logger: Logger): Promise<RadarStore> {
  const store = await openSqlRadarStore(config.RADAR_DB, {
    defaults: defaultChannelSettings(config),
    now: () => clock.now(),
    oneProcess: true,
    onDriverError: (err) => logger.warn({ err }, 'database connection lost; the next operation reconnects'),
  });
  if (store.imported) logger.info({ imported: store.imported }, 'imported the 0.1 store (subscriptions, settings, ledger)');
  const pruned = await store.prune(config.RADAR_RETENTION_DAYS).catch((err: unknown) => logger.warn({ err }, 'retention pass failed'));
  if (pruned && pruned.papers > 0) logger.info({ pruned, days: config.RADAR_RETENTION_DAYS }, 'retention: old papers deleted');
  return store;
}

export interface BuildDeps {
  readonly config: Config;
  readonly store: RadarStore;
  readonly matcher: SubscriptionMatcher;
  /** Categories and per-channel counts of the stored subscriptions, kept in step on every change. */
  readonly census: SubscriptionCensus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fetch: FetchLike;
  /** The running adapters; filled by the caller once factories ran (the router reads it per call). */
  readonly adapters: readonly ChatAdapter[];
  readonly scheduler: 'cron' | 'manual';
  readonly capabilities: CapabilityOptions;
  /** Counters for `/metrics` (posts, failures, 429s, ingest duration, digests, LLM tokens). */
  readonly metrics?: RadarMetrics;
  /** Cluster mode: BullMQ schedules and ingest jobs instead of node-cron and in-process ingest. */
  readonly cluster?: ClusterEngine;
  /** Cluster mode: every stored subscription, as the matcher was loaded (to keep it in step with others). */
  readonly loadedSubscriptions?: readonly Pick<Subscription, 'id' | 'channelKey' | 'query'>[];
}

export interface BuiltServices {
  readonly services: RadarServices;
  readonly scheduler: Scheduler;
  readonly schedule: DigestSchedule;
  readonly answerer?: ThreadAnswerer;
  /** This process's own ingest run (a cluster worker runs the ingest jobs with it). */
  readonly localIngest: () => ReturnType<RadarServices['ingest']['ingest']>;
}

export function buildServices(deps: BuildDeps): BuiltServices {
  const { config, store, matcher, census, clock, logger } = deps;
  const chat = countPosts(createChatRouter(() => deps.adapters), deps.metrics);
  const caps = buildCapabilities(deps.capabilities, { config, store, clock, logger, fetch: deps.fetch, chat, matcher, metrics: deps.metrics });
  // one polite client for the feed and the API: arXiv's "one request every 3 seconds" counts both
  const arxivHttp = createPoliteHttpClient({
    minIntervalMs: config.ARXIV_MIN_INTERVAL_MS,
    timeoutMs: config.HTTP_TIMEOUT_MS,
    retries: config.HTTP_RETRIES,
    userAgent: config.RADAR_USER_AGENT,
    fetch: deps.fetch,
    clock,
    logger,
  });
  const arxiv = createArxivRssSource({
    baseUrl: config.ARXIV_RSS_URL,
    http: arxivHttp,
    clock,
    logger,
    emptyRetries: config.ARXIV_EMPTY_RETRIES,
    emptyRetryDelayMs: config.ARXIV_EMPTY_RETRY_MS,
    backfill: createArxivBackfill({
      api: createArxivApiClient({ baseUrl: config.ARXIV_API_URL, http: arxivHttp }),
      ledger: store.namespace('arxiv-listings'),
      maxListings: config.ARXIV_BACKFILL_LISTINGS,
      logger,
    }),
  });
  const sources = [arxiv, ...caps.extraSources];
  const rawIngest = createIngestService({
    store, sources: () => sources, baseCategories: config.RADAR_CATEGORIES, clock, logger, hooks: caps.ingestHooks,
    subscribedCategories: () => census.categories(),
    deadlineMs: config.RADAR_INGEST_DEADLINE_MS,
  });
  const localIngest = timeIngest(rawIngest, clock, deps.metrics);
  const ingest = deps.cluster?.ingest ?? localIngest;
  const matchDeps = { matcher, createMatcher: createPercolatorMatcher, subscriptionsOf: (key: string) => store.subscriptions.list(key) };
  const matches = new MatchIndex(matchDeps);
  // The web page's day views get an index of their own, so they never displace the digest window's.
  const browseMatches = new MatchIndex(matchDeps);
  const local = createDigestService({
    store, matches, browseMatches, chat, ingest, clock, logger, lookbackDays: config.RADAR_LOOKBACK_DAYS, hooks: countDigests(caps.digestHooks, deps.metrics),
    topics: caps.topics, crash: createCrashHook(process.env.RADAR_TEST_CRASH_AT), scheduledConcurrency: config.RADAR_DIGEST_CONCURRENCY,
  });
  // Cluster mode: subscriptions change in other processes too; sync the local view before digests and ingest.
  const sync = deps.cluster
    ? createMatcherSync({
        subscriptions: store.subscriptions, matcher, loaded: deps.loadedSubscriptions ?? [],
        onChange: (change, sub) => {
          if (change === 'added') census.add(sub);
          else census.remove(sub);
          matches.subscriptionsChanged(sub.channelKey);
          browseMatches.subscriptionsChanged(sub.channelKey);
        },
      })
    : undefined;
  const digests = sync ? withMatcherSync(local, sync) : local;
  const scheduler = deps.cluster?.scheduler ?? (deps.scheduler === 'manual' ? createManualScheduler(clock, logger) : createCronScheduler(clock, logger));
  const schedule = createDigestSchedule({
    store, scheduler, digests,
    // The in-process census only knows this process's changes; in cluster mode the store decides.
    ...(deps.cluster ? {} : { census }),
    servesPlatform: (p) => deps.adapters.some((a) => a.platform === p),
  });
  const subscriptions = createSubscriptionService({
    store,
    matcher,
    topics: caps.topics,
    onChange: async (change, sub) => {
      if (change === 'added') census.add(sub);
      else census.remove(sub);
      matches.subscriptionsChanged(sub.channelKey);
      browseMatches.subscriptionsChanged(sub.channelKey);
      await schedule.subscriptionsChanged(sub.channelKey);
    },
  });
  const services: RadarServices = {
    config, store, clock, logger, matcher, chat, subscriptions, digests, ingest,
    settings: createSettingsService({ store, reschedule: schedule.reschedule }),
    findPaper: (ref) => findPaper(store, ref),
    ...(caps.briefing ? { briefing: caps.briefing } : {}),
    ...(caps.journals ? { journals: caps.journals } : {}),
    ...(caps.trending ? { trending: caps.trending } : {}),
    ...(caps.followUps ? { followUps: caps.followUps } : {}),
    ...(caps.topics ? { topics: caps.topics } : {}),
    ...(caps.feedback ? { feedback: caps.feedback } : {}),
  };
  const runLocalIngest = async () => (await sync?.all(), rawIngest.force());
  return { services, scheduler, schedule, localIngest: runLocalIngest, ...(caps.answerer ? { answerer: caps.answerer } : {}) };
}

/** Any id form the user may type: `2606.04101`, `arxiv:2606.04101v2`, an arXiv URL, a DOI, a stored id. */
async function findPaper(store: RadarStore, ref: string): Promise<Paper | undefined> {
  const arxiv = parseArxivId(ref);
  if (arxiv) return store.papers.get(`arxiv:${arxiv.base}`);
  const doi = /10\.\d{4,9}\/\S+/.exec(ref)?.[0];
  return store.papers.get(doi ? `doi:${doi.toLowerCase()}` : ref.trim());
}

/** Wiring for `startRadar`: opens the store and matcher, builds every service and capability once. */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { ChatAdapter } from '../chat/ports.js';
import { createDigestService } from '../digest/digest-service.js';
import { MatchIndex } from '../digest/match-cache.js';
import { parseArxivId } from '../papers/arxiv-id.js';
import type { Paper } from '../papers/paper.js';
import { createPercolatorMatcher } from '../radar/percolator.js';
import { SubscriptionCensus } from '../radar/subscription-census.js';
import type { Subscription, SubscriptionMatcher } from '../radar/subscription.js';
import { createDigestSchedule, type DigestSchedule } from '../schedule/digest-schedule.js';
import { createCronScheduler, createManualScheduler, type Scheduler } from '../schedule/scheduler.js';
import { createArxivRssSource } from '../sources/arxiv-source.js';
import { createPoliteHttpClient, type FetchLike } from '../sources/http-client.js';
import { defaultChannelSettings } from '../store/channel-defaults.js';
import { openRadarStore } from '../store/keyv-radar-store.js';
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

/** Opens the store (unless one is given) and reads every subscription once: into the matcher and the census. */
export async function openStoreAndMatcher(
  config: Config,
  clock: Clock,
  logger: Logger,
  given?: RadarStore,
): Promise<{ store: RadarStore; matcher: SubscriptionMatcher; census: SubscriptionCensus }> {
  const store = given ?? (await openRadarStore(config.RADAR_DB, { defaults: defaultChannelSettings(config), now: () => clock.now() }));
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
  const chat = createChatRouter(() => deps.adapters);
  const caps = buildCapabilities(deps.capabilities, { config, store, clock, logger, fetch: deps.fetch, chat, matcher });
  const arxiv = createArxivRssSource({
    baseUrl: config.ARXIV_RSS_URL,
    http: createPoliteHttpClient({
      minIntervalMs: config.ARXIV_MIN_INTERVAL_MS,
      timeoutMs: config.HTTP_TIMEOUT_MS,
      retries: config.HTTP_RETRIES,
      userAgent: config.RADAR_USER_AGENT,
      fetch: deps.fetch,
      clock,
      logger,
    }),
    clock,
    logger,
    emptyRetries: config.ARXIV_EMPTY_RETRIES,
    emptyRetryDelayMs: config.ARXIV_EMPTY_RETRY_MS,
  });
  const sources = [arxiv, ...caps.extraSources];
  const localIngest = createIngestService({
    store, sources: () => sources, baseCategories: config.RADAR_CATEGORIES, clock, logger, hooks: caps.ingestHooks,
    subscribedCategories: () => census.categories(),
  });
  const ingest = deps.cluster?.ingest ?? localIngest;
  const matches = new MatchIndex({ matcher, createMatcher: createPercolatorMatcher, subscriptionsOf: (key) => store.subscriptions.list(key) });
  const local = createDigestService({ store, matches, chat, ingest, clock, logger, lookbackDays: config.RADAR_LOOKBACK_DAYS, hooks: caps.digestHooks });
  // Cluster mode: subscriptions change in other processes too; sync the local view before digests and ingest.
  const sync = deps.cluster
    ? createMatcherSync({
        subscriptions: store.subscriptions, matcher, loaded: deps.loadedSubscriptions ?? [],
        onChange: (change, sub) => {
          if (change === 'added') census.add(sub);
          else census.remove(sub);
          matches.subscriptionsChanged(sub.channelKey);
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
    onChange: async (change, sub) => {
      if (change === 'added') census.add(sub);
      else census.remove(sub);
      matches.subscriptionsChanged(sub.channelKey);
      await schedule.reschedule(sub.channelKey);
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
  };
  const runLocalIngest = async () => (await sync?.all(), localIngest.force());
  return { services, scheduler, schedule, localIngest: runLocalIngest, ...(caps.answerer ? { answerer: caps.answerer } : {}) };
}

/** Any id form the user may type: `2606.04101`, `arxiv:2606.04101v2`, an arXiv URL, a DOI, a stored id. */
async function findPaper(store: RadarStore, ref: string): Promise<Paper | undefined> {
  const arxiv = parseArxivId(ref);
  if (arxiv) return store.papers.get(`arxiv:${arxiv.base}`);
  const doi = /10\.\d{4,9}\/\S+/.exec(ref)?.[0];
  return store.papers.get(doi ? `doi:${doi.toLowerCase()}` : ref.trim());
}

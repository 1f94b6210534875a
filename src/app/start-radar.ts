/**
 * The composition root: config → store → sources → matcher → services → scheduler → adapters.
 * `src/` never imports `adapters/`; adapters arrive as factories from the program entry (bin/start.ts)
 * or from tests, which is also how e2e tests point the real clients at loopback emulators.
 */
import type { RadarCommand } from '../../commands/command.js';
import { allCommands } from '../../commands/index.js';
import { systemClock, type Clock } from '../clock.js';
import { loadConfig, redactConfig, type Config } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { channelFromKey, channelKey, type ChatAdapter, type InboundHandlers } from '../chat/ports.js';
import { createDigestService, type DigestHooks } from '../digest/digest-service.js';
import { MatchCache } from '../digest/match-cache.js';
import { parseArxivId } from '../papers/arxiv-id.js';
import { createPercolatorMatcher } from '../radar/percolator.js';
import { createManualScheduler, createCronScheduler, type Scheduler } from '../schedule/scheduler.js';
import { createArxivRssSource } from '../sources/arxiv-source.js';
import { createPoliteHttpClient, type FetchLike } from '../sources/http-client.js';
import type { PaperSource } from '../sources/source.js';
import { openRadarStore } from '../store/keyv-radar-store.js';
import type { ChannelSettings, RadarStore } from '../store/ports.js';
import { createChatRouter } from './chat-router.js';
import { createDispatcher, type ThreadAnswerer } from './dispatcher.js';
import { createIngestService, type IngestHooks } from './ingest-service.js';
import type { RadarServices } from './services.js';
import { createSubscriptionService } from './subscription-service.js';

export type AdapterFactory = (ctx: { config: Config; logger: Logger; clock: Clock; store: RadarStore }) => ChatAdapter | undefined;

/** Optional capabilities layered on the core (briefings, extra sources, follow-ups). */
export interface RadarExtensions {
  sources?: (ctx: ExtensionContext) => PaperSource[];
  ingestHooks?: (ctx: ExtensionContext) => IngestHooks;
  digestHooks?: (ctx: ExtensionContext) => DigestHooks;
  answerer?: (ctx: ExtensionContext) => ThreadAnswerer | undefined;
}

export interface ExtensionContext {
  readonly config: Config;
  readonly store: RadarStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly services: () => RadarServices;
  readonly fetch: FetchLike;
}

export interface StartRadarOptions {
  env?: Record<string, string | undefined>;
  clock?: Clock;
  logger?: Logger;
  adapterFactories?: readonly AdapterFactory[];
  adapters?: readonly ChatAdapter[];
  /** `cron` (default) runs node-cron jobs; `manual` fires only on `runDueSchedules()` (tests, fake clock). */
  scheduler?: 'cron' | 'manual';
  fetch?: FetchLike;
  ingestOnStart?: boolean;
  /** Run the digests whose time already passed today (after a restart). Default true. */
  catchUp?: boolean;
  commands?: readonly RadarCommand[];
  extensions?: readonly RadarExtensions[];
}

export interface RunningRadar {
  readonly config: Config;
  readonly services: RadarServices;
  readonly handlers: InboundHandlers;
  readonly adapters: readonly ChatAdapter[];
  readonly scheduler: Scheduler;
  ingestNow(): Promise<unknown>;
  runDueSchedules(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRadar(options: StartRadarOptions = {}): Promise<RunningRadar> {
  const config = loadConfig(options.env ?? process.env);
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  logger.debug({ config: redactConfig(config) }, 'configuration');

  const defaults: ChannelSettings = {
    size: config.RADAR_DIGEST_SIZE,
    time: config.RADAR_DIGEST_TIME,
    timezone: config.RADAR_TIMEZONE,
    language: 'en',
    summaries: false,
    crosslists: true,
    replacements: false,
  };
  const store = await openRadarStore(config.RADAR_DB, { defaults, now: () => clock.now() });

  const matcher = createPercolatorMatcher();
  for (const sub of await store.subscriptions.listAll()) {
    try {
      matcher.add(sub);
    } catch (err) {
      logger.warn({ err, subscription: sub.id }, 'stored subscription no longer parses; skipped');
    }
  }
  const matches = new MatchCache(matcher);

  const http = createPoliteHttpClient({
    minIntervalMs: config.ARXIV_MIN_INTERVAL_MS,
    timeoutMs: config.HTTP_TIMEOUT_MS,
    retries: config.HTTP_RETRIES,
    userAgent: config.RADAR_USER_AGENT,
    fetch: fetchImpl,
    clock,
    logger,
  });
  let services!: RadarServices;
  const extCtx: ExtensionContext = { config, store, clock, logger, services: () => services, fetch: fetchImpl };
  const extensions = options.extensions ?? [];
  const sources: PaperSource[] = [
    createArxivRssSource({
      baseUrl: config.ARXIV_RSS_URL,
      http,
      clock,
      logger,
      emptyRetries: config.ARXIV_EMPTY_RETRIES,
      emptyRetryDelayMs: config.ARXIV_EMPTY_RETRY_MS,
    }),
    ...extensions.flatMap((e) => e.sources?.(extCtx) ?? []),
  ];

  const adapters: ChatAdapter[] = [...(options.adapters ?? [])];
  const chat = createChatRouter(() => adapters);
  const ingestHooks = mergeHooks(extensions.map((e) => e.ingestHooks?.(extCtx)));
  const ingest = createIngestService({ store, sources: () => sources, baseCategories: config.RADAR_CATEGORIES, clock, logger, hooks: ingestHooks });
  const digestHooks = combineDigestHooks(extensions.map((e) => e.digestHooks?.(extCtx)));
  const digests = createDigestService({ store, matches, chat, ingest, clock, logger, lookbackDays: config.RADAR_LOOKBACK_DAYS, hooks: digestHooks });
  const scheduler = options.scheduler === 'manual' ? createManualScheduler(clock, logger) : createCronScheduler(clock, logger);

  async function reschedule(key: string): Promise<void> {
    if ((await store.subscriptions.list(key)).length === 0) {
      scheduler.cancel(key);
      return;
    }
    const s = await store.channels.getSettings(key);
    const channel = channelFromKey(key);
    scheduler.scheduleDaily(key, s.time, s.timezone, async (firedAt) => {
      if (!adapters.some((a) => a.platform === channel.platform)) return;
      await digests.runScheduled(channel, firedAt);
    });
  }

  const subscriptions = createSubscriptionService({
    store,
    matcher,
    onChange: () => matches.invalidate(),
  });
  services = {
    config,
    store,
    clock,
    logger,
    matcher,
    chat,
    subscriptions: {
      ...subscriptions,
      add: async (channel, query, user) => {
        const sub = await subscriptions.add(channel, query, user);
        await reschedule(channelKey(channel));
        return sub;
      },
      remove: async (channel, number) => {
        const sub = await subscriptions.remove(channel, number);
        await reschedule(channelKey(channel));
        return sub;
      },
    },
    digests,
    ingest,
    reschedule,
    async findPaper(ref) {
      const arxiv = parseArxivId(ref);
      if (arxiv) return store.papers.get(`arxiv:${arxiv.base}`);
      const doi = /10\.\d{4,9}\/\S+/.exec(ref)?.[0];
      return store.papers.get(doi ? `doi:${doi.toLowerCase()}` : ref.trim());
    },
  };

  const answerers = extensions.map((e) => e.answerer?.(extCtx)).filter((a): a is ThreadAnswerer => !!a);
  const handlers = createDispatcher({ services, commands: options.commands ?? allCommands, answerer: () => answerers[0] });
  const commandSpecs = (options.commands ?? allCommands).map((c) => c.spec);

  for (const factory of options.adapterFactories ?? []) {
    const adapter = factory({ config, logger, clock, store });
    if (adapter) adapters.push(adapter);
  }
  for (const key of await store.subscriptions.channels()) await reschedule(key);
  for (const adapter of adapters) await adapter.start(handlers, commandSpecs);
  logger.info({ adapters: adapters.map((a) => a.platform), db: config.RADAR_DB.split(':')[0] }, 'radar started');

  if (options.ingestOnStart) await ingest.ingest().catch((err: unknown) => logger.error({ err }, 'initial ingest failed'));
  if (options.catchUp ?? true) void scheduler.runDue();

  let stopped = false;
  return {
    config,
    services,
    handlers,
    adapters,
    scheduler,
    ingestNow: () => ingest.ingest(),
    runDueSchedules: () => scheduler.runDue(),
    async stop() {
      if (stopped) return;
      stopped = true;
      scheduler.stop();
      for (const adapter of adapters) await adapter.stop().catch((err: unknown) => logger.warn({ err, platform: adapter.platform }, 'adapter stop failed'));
      await store.close();
    },
  };
}

function mergeHooks(list: readonly (IngestHooks | undefined)[]): IngestHooks {
  const hooks = list.filter((h): h is IngestHooks => !!h);
  return {
    merge: hooks.some((h) => h.merge) ? (papers) => hooks.reduce((acc, h) => (h.merge ? h.merge(acc) : acc), papers) : undefined,
    enrich: hooks.some((h) => h.enrich)
      ? async (papers, signal) => {
          let acc = papers;
          for (const h of hooks) if (h.enrich) acc = await h.enrich(acc, signal);
          return acc;
        }
      : undefined,
    afterStore: async (papers) => {
      for (const h of hooks) await h.afterStore?.(papers);
    },
  };
}

/** Every extension's digest hooks, chained (not overridden): updates concatenated, deliveries told to all. */
function combineDigestHooks(list: readonly (DigestHooks | undefined)[]): DigestHooks {
  const hooks = list.filter((h): h is DigestHooks => !!h);
  const first = <K extends keyof DigestHooks>(k: K) => hooks.find((h) => h[k])?.[k];
  return {
    takePendingUpdates: hooks.some((h) => h.takePendingUpdates)
      ? async (key) => (await Promise.all(hooks.map((h) => h.takePendingUpdates?.(key) ?? []))).flat()
      : undefined,
    restoreUpdates: async (key, cards) => {
      for (const h of hooks) await h.restoreUpdates?.(key, cards);
    },
    onDelivered: async (key, papers, chips) => {
      for (const h of hooks) await h.onDelivered?.(key, papers, chips);
    },
    tldr: first('tldr'),
    journalsOf: first('journalsOf'),
  };
}

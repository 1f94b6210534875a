/**
 * The composition root: config → store → sources → matcher → services → scheduler → adapters.
 * `src/` never imports `adapters/` or `commands/`: the program entry (bin/) hands over the command
 * registry and the adapter factories, which is also how e2e tests point the real clients at emulators.
 */
import { systemClock, type Clock } from '../clock.js';
import { loadConfig, redactConfig, type Config } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import type { RadarCommand } from '../chat/command.js';
import type { ChatAdapter, InboundHandlers, Platform, RequestPacer } from '../chat/ports.js';
import type { FetchLike } from '../sources/http-client.js';
import type { Scheduler } from '../schedule/scheduler.js';
import type { RadarStore } from '../store/ports.js';
import type { RadarServices } from '../services.js';
import type { CapabilityOptions } from './capabilities.js';
import { createDispatcher } from './dispatcher.js';
import { buildServices, openStoreAndMatcher } from './build-services.js';
import { planWeb, startWeb } from './web.js';
import type { WebCapability } from '../web/capability.js';
import { openCluster, startClusterRoles } from './cluster-mode.js';

export type { CapabilityOptions } from './capabilities.js';
export { defaultCapabilities } from './capabilities.js';

/** Open runs younger than this may belong to a live worker of the cluster (BullMQ's job lock is 30 s). */
const CLUSTER_RECONCILE_AGE_MS = 120_000;

export interface AdapterContext {
  config: Config;
  logger: Logger;
  clock: Clock;
  store: RadarStore;
  /** In cluster mode, the cluster-wide pacer of a platform's requests (undefined when not paced). */
  pacer?: (platform: Platform) => RequestPacer | undefined;
}

export type AdapterFactory = (ctx: AdapterContext) => ChatAdapter | undefined;

export interface StartRadarOptions {
  /** The `/radar` command registry (commands/index.ts in the program entry). */
  commands: readonly RadarCommand[];
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
  /** Optional capabilities (briefings, extra sources); none unless given — bin/ turns on the defaults. */
  capabilities?: CapabilityOptions;
  /** Use this store instead of opening `RADAR_DB` (tests and benchmarks wrap or pre-fill it); closed on stop. */
  store?: RadarStore;
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

export async function startRadar(options: StartRadarOptions): Promise<RunningRadar> {
  const config = loadConfig(options.env ?? process.env);
  const logger =
    options.logger ?? createLogger(config.LOG_LEVEL, config.RADAR_LOG_FORMAT === 'terminal' ? { terminal: { file: config.RADAR_LOG_FILE } } : {});
  const clock = options.clock ?? systemClock;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  logger.debug({ config: redactConfig(config) }, 'configuration');

  const cluster = await openCluster(config, clock, logger); // Redis first: a clear message before anything opens
  const { store, matcher, census } = await openStoreAndMatcher(config, clock, logger, options.store);
  const adapters: ChatAdapter[] = [...(options.adapters ?? [])];
  const webPlan = await planWeb(options.capabilities?.web, config, store);
  const built = buildServices({
    config, store, matcher, census, clock, logger, fetch: fetchImpl, adapters, metrics: webPlan?.metrics,
    scheduler: options.scheduler ?? 'cron',
    capabilities: options.capabilities ?? {},
    ...(cluster ? { cluster, loadedSubscriptions: await store.subscriptions.listAll() } : {}),
  });
  const { scheduler, schedule, answerer } = built;
  const web = await startWeb(webPlan, { config, store, clock, logger, services: built.services, adapters });
  const services: RadarServices = web ? { ...built.services, web: web.links } : built.services;
  const handlers = createDispatcher({ services, commands: options.commands, answerer });

  for (const factory of options.adapterFactories ?? []) {
    const adapter = factory({ config, logger, clock, store, ...(cluster ? { pacer: (p: Platform) => cluster.pacer(p) } : {}) });
    if (adapter) adapters.push(adapter);
  }
  if (!cluster) await schedule.scheduleAll();
  const commandSpecs = options.commands.map((c) => c.spec);
  for (const adapter of adapters) await adapter.start(handlers, commandSpecs);
  if (cluster) await startClusterRoles({ engine: cluster, config, services, schedule, localIngest: built.localIngest, platforms: adapters.map((a) => a.platform) });
  logger.info({ adapters: adapters.map((a) => a.platform), db: config.RADAR_DB.split(':')[0] }, 'radar started');

  if (options.ingestOnStart) await services.ingest.ingest().catch((err: unknown) => logger.error({ err }, 'initial ingest failed'));
  // Digest runs a crash left open are finished before anything else is posted. In cluster mode a young open
  // run may be another worker's, being posted right now: those are left to their job (retried by BullMQ
  // once its lock lapses), which finishes the run before anything else for that channel.
  await services.digests.reconcile(adapters.map((a) => a.platform), cluster ? CLUSTER_RECONCILE_AGE_MS : undefined).catch((err: unknown) => logger.error({ err }, 'finishing open digest runs failed'));
  if ((options.catchUp ?? true) && (!cluster || config.RADAR_ROLES.includes('scheduler'))) void scheduler.runDue();
  return runningRadar({ config, services, handlers, adapters, scheduler, logger, store, web, close: () => cluster?.close() });
}

function runningRadar(parts: {
  config: Config;
  services: RadarServices;
  handlers: InboundHandlers;
  adapters: ChatAdapter[];
  scheduler: Scheduler;
  logger: Logger;
  store: RadarStore;
  web?: WebCapability;
  close: () => Promise<void> | undefined;
}): RunningRadar {
  const { services, adapters, scheduler, logger, store, web } = parts;
  let stopped = false;
  return {
    config: parts.config,
    services,
    handlers: parts.handlers,
    adapters,
    scheduler,
    ingestNow: () => services.ingest.ingest(),
    runDueSchedules: () => scheduler.runDue(),
    async stop() {
      if (stopped) return;
      stopped = true;
      scheduler.stop();
      await web?.server.close().catch((err: unknown) => logger.warn({ err }, 'web server stop failed'));
      for (const adapter of adapters) await adapter.stop().catch((err: unknown) => logger.warn({ err, platform: adapter.platform }, 'adapter stop failed'));
      await parts.close();
      await store.close();
    },
  };
}

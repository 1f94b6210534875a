/**
 * Cluster mode wiring (RADAR_DB=postgres://… with REDIS_URL): the BullMQ engine replaces node-cron and the
 * in-process ingest, and RADAR_ROLES decides what this process does. Embedded mode never reaches here.
 */
import type { Clock } from '../clock.js';
import { isClusterMode, type Config } from '../config.js';
import type { Logger } from '../logger.js';
import { channelFromKey, type Platform } from '../chat/ports.js';
import type { ClusterEngine } from '../cluster/cluster-engine.js';
import type { IngestResult } from '../cluster/cluster-ingest.js';
import { platformPacing } from '../cluster/limits.js';
import { hasRole, ROLES } from '../cluster/roles.js';
import type { DigestSchedule } from '../schedule/digest-schedule.js';
import type { RadarServices } from '../services.js';

/** The engine in cluster mode; undefined (and a warning for cluster-only variables) otherwise. */
export async function openCluster(config: Config, clock: Clock, logger: Logger): Promise<ClusterEngine | undefined> {
  if (!isClusterMode(config)) {
    if (config.RADAR_ROLES.length !== ROLES.length) logger.warn('RADAR_ROLES applies in cluster mode only (RADAR_DB=postgres://… and REDIS_URL); this process does everything');
    return undefined;
  }
  // Loaded only in cluster mode: the embedded default starts without BullMQ and ioredis.
  const { createClusterEngine } = await import('../cluster/cluster-engine.js');
  const engine = await createClusterEngine({
    redisUrl: config.REDIS_URL!,
    prefix: config.RADAR_QUEUE_PREFIX,
    retry: { attempts: config.RADAR_JOB_ATTEMPTS, backoffMs: config.RADAR_JOB_BACKOFF_MS },
    pacing: platformPacing(config),
    arxivIntervalMs: config.ARXIV_MIN_INTERVAL_MS,
    concurrency: config.RADAR_DIGEST_CONCURRENCY,
    clock,
    logger,
  });
  logger.info({ roles: config.RADAR_ROLES, prefix: config.RADAR_QUEUE_PREFIX }, 'cluster mode: PostgreSQL state, BullMQ jobs on Redis');
  return engine;
}

/**
 * scheduler: (re)registers every channel's job scheduler and drops those of channels without subscriptions;
 * worker: runs digest jobs for the platforms this process can post to, and the ingest jobs.
 */
export async function startClusterRoles(deps: {
  engine: ClusterEngine;
  config: Config;
  services: RadarServices;
  schedule: DigestSchedule;
  localIngest: () => Promise<IngestResult>;
  platforms: readonly Platform[];
}): Promise<void> {
  const { engine, config, services } = deps;
  if (hasRole(config.RADAR_ROLES, 'scheduler')) {
    await deps.schedule.scheduleAll();
    await engine.scheduler.prune(new Set(await services.store.subscriptions.channels()));
  }
  if (hasRole(config.RADAR_ROLES, 'worker')) {
    await engine.startWorkers(
      { digest: (key, firedAt) => services.digests.runScheduled(channelFromKey(key), firedAt), ingest: deps.localIngest },
      deps.platforms,
    );
  }
}

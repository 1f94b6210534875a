/**
 * Wiring of the web capability: on unless `RADAR_WEB_PORT=0` (or the capability is not asked for), on
 * 127.0.0.1 unless `RADAR_WEB_URL` says the page is public. A port that cannot be bound is logged and the
 * radar runs on without its page. The server and prom-client are loaded only when the page is on (a
 * scripted `npm start` with the page off should not pay for them).
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { ChatAdapter, PostedMessage } from '../chat/ports.js';
import type { DigestHooks } from '../digest/digest-service.js';
import type { RadarStore } from '../store/ports.js';
import type { ChatRouter, IngestService, RadarServices } from '../services.js';
import { webVotesSink } from './web-votes.js';
import type { WebCapability } from '../web/capability.js';
import type { RadarMetrics } from '../web/metrics.js';

export interface WebCapabilityOptions {
  /** Overrides `RADAR_WEB_PORT`; 0 here means an ephemeral port (tests), not "off". */
  readonly port?: number;
  readonly host?: string;
  /** Requests per minute per client address (default 300). */
  readonly rateLimitPerMinute?: number;
}

export interface WebWiring {
  readonly config: Config;
  readonly store: RadarStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly services: RadarServices;
  readonly adapters: readonly ChatAdapter[];
  readonly metrics: RadarMetrics;
}

/** The page's options once `RADAR_WEB_PORT` and the caller agree it is on, with its metrics; else undefined. */
export interface WebPlan {
  readonly port: number;
  readonly host: string;
  readonly rateLimitPerMinute?: number;
  readonly metrics: RadarMetrics;
}

export async function planWeb(options: false | WebCapabilityOptions | undefined, config: Config, store: RadarStore): Promise<WebPlan | undefined> {
  if (!options) return undefined;
  const port = options.port ?? config.RADAR_WEB_PORT;
  if (options.port === undefined && port === 0) return undefined;
  const host = options.host ?? (config.RADAR_WEB_URL ? '0.0.0.0' : '127.0.0.1');
  const { createRadarMetrics } = await import('../web/metrics.js');
  const metrics = createRadarMetrics({ queueDepth: () => queueDepth(store) });
  return { port, host, metrics, ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}) };
}

export async function startWeb(plan: WebPlan | undefined, w: Omit<WebWiring, 'metrics'>): Promise<WebCapability | undefined> {
  if (!plan) return undefined;
  const { port, host, metrics } = plan;
  try {
    const { startWebCapability } = await import('../web/capability.js');
    const web = await startWebCapability(
      { port, host, publicUrl: w.config.RADAR_WEB_URL, secret: w.config.RADAR_WEB_SECRET },
      {
        store: w.store,
        clock: w.clock,
        logger: w.logger,
        browse: (channel, days) => w.services.digests.browse(channel, days),
        subscriptions: w.services.subscriptions,
        settings: w.services.settings,
        feedback: webVotesSink(w.store, w.services.feedback),
        metrics,
        metricsToken: w.config.RADAR_METRICS_TOKEN,
        rateLimitPerMinute: plan.rateLimitPerMinute,
        health: async () => {
          const store = await w.store.papers.listDays().then(() => 'ok' as const, () => 'error' as const);
          const adapters = w.adapters.map((a) => ({ platform: a.platform, connected: true }));
          return { ok: store === 'ok', store, lastIngestAt: metrics.lastIngestAt(), adapters };
        },
      },
    );
    w.logger.info({ url: web.server.url }, 'web page listening');
    return web;
  } catch (err) {
    w.logger.error({ err, port, host }, 'web page could not start; the radar runs without it');
    return undefined;
  }
}

/** Papers waiting for `/radar more`, all channels (read when /metrics is scraped). */
export async function queueDepth(store: RadarStore): Promise<number> {
  let n = 0;
  for (const key of await store.channels.list()) n += (await store.channels.getState(key)).pendingPaperIds?.length ?? 0;
  return n;
}

const isRateLimited = (err: unknown): boolean =>
  /\b429\b|rate.?limit/i.test(`${(err as { code?: unknown })?.code ?? ''} ${(err as Error)?.message ?? ''} ${(err as { status?: unknown })?.status ?? ''}`);

/** Counts failed posts (and 429s among them) for `/metrics`. */
export function countPosts(chat: ChatRouter, metrics: RadarMetrics | undefined): ChatRouter {
  if (!metrics) return chat;
  const counted =
    <A extends unknown[]>(fn: (...args: A) => Promise<PostedMessage[]>) =>
    async (...args: A) => {
      try {
        return await fn(...args);
      } catch (err) {
        metrics.postFailed(isRateLimited(err));
        throw err;
      }
    };
  return { post: counted(chat.post.bind(chat)), reply: counted(chat.reply.bind(chat)) };
}

/** Times each ingest for `/metrics` and `/healthz` (last ingest time). */
export function timeIngest(ingest: IngestService, clock: Clock, metrics: RadarMetrics | undefined): IngestService {
  if (!metrics) return ingest;
  return {
    async ingest(signal) {
      const started = performance.now();
      const result = await ingest.ingest(signal);
      metrics.ingestFinished((performance.now() - started) / 1000, clock.now());
      return result;
    },
  };
}

/** Counts delivered digest batches and their cards, then calls the other hooks. */
export function countDigests(hooks: DigestHooks, metrics: RadarMetrics | undefined): DigestHooks {
  if (!metrics) return hooks;
  return {
    ...hooks,
    onDelivered: async (key, papers) => {
      metrics.digestPosted(papers.length);
      await hooks.onDelivered?.(key, papers);
    },
  };
}

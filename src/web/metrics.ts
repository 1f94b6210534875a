/**
 * Prometheus metrics for `/metrics` (prom-client), on a registry of this radar's own (no global state):
 * digests posted, posts failed, platform 429s, ingest duration, LLM tokens, queue depth.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface RadarMetrics {
  readonly registry: Registry;
  /** A digest batch went out with `cards` cards. */
  digestPosted(cards: number): void;
  /** A post to a chat platform failed; `rateLimited` when the platform answered 429. */
  postFailed(rateLimited: boolean): void;
  ingestFinished(seconds: number, at: Date): void;
  llmTokens(tokens: number): void;
  /** ISO instant of the last finished ingest since start. */
  lastIngestAt(): string | undefined;
}

export interface MetricsOptions {
  /** Papers waiting for `/radar more` across channels (read at scrape time). */
  readonly queueDepth?: () => Promise<number>;
}

export function createRadarMetrics(options: MetricsOptions = {}): RadarMetrics {
  const registry = new Registry();
  const digests = new Counter({ name: 'radar_digests_posted_total', help: 'Digest batches delivered', registers: [registry] });
  const cards = new Counter({ name: 'radar_cards_posted_total', help: 'Paper cards delivered in digests', registers: [registry] });
  const failed = new Counter({ name: 'radar_posts_failed_total', help: 'Posts a chat platform refused or that failed', registers: [registry] });
  const limited = new Counter({ name: 'radar_rate_limited_total', help: 'Posts answered with HTTP 429', registers: [registry] });
  const ingest = new Histogram({
    name: 'radar_ingest_duration_seconds',
    help: 'Duration of one ingest of every source',
    buckets: [0.5, 1, 5, 15, 60, 300, 900],
    registers: [registry],
  });
  const tokens = new Counter({ name: 'radar_llm_tokens_total', help: 'LLM tokens used (prompt + completion)', registers: [registry] });
  const queueDepth = options.queueDepth;
  new Gauge({
    name: 'radar_queue_depth',
    help: 'Ranked papers waiting for the next batch (/radar more), all channels',
    registers: [registry],
    async collect() {
      if (queueDepth) this.set(await queueDepth());
    },
  });
  let lastIngest: string | undefined;
  return {
    registry,
    digestPosted(n) {
      digests.inc();
      cards.inc(n);
    },
    postFailed(rateLimited) {
      failed.inc();
      if (rateLimited) limited.inc();
    },
    ingestFinished(seconds, at) {
      ingest.observe(seconds);
      lastIngest = at.toISOString();
    },
    llmTokens(n) {
      if (n > 0) tokens.inc(n);
    },
    lastIngestAt: () => lastIngest,
  };
}

/**
 * The topic capability (`topic:"…"`, `like:<paper>`): built once by the composition root from config into
 * `services.topics`. Embedding mode when RADAR_EMBEDDING_MODEL is set, lexical (BM25) mode otherwise.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { RadarStore } from '../store/ports.js';
import { createUsageLedger } from '../briefing/usage-ledger.js';
import { createStoreUsageCounter } from '../briefing/store-usage-counter.js';
import { createEmbeddingClientFromConfig } from '../briefing/openai-llm-client.js';
import type { EmbeddingClient } from './embedding-client.js';
import { createTopicService, type TopicService } from './topic-service.js';
import { createVectorStore } from './vector-store.js';

export type { TopicService, SimilarResult } from './topic-service.js';
export type { EmbeddingClient } from './embedding-client.js';

export interface TopicServiceFromConfig {
  readonly config: Config;
  readonly store: RadarStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Overrides the client built from config (undefined → from config; null → lexical mode). */
  readonly client?: EmbeddingClient | null;
  readonly fetch?: typeof fetch;
}

export function createTopicServiceFromConfig(deps: TopicServiceFromConfig): TopicService {
  const { config, store, clock, logger } = deps;
  const client = deps.client === null ? undefined : (deps.client ?? createEmbeddingClientFromConfig(config, deps.fetch));
  // Embedding tokens are counted apart from the LLM budgets: they are shared by every channel, and a topic
  // day must never be refused because briefings spent the budget. In the store's atomic counters: every
  // process sharing the database embeds, and a read-then-write count lost their calls.
  const usage = createUsageLedger(createStoreUsageCounter(store.usage, 'embedding'), clock, { dailyBudget: Number.MAX_SAFE_INTEGER, globalDailyCap: Number.MAX_SAFE_INTEGER });
  const vectors = client
    ? createVectorStore({ client, kv: store.namespace('embeddings'), usage, batchSize: config.RADAR_EMBEDDING_BATCH, dimensions: config.RADAR_EMBEDDING_DIMENSIONS })
    : undefined;
  return createTopicService({
    clock,
    logger,
    usage,
    vectors,
    cutoff: config.RADAR_TOPIC_CUTOFF,
    dailyCap: config.RADAR_TOPIC_DAILY_CAP,
    getPaper: (id) => store.papers.get(id),
  });
}

/**
 * Builds the optional capabilities once, from config and the few things tests inject: briefings
 * (LLM or extractive), the extra sources (Hugging Face Papers, journal feeds, Crossref), follow-ups and
 * trending. Each becomes a typed field of `RadarServices`; the core's hooks are wired from the same parts.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createBriefingService, type BriefingService } from '../briefing/index.js';
import type { LlmClient } from '../briefing/llm-client.js';
import { createFollowUpService, type FollowUpService } from '../digest/follow-ups.js';
import type { DigestHooks } from '../digest/digest-service.js';
import { mergePapers, mergeWithStored } from '../papers/merge.js';
import { createCrossrefClient, type CrossrefClient } from '../sources/crossref-client.js';
import { createHfSource, type HfSource } from '../sources/hf-source.js';
import type { FetchLike } from '../sources/http-client.js';
import { createJournalSource, type JournalSource } from '../sources/journal-source.js';
import { safeFetchFromConfig } from '../sources/safe-fetch-config.js';
import type { ResolveHost } from '../sources/safe-fetch.js';
import type { PaperSource } from '../sources/source.js';
import { createTrendingService, type TrendingService } from '../digest/trending-service.js';
import type { SubscriptionMatcher } from '../radar/subscription.js';
import type { RadarStore } from '../store/ports.js';
import type { ChatRouter, RadarServices } from '../services.js';
import type { ThreadAnswerer } from './dispatcher.js';
import type { IngestHooks } from './ingest-service.js';
import { createTopicServiceFromConfig, type EmbeddingClient } from '../topics/index.js';
import { createFeedbackService, type FeedbackService } from '../feedback/feedback-service.js';
import type { WebCapabilityOptions } from './web.js';
import type { RadarMetrics } from '../web/metrics.js';

/** What the program entry (or a test) chooses; `false` or absent leaves a capability off. */
export interface CapabilityOptions {
  /** LLM briefings, TL;DRs and paper Q&A. `llm: null` forces the extractive fallback. */
  readonly briefing?: false | { readonly llm?: LlmClient | null; readonly batchSize?: number };
  /** Hugging Face Papers, journal feeds, Crossref enrichment, follow-ups, trending. */
  readonly sources?: false | SourcesOptions;
  /** Topic subscriptions; embeddings from RADAR_EMBEDDING_MODEL (`client` overrides, `null` = lexical only). */
  readonly topics?: false | { readonly client?: EmbeddingClient | null };
  /** 👍/👎 votes on cards and the per-channel learned ranking. */
  readonly feedback?: false | Record<string, never>;
  /** The web page, `/healthz` and `/metrics` (src/web); on `RADAR_WEB_PORT` unless it is 0. */
  readonly web?: false | WebCapabilityOptions;
}

export interface SourcesOptions {
  /** DNS resolver for user feed URLs (tests make a public-looking name resolve to 127.0.0.1). */
  readonly resolve?: ResolveHost;
  /** Read Hugging Face daily papers at each ingest. Default: `RADAR_HF`. */
  readonly hf?: boolean;
  /** Enrich DOIs from Crossref. Default: on with `RADAR_CONTACT_EMAIL` or a non-default `CROSSREF_API_URL`. */
  readonly crossref?: boolean;
}

/** Everything the embedded program turns on by default. */
export const defaultCapabilities = (): CapabilityOptions => ({ briefing: {}, sources: {}, topics: {}, feedback: {}, web: {} });

export interface CapabilityDeps {
  /** Counters for `/metrics` (LLM tokens). */
  readonly metrics?: RadarMetrics;
  readonly config: Config;
  readonly store: RadarStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fetch: FetchLike;
  readonly chat: ChatRouter;
  readonly matcher: SubscriptionMatcher;
}

/** The optional services, exactly as `RadarServices` declares them, plus the core's hooks. */
export interface Capabilities extends Pick<RadarServices, 'briefing' | 'journals' | 'trending' | 'followUps' | 'topics' | 'feedback'> {
  /** Sources beyond arXiv, read at each ingest. */
  readonly extraSources: readonly PaperSource[];
  readonly ingestHooks: IngestHooks;
  readonly digestHooks: DigestHooks;
  readonly answerer?: ThreadAnswerer;
}

export function buildCapabilities(options: CapabilityOptions, deps: CapabilityDeps): Capabilities {
  const briefing = options.briefing ? buildBriefing(options.briefing, deps) : undefined;
  const sources = options.sources ? buildSources(options.sources, deps) : undefined;
  const { config, store, clock, logger } = deps;
  const topics = options.topics ? createTopicServiceFromConfig({ config, store, clock, logger, client: options.topics.client }) : undefined;
  const feedback = options.feedback
    ? createFeedbackService({ store: deps.store, matcher: deps.matcher, clock: deps.clock, logger: deps.logger })
    : undefined;
  return {
    ...(topics ? { topics } : {}),
    ...(briefing ? { briefing, answerer: answererOf(briefing) } : {}),
    ...(feedback ? { feedback } : {}),
    ...(sources ? { journals: sources.journals, trending: sources.trending, followUps: sources.followUps } : {}),
    extraSources: sources?.readable ?? [],
    ingestHooks: sources ? sourceIngestHooks(sources, deps) : {},
    digestHooks: digestHooksOf(briefing, sources, deps.store, feedback),
  };
}

function buildBriefing(options: { llm?: LlmClient | null; batchSize?: number }, deps: CapabilityDeps): BriefingService {
  const { config, store, clock, logger } = deps;
  const onTokens = deps.metrics ? (n: number) => deps.metrics!.llmTokens(n) : undefined;
  return createBriefingService({ config, store, clock, logger, llm: options.llm, batchSize: options.batchSize, ...(onTokens ? { onTokens } : {}) });
}

function answererOf(briefing: BriefingService): ThreadAnswerer {
  return { answer: ({ threadKey, paper, question, language, asker }) => briefing.answerInThread(threadKey, paper, question, language, asker) };
}

interface SourceParts {
  readonly hf: HfSource;
  readonly journals: JournalSource;
  readonly crossref?: CrossrefClient;
  readonly followUps: FollowUpService;
  readonly trending: TrendingService;
  readonly readable: readonly PaperSource[];
}

function buildSources(options: SourcesOptions, deps: CapabilityDeps): SourceParts {
  const { config, store, clock, logger } = deps;
  const safeFetch = safeFetchFromConfig(config, options.resolve);
  const hf = createHfSource({
    baseUrl: config.HF_API_URL,
    http: deps.fetch,
    clock,
    userAgent: config.RADAR_USER_AGENT,
    onSkip: (skipped) => logger.warn({ source: 'hf', ...skipped }, 'Hugging Face item skipped; the others are kept'),
  });
  const journals = createJournalSource({ store, safeFetch, clock, logger, maxBytes: config.RADAR_FEED_MAX_BYTES });
  const crossrefOn = options.crossref ?? (!!config.RADAR_CONTACT_EMAIL || config.CROSSREF_API_URL !== 'https://api.crossref.org');
  const crossref = crossrefOn
    ? createCrossrefClient({
        baseUrl: config.CROSSREF_API_URL,
        mailto: config.RADAR_CONTACT_EMAIL,
        fetch: deps.fetch,
        cache: store.namespace('crossref'),
        clock,
        logger,
        userAgent: config.RADAR_USER_AGENT,
      })
    : undefined;
  const followUps = createFollowUpService({ store, clock, logger, chat: deps.chat });
  const trending = createTrendingService({ hf, store, matcher: deps.matcher, clock });
  const hfOn = options.hf ?? config.RADAR_HF;
  return { hf, journals, followUps, trending, readable: hfOn ? [hf, journals] : [journals], ...(crossref ? { crossref } : {}) };
}

function sourceIngestHooks(parts: SourceParts, deps: CapabilityDeps): IngestHooks {
  return {
    merge: (papers) => mergePapers(papers),
    enrich: async (papers, signal) => {
      let out = papers;
      if (parts.crossref) {
        try {
          out = await parts.crossref.enrich(out, { signal });
        } catch (err) {
          deps.logger.warn({ err }, 'crossref enrichment failed; continuing without it');
        }
      }
      // One record per work in the store too: today's HF sighting must not replace yesterday's arXiv record.
      return mergeWithStored(out, deps.store.papers);
    },
    afterStore: async (papers) => {
      await parts.followUps.onPapersIngested(papers);
    },
  };
}

function digestHooksOf(briefing: BriefingService | undefined, sources: SourceParts | undefined, store: RadarStore, feedback?: FeedbackService): DigestHooks {
  return {
    ...(feedback
      ? {
          preference: (key: string) => feedback.preferenceFor(key),
        }
      : {}),
    ...(sources
      ? {
          pendingUpdates: (key: string) => sources.followUps.pendingUpdates(key),
          journalsOf: async (key: string) => (await store.journalFeeds.list(key)).map((f) => f.name),
        }
      : {}),
    ...(briefing
      ? {
          tldr: (paper, settings) => briefing.tldrFor(paper, settings.language),
        }
      : {}),
  };
}

/**
 * Plugs the extra sources into `startRadar({ extensions: [sourcesExtension()] })`: Hugging Face daily papers
 * and every channel's journal feeds as PaperSources; ingest hooks (one record per work, Crossref
 * enrichment, merge with what is stored, follow-ups after storing); digest hooks (the follow-up cards,
 * the every-source card label). Commands find the parts with `sourcesOf(services)`.
 */
import type { RadarServices } from '../app/services.js';
import type { ExtensionContext, RadarExtensions } from '../app/start-radar.js';
import type { Config } from '../config.js';
import { createFollowUpService, type FollowUpService } from '../digest/follow-ups.js';
import { mergePapers, mergeWithStored } from '../papers/merge.js';
import type { RadarStore } from '../store/ports.js';
import { createCrossrefClient, type CrossrefClient } from './crossref-client.js';
import { createHfSource, type HfSource } from './hf-source.js';
import { createJournalSource, type JournalSource } from './journal-source.js';
import { createJournalFeedsStore } from './journal-feeds-store.js';
import { createSafeFetch, type ResolveHost, type SafeFetch } from './safe-fetch.js';

export interface ExtraSources {
  readonly hf: HfSource;
  readonly journals: JournalSource;
  readonly safeFetch: SafeFetch;
  readonly crossref?: CrossrefClient;
  readonly followUps: FollowUpService;
}

export interface SourcesExtensionOptions {
  /** DNS resolver for user feed URLs (tests make a public-looking name resolve to 127.0.0.1). */
  readonly resolve?: ResolveHost;
  /** Read Hugging Face daily papers at each ingest. Default true. */
  readonly hf?: boolean;
  /**
   * Enrich DOIs from Crossref. Default: on when `RADAR_CONTACT_EMAIL` is set (the polite pool) or
   * `CROSSREF_API_URL` is not the public default (an operator pointed it somewhere on purpose).
   */
  readonly crossref?: boolean;
}

const registry = new WeakMap<RadarStore, ExtraSources>();

/** The extra sources of a running radar (`services.sources` when the core carries it, else the registry). */
export function sourcesOf(services: RadarServices): ExtraSources | undefined {
  return (services as RadarServices & { extraSources?: ExtraSources }).extraSources ?? registry.get(services.store);
}

/** Registers the parts for a store (tests that build services by hand). */
export function registerSources(store: RadarStore, sources: ExtraSources): void {
  registry.set(store, sources);
}

/** Builds a safe fetch from the configuration (`RADAR_FEED_*`, `HTTP_TIMEOUT_MS`, `RADAR_USER_AGENT`). */
export function safeFetchFromConfig(config: Config, resolve?: ResolveHost): SafeFetch {
  return createSafeFetch({
    allowHosts: config.RADAR_FEED_ALLOW_HOSTS,
    maxBytes: config.RADAR_FEED_MAX_BYTES,
    timeoutMs: config.HTTP_TIMEOUT_MS,
    userAgent: config.RADAR_USER_AGENT,
    ...(resolve ? { resolve } : {}),
  });
}

export function sourcesExtension(options: SourcesExtensionOptions = {}): RadarExtensions {
  const partsFor = (ctx: ExtensionContext): ExtraSources => {
    let parts = registry.get(ctx.store);
    if (parts) return parts;
    const { config, store, clock, logger } = ctx;
    const safeFetch = safeFetchFromConfig(config, options.resolve);
    const crossrefOn = options.crossref ?? (!!config.RADAR_CONTACT_EMAIL || config.CROSSREF_API_URL !== 'https://api.crossref.org');
    parts = {
      hf: createHfSource({ baseUrl: config.HF_API_URL, http: ctx.fetch, clock, userAgent: config.RADAR_USER_AGENT }),
      journals: createJournalSource({ store, safeFetch, clock, logger, maxBytes: config.RADAR_FEED_MAX_BYTES }),
      safeFetch,
      ...(crossrefOn
        ? {
            crossref: createCrossrefClient({
              baseUrl: config.CROSSREF_API_URL,
              mailto: config.RADAR_CONTACT_EMAIL,
              fetch: ctx.fetch,
              cache: store.namespace('crossref'),
              clock,
              logger,
              userAgent: config.RADAR_USER_AGENT,
            }),
          }
        : {}),
      // `chat` is resolved per call: the router exists only once services are built.
      followUps: createFollowUpService({ store, clock, logger, chat: { reply: (t, m) => ctx.services().chat.reply(t, m) } }),
    };
    registry.set(store, parts);
    return parts;
  };
  return {
    sources: (ctx) => {
      const parts = partsFor(ctx);
      const hfOn = options.hf ?? ctx.config.RADAR_HF;
      return hfOn ? [parts.hf, parts.journals] : [parts.journals];
    },
    ingestHooks: (ctx) => {
      const parts = partsFor(ctx);
      return {
        merge: (papers) => mergePapers(papers),
        enrich: async (papers, signal) => {
          let out = papers;
          if (parts.crossref) {
            try {
              out = await parts.crossref.enrich(out, { signal });
            } catch (err) {
              ctx.logger.warn({ err }, 'crossref enrichment failed; continuing without it');
            }
          }
          // One record per work in the store too: today's HF sighting must not replace yesterday's arXiv record.
          return mergeWithStored(out, ctx.store.papers);
        },
        afterStore: async (papers) => {
          await parts.followUps.onPapersIngested(papers);
        },
      };
    },
    digestHooks: (ctx) => {
      const parts = partsFor(ctx);
      return {
        takePendingUpdates: (key) => parts.followUps.takePendingUpdates(key),
        restoreUpdates: (key, cards) => parts.followUps.restorePendingUpdates(key, cards),
        journalsOf: async (key) => (await createJournalFeedsStore(ctx.store).list(key)).map((f) => f.name),
      };
    },
  };
}

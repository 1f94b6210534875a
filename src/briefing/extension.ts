/**
 * Plugs the briefing capability into `startRadar({ extensions: [briefingExtension()] })`: the digest hooks
 * (remember each delivered digest; TL;DRs for cards when `summaries on`) and the thread answerer. Commands
 * find the service with `briefingOf(services)`.
 */
import type { RadarServices } from '../app/services.js';
import type { ExtensionContext, RadarExtensions } from '../app/start-radar.js';
import type { RadarStore } from '../store/ports.js';
import { createBriefingService, type BriefingService } from './index.js';
import type { LlmClient } from './llm-client.js';

// One service per store: the extension context has no slot on RadarServices for it (yet).
const registry = new WeakMap<RadarStore, BriefingService>();

/** The briefing service of a running radar: `services.briefing` when the core carries it, else the registry. */
export function briefingOf(services: RadarServices): BriefingService | undefined {
  return (services as RadarServices & { briefing?: BriefingService }).briefing ?? registry.get(services.store);
}

/** Registers a service for a store (tests that build services by hand). */
export function registerBriefing(store: RadarStore, service: BriefingService): void {
  registry.set(store, service);
}

export function briefingExtension(options: { llm?: LlmClient | null; batchSize?: number } = {}): RadarExtensions {
  const serviceFor = (ctx: ExtensionContext): BriefingService => {
    let service = registry.get(ctx.store);
    if (!service) {
      service = createBriefingService({ config: ctx.config, store: ctx.store, clock: ctx.clock, logger: ctx.logger, llm: options.llm, batchSize: options.batchSize });
      registry.set(ctx.store, service);
    }
    return service;
  };
  return {
    digestHooks: (ctx) => {
      const service = serviceFor(ctx);
      return {
        onDelivered: (key, papers, chips) => service.recordDigest(key, papers.map((p) => p.id), chips),
        tldr: (paper, settings) => service.tldrFor(paper, settings.language),
      };
    },
    answerer: (ctx) => {
      const service = serviceFor(ctx);
      return {
        answer: ({ threadKey, paper, question, language }) => service.answerInThread(threadKey, paper, question, language),
      };
    },
  };
}

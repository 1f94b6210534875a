/**
 * The briefing capability: LLM briefings, paper Q&A, the shared summary cache, TL;DRs for digest cards,
 * token budgets and usage. Built by `createBriefingService`; plugged into the core by `briefingExtension`
 * (extension.ts). Works without an LLM (extractive, labelled).
 */
import { channelKey, parseThreadKey, threadKeyOf, type ChannelRef, type PostedMessage, type Responder, type ThreadRef, type UserRef } from '../chat/ports.js';
import type { OutboundMessage } from '../chat/message.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Language } from '../i18n/messages.js';
import type { Logger } from '../logger.js';
import type { Paper } from '../papers/paper.js';
import type { RadarStore } from '../store/ports.js';
import { briefChannel } from './briefing-service.js';
import type { LlmClient } from './llm-client.js';
import { createLlmClientFromConfig } from './openai-llm-client.js';
import { answerQuestion, capText, CONTEXT_TURNS, MAX_QUESTION_CHARS } from './qa.js';
import { createRequestThrottle } from './request-throttle.js';
import { UserError } from '../errors.js';
import { createSummaryCache, type SummaryCache } from './summary-cache.js';
import { createStoreUsageCounter } from './store-usage-counter.js';
import { createUsageLedger, payerOf, type UsageLedger, type UsageReport } from './usage-ledger.js';

export type { LlmClient, LlmRequest, LlmResponse, LlmUsage, LlmMessage } from './llm-client.js';
export type { UsageReport } from './usage-ledger.js';
export { createOpenAiLlmClient, createLlmClientFromConfig } from './openai-llm-client.js';

/** TL;DRs must never hold a digest back: short timeout, no retries, and a pause after a failure. */
const TLDR_TIMEOUT_MS = 8_000;
const TLDR_PAUSE_MS = 5 * 60_000;

/** The briefing capability as the core and the commands see it. */
export interface BriefingService {
  /** True when an LLM client is configured (else everything is extractive). */
  readonly hasLlm: boolean;
  /**
   * Posts a briefing over the channel's latest digest, or over the last 7 days' papers matching `query`.
   * LLM commands are limited per user per hour: UserError `llm_throttled` says how long to wait.
   */
  brief(channel: ChannelRef, query: string | undefined, responder: Responder, user?: UserRef): Promise<PostedMessage[]>;
  /** `/radar ask`: answers about `paper`; keeps the turns (per thread, or per channel+paper+user outside one). */
  ask(channel: ChannelRef, paper: Paper, question: string, thread?: ThreadRef, user?: UserRef): Promise<OutboundMessage>;
  /** A question in a paper's thread; the caller (the core's thread handler) records the turns and replies. */
  answerInThread(threadKey: string, paper: Paper, question: string, language: Language, user?: { channel: ChannelRef; userId: string }): Promise<string>;
  /** One-line TL;DR from the shared cache; undefined when unavailable (best effort, never throws). */
  tldrFor(paper: Paper, language: Language, channelKey?: string): Promise<string | undefined>;
  /** Today's and this month's tokens of a channel (of its workspace's DM pool for a DM), reservations included. */
  usage(channel: ChannelRef): Promise<UsageReport>;
}

export interface BriefingServiceDeps {
  readonly config: Config;
  readonly store: RadarStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The LLM; omitted → built from config (undefined without OPENAI_API_KEY); null → none. */
  readonly llm?: LlmClient | null;
  /** Papers per summary request (default 8). */
  readonly batchSize?: number;
  /** Told the tokens of every LLM call (metrics). */
  readonly onTokens?: (tokens: number) => void;
}

/** The per-user hourly limit on LLM requests: a check that passes, or throws a UserError with the wait. */
function llmAdmission(perHour: number, clock: Clock, hasLlm: boolean): (channel: ChannelRef, userId: string | undefined) => void {
  const throttle = createRequestThrottle({ perHour, clock });
  return (channel, userId) => {
    if (!hasLlm || userId === undefined) return;
    const got = throttle.take(`${channel.platform}:${channel.workspaceId ?? ''}:${userId}`);
    if (!got.ok) throw new UserError('llm_throttled', 'llm.throttled', { minutes: Math.max(1, Math.ceil(got.waitMs / 60_000)) });
  };
}

export function createBriefingService(deps: BriefingServiceDeps): BriefingService {
  const { config, store, clock, logger } = deps;
  const llm = deps.llm === null ? undefined : (deps.llm ?? createLlmClientFromConfig(config));
  const dailyBudget = config.RADAR_LLM_DAILY_TOKENS;
  // Budgets live in the store's atomic counters: exact across every process sharing the database.
  const ledger = createUsageLedger(createStoreUsageCounter(store.usage), clock, { dailyBudget, globalDailyCap: config.RADAR_LLM_GLOBAL_DAILY_TOKENS });
  const admit = llmAdmission(config.RADAR_LLM_USER_HOURLY_REQUESTS, clock, !!llm);
  const onTokens = deps.onTokens;
  const usage: UsageLedger = onTokens
    ? {
        ...ledger,
        reserve: async (payer, estimate) => {
          const reservation = await ledger.reserve(payer, estimate);
          return {
            cancel: () => reservation.cancel(),
            settle: async (u) => {
              await reservation.settle(u);
              onTokens(u.promptTokens + u.completionTokens);
            },
          };
        },
      }
    : ledger;
  const kv = store.namespace('briefing');
  const summaries: SummaryCache | undefined = llm
    ? createSummaryCache({ kv: store.namespace('summaries'), llm, usage, logger, batchSize: deps.batchSize })
    : undefined;
  const qaDeps = { llm, usage, logger, dailyBudget };
  let tldrPausedUntil = 0;

  // TL;DR requests made in the same tick (a digest's cards) are summarised together.
  let pending: { paper: Paper; language: Language; payer: string; resolve: (s: string | undefined) => void }[] = [];
  function flushTldrs(): void {
    const batch = pending;
    pending = [];
    const groups = new Map<string, typeof batch>();
    for (const p of batch) groups.set(`${p.language}|${p.payer}`, [...(groups.get(`${p.language}|${p.payer}`) ?? []), p]);
    for (const group of groups.values()) {
      const first = group[0]!;
      summaries!
        .summarize(group.map((g) => g.paper), { language: first.language, channelKey: first.payer, timeoutMs: Math.min(TLDR_TIMEOUT_MS, config.RADAR_LLM_TIMEOUT_MS), maxRetries: 0 })
        .then((map) => group.forEach((g) => g.resolve(map.get(g.paper.id)?.tldr)))
        .catch((err: unknown) => {
          tldrPausedUntil = clock.now().getTime() + TLDR_PAUSE_MS;
          logger.warn({ code: (err as { code?: string }).code }, 'TL;DR failed; digests go out without TL;DRs for a while');
          group.forEach((g) => g.resolve(undefined));
        });
    }
  }

  return {
    hasLlm: !!llm,
    async brief(channel, query, responder, user) {
      admit(channel, user?.id);
      return briefChannel({ store, kv, clock, logger, llm, summaries, usage, dailyBudget }, channel, query, responder);
    },

    async ask(channel, paper, question, thread, user) {
      admit(channel, user?.id);
      const key = channelKey(channel);
      // outside a thread, each user's turns are their own: one user's (possibly injected) text never becomes
      // another user's context
      const threadKey = threadKeyOf(key, thread ? thread.id : `ask:${paper.id}:${user?.id ?? 'anyone'}`);
      const { language } = await store.channels.getSettings(key);
      const turns = await store.threads.turns(threadKey, CONTEXT_TURNS);
      const text = await answerQuestion(qaDeps, { payer: payerOf(channel), paper, question, language, turns });
      const at = clock.now().toISOString();
      await store.threads.appendTurn(threadKey, { role: 'user', text: capText(question, MAX_QUESTION_CHARS), at, ...(user ? { userId: user.id } : {}) });
      await store.threads.appendTurn(threadKey, { role: 'assistant', text, at });
      return { text };
    },

    async answerInThread(threadKey, paper, question, language, asker) {
      const key = parseThreadKey(threadKey).channelKey;
      if (asker) admit(asker.channel, asker.userId);
      const payer = asker ? payerOf(asker.channel) : key;
      const turns = await store.threads.turns(threadKey, CONTEXT_TURNS);
      return answerQuestion(qaDeps, { payer, paper, question, language, turns });
    },

    async tldrFor(paper, language, payer = 'system') {
      if (!summaries || clock.now().getTime() < tldrPausedUntil) return undefined;
      if (payer !== 'system' && (await usage.exhausted(payer))) return undefined;
      return new Promise((resolve) => {
        if (pending.length === 0) setImmediate(flushTldrs);
        pending.push({ paper, language, payer, resolve });
      });
    },

    usage: (channel) => usage.report(payerOf(channel)),
  };
}

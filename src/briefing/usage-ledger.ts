/**
 * LLM token budgets and accounting over the {@link UsageCounter} port. Every LLM call reserves its estimated
 * tokens first — atomically against the payer's daily budget AND the deployment-wide daily cap — and settles
 * with the API's reported usage afterwards (the estimate when the server reports none), so concurrent calls
 * can overrun a budget by at most one call's estimate error, never by N calls. Days and months are UTC.
 *
 * Payers are budget keys (see `payerOf`): a channel, or all direct messages of one workspace/guild together
 * (a fresh DM must not bring a fresh budget). `system` pays for work nobody asked for (digest TL;DRs) and is
 * held only by the global cap.
 */
import type { ChannelRef } from '../chat/ports.js';
import type { Clock } from '../clock.js';
import { LlmError } from '../errors.js';
import { LLM_ERROR, type LlmRequest, type LlmResponse, type LlmUsage } from './llm-client.js';
import { totalOf, type CounterClaim, type TokenCount, type UsageCounter } from './usage-counter.js';

export type UsageTotals = TokenCount;

export interface UsageReport {
  readonly day: string;
  readonly month: string;
  readonly today: UsageTotals;
  readonly thisMonth: UsageTotals;
  /** Tokens reserved by calls still in flight. */
  readonly reservedToday: number;
  readonly dailyBudget: number;
  readonly remainingToday: number;
}

/** Tokens held for one call; exactly one of `settle` / `cancel` is called. */
export interface Reservation {
  settle(usage: LlmUsage): Promise<void>;
  cancel(): Promise<void>;
}

export interface UsageLedger {
  /**
   * Reserves `estimate` tokens for a call billed to `payer`.
   * @throws LlmError `llm_budget` (the payer's daily budget) or `llm_global_budget` (the deployment's cap).
   */
  reserve(payer: string, estimate: number): Promise<Reservation>;
  report(payer: string): Promise<UsageReport>;
  /** True when the payer (or the deployment) cannot afford even a small call today. */
  exhausted(payer: string): Promise<boolean>;
}

export interface LedgerLimits {
  /** Per payer per UTC day (0 = no LLM calls). */
  readonly dailyBudget: number;
  /** The whole deployment per UTC day. */
  readonly globalDailyCap: number;
}

export const SYSTEM_PAYER = 'system';
const GLOBAL = '*';
const DAY_TTL_MS = 40 * 86_400_000;
const MONTH_TTL_MS = 400 * 86_400_000;

/** Whether a channel is a direct conversation (Slack `D…`, a Discord channel outside any guild). */
export function isDirectChannel(channel: ChannelRef): boolean {
  return (channel.platform === 'slack' && /^D/.test(channel.id)) || (channel.platform === 'discord' && !channel.workspaceId);
}

/** The budget key of a channel: itself, or the pool of direct messages of its workspace/guild. */
export function payerOf(channel: ChannelRef): string {
  return isDirectChannel(channel) ? `${channel.platform}:${channel.workspaceId ?? 'direct'}:dm` : `${channel.platform}:${channel.id}`;
}

/** Tokens a request may cost: its prompt (≈ 4 Latin characters or 1 CJK character per token) plus the completion cap. */
export function estimateTokens(request: LlmRequest): number {
  let prompt = 0;
  for (const m of request.messages) {
    let wide = 0;
    for (const ch of m.content) if (ch.charCodeAt(0) > 0x2e80) wide++;
    prompt += Math.ceil((m.content.length - wide) / 4) + wide + 4;
  }
  return prompt + (request.maxTokens ?? 1000);
}

/** Budgets over `counter`: the store's counters (every process, `store-usage-counter.ts`) or one process's. */
export function createUsageLedger(counter: UsageCounter, clock: Clock, limits: LedgerLimits): UsageLedger {
  const keys = (payer: string) => {
    const iso = clock.now().toISOString();
    const day = iso.slice(0, 10);
    const month = iso.slice(0, 7);
    return { day, month, dayKey: `${payer}|day|${day}`, monthKey: `${payer}|month|${month}`, globalKey: `${GLOBAL}|day|${day}` };
  };
  const claimsOf = (payer: string): CounterClaim[] => {
    const k = keys(payer);
    const global = { key: k.globalKey, limit: limits.globalDailyCap };
    return payer === SYSTEM_PAYER ? [global] : [{ key: k.dayKey, limit: limits.dailyBudget }, global];
  };
  return {
    async reserve(payer, estimate) {
      const k = keys(payer);
      const got = await counter.reserve(claimsOf(payer), estimate);
      if (!got.ok) {
        const code = got.key === k.globalKey ? LLM_ERROR.globalBudget : LLM_ERROR.budget;
        throw new LlmError(code, code === LLM_ERROR.budget ? `daily budget of ${payer} spent` : 'deployment-wide daily LLM cap spent');
      }
      const held = [k.dayKey, k.globalKey];
      let done = false;
      return {
        async settle(usage) {
          if (done) return;
          done = true;
          // A server that reports no usage is charged the estimate: a missing field must not mean free calls.
          const spent = usage.promptTokens + usage.completionTokens > 0 ? usage : { promptTokens: estimate, completionTokens: 0 };
          await counter.settle(held, estimate, spent, DAY_TTL_MS);
          await counter.settle([k.monthKey], 0, spent, MONTH_TTL_MS);
        },
        async cancel() {
          if (done) return;
          done = true;
          await counter.settle(held, estimate, undefined, DAY_TTL_MS);
        },
      };
    },
    async report(payer) {
      const k = keys(payer);
      const [day, month] = await Promise.all([counter.read(k.dayKey), counter.read(k.monthKey)]);
      const used = totalOf(day.spent) + day.reserved;
      return {
        day: k.day,
        month: k.month,
        today: day.spent,
        thisMonth: month.spent,
        reservedToday: day.reserved,
        dailyBudget: limits.dailyBudget,
        remainingToday: Math.max(0, limits.dailyBudget - used),
      };
    },
    async exhausted(payer) {
      const k = keys(payer);
      const global = await counter.read(k.globalKey);
      if (totalOf(global.spent) + global.reserved >= limits.globalDailyCap) return true;
      if (payer === SYSTEM_PAYER) return false;
      const day = await counter.read(k.dayKey);
      return totalOf(day.spent) + day.reserved >= limits.dailyBudget;
    },
  };
}

/** Runs one LLM call under a reservation: reserve the estimate, call, settle with the reported usage. */
export async function budgeted<T extends LlmResponse>(ledger: UsageLedger, payer: string, request: LlmRequest, call: () => Promise<T>): Promise<T> {
  const reservation = await ledger.reserve(payer, estimateTokens(request));
  let res: T;
  try {
    res = await call();
  } catch (err) {
    await reservation.cancel();
    throw err;
  }
  await reservation.settle(res.usage);
  return res;
}

/**
 * Per-channel LLM token accounting (`store.namespace('usage')`): today's and this month's totals from the
 * API's `usage` fields, and the daily budget check. Days and months are UTC so every channel's budget resets
 * at the same instant. Writes to one key are serialised in-process (the KV port has no atomic increment).
 */
import type { Clock } from '../clock.js';
import type { KeyValueStore } from '../store/ports.js';
import type { LlmUsage } from './llm-client.js';

export interface UsageTotals {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly calls: number;
}

export interface UsageReport {
  readonly day: string;
  readonly month: string;
  readonly today: UsageTotals;
  readonly thisMonth: UsageTotals;
  readonly dailyBudget: number;
  readonly remainingToday: number;
}

/** Token accounting for one store. */
export interface UsageLedger {
  record(channelKey: string, usage: LlmUsage): Promise<void>;
  report(channelKey: string): Promise<UsageReport>;
  /** True when the channel has spent its daily budget (a budget of 0 means no LLM calls at all). */
  exhausted(channelKey: string): Promise<boolean>;
}

const ZERO: UsageTotals = { promptTokens: 0, completionTokens: 0, calls: 0 };
const total = (u: UsageTotals) => u.promptTokens + u.completionTokens;

export function createUsageLedger(kv: KeyValueStore, clock: Clock, dailyBudget: number): UsageLedger {
  const locks = new Map<string, Promise<void>>();
  const keys = (channelKey: string) => {
    const iso = clock.now().toISOString();
    const day = iso.slice(0, 10);
    const month = iso.slice(0, 7);
    return { day, month, dayKey: `${channelKey}|day|${day}`, monthKey: `${channelKey}|month|${month}` };
  };
  const add = (key: string, usage: LlmUsage, ttlMs: number): Promise<void> => {
    const prev = locks.get(key) ?? Promise.resolve();
    const next = prev.then(async () => {
      const cur = (await kv.get<UsageTotals>(key)) ?? ZERO;
      await kv.set<UsageTotals>(
        key,
        {
          promptTokens: cur.promptTokens + usage.promptTokens,
          completionTokens: cur.completionTokens + usage.completionTokens,
          calls: cur.calls + 1,
        },
        ttlMs,
      );
    });
    const settled = next.catch(() => undefined);
    locks.set(key, settled);
    void settled.then(() => {
      if (locks.get(key) === settled) locks.delete(key);
    });
    return next;
  };
  return {
    async record(channelKey, usage) {
      const k = keys(channelKey);
      // Keep days for 40 days and months for 400: enough for `/radar usage`, bounded storage.
      await Promise.all([add(k.dayKey, usage, 40 * 86_400_000), add(k.monthKey, usage, 400 * 86_400_000)]);
    },
    async report(channelKey) {
      const k = keys(channelKey);
      await Promise.all([locks.get(k.dayKey), locks.get(k.monthKey)]);
      const today = (await kv.get<UsageTotals>(k.dayKey)) ?? ZERO;
      const thisMonth = (await kv.get<UsageTotals>(k.monthKey)) ?? ZERO;
      return { day: k.day, month: k.month, today, thisMonth, dailyBudget, remainingToday: Math.max(0, dailyBudget - total(today)) };
    },
    async exhausted(channelKey) {
      const k = keys(channelKey);
      await locks.get(k.dayKey);
      const today = (await kv.get<UsageTotals>(k.dayKey)) ?? ZERO;
      return total(today) >= dailyBudget;
    },
  };
}

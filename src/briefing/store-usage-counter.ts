/**
 * The budget port over the store's atomic usage counters, so every process sharing the database spends
 * from one budget (cluster mode: N processes must not each grant the whole daily budget).
 *
 * Each budget key is kept as a few counters: `…|total` (spent + reserved, the one checked against the
 * limit by a single conditional UPDATE), `…|reserved`, `…|prompt`, `…|completion`, `…|calls`. A reservation
 * over several keys takes them one by one and gives back the ones it got when a later one is full — at no
 * moment does any key pass its limit, and a concurrent caller can at worst be refused early, never late.
 * A process killed between reserve and settle leaves its reservation counted until the key's day ends.
 * Settling gives every counter of the key the ledger's time to live, so retention removes past periods.
 */
import type { UsageCounters } from '../store/ports.js';
import type { CounterClaim, CounterState, UsageCounter } from './usage-counter.js';

type Part = 'total' | 'reserved' | 'prompt' | 'completion' | 'calls';

/**
 * `account` keeps ledgers apart in the one counters table: `llm` (briefings, Q&A, summaries) and `embedding`
 * (topics), whose keys are otherwise alike (`day|2026-11-30|*`).
 */
export function createStoreUsageCounter(usage: UsageCounters, account = 'llm'): UsageCounter {
  const part = (key: string, name: Part): string => `${account}|${key}|${name}`;
  async function reserveAll(claims: readonly CounterClaim[], amount: number): Promise<{ ok: true } | { ok: false; key: string }> {
    const taken: string[] = [];
    for (const c of claims) {
      if (!(await usage.reserve(part(c.key, 'total'), amount, c.limit))) {
        for (const key of taken) await usage.add(part(key, 'total'), -amount);
        return { ok: false, key: c.key };
      }
      taken.push(c.key);
    }
    for (const key of taken) await usage.add(part(key, 'reserved'), amount);
    return { ok: true };
  }

  return {
    reserve: reserveAll,
    async settle(keys, reserved, spent, ttlMs) {
      const spentTotal = spent ? spent.promptTokens + spent.completionTokens : 0;
      for (const key of keys) {
        await usage.add(part(key, 'total'), spentTotal - reserved, ttlMs);
        await usage.add(part(key, 'reserved'), -reserved, ttlMs);
        if (!spent) continue;
        await usage.add(part(key, 'prompt'), spent.promptTokens, ttlMs);
        await usage.add(part(key, 'completion'), spent.completionTokens, ttlMs);
        await usage.add(part(key, 'calls'), 1, ttlMs);
      }
    },
    async read(key): Promise<CounterState> {
      const [prompt, completion, calls, reserved] = await Promise.all([
        usage.get(part(key, 'prompt')), usage.get(part(key, 'completion')), usage.get(part(key, 'calls')), usage.get(part(key, 'reserved')),
      ]);
      return { spent: { promptTokens: prompt, completionTokens: completion, calls }, reserved: Math.max(0, reserved) };
    },
  };
}

/**
 * The budget port: per-key daily token counters with an atomic conditional reservation. `reserve` adds the
 * amount to every key's reservations only when, for every key, spent + reserved + amount ≤ limit — the
 * check and the charge are one step, so N concurrent callers can never all pass a check that only one of
 * them fits. `settle` turns a reservation into actual spend.
 *
 * `createInProcessUsageCounter` is atomic within one process: every operation runs in one serial queue,
 * spend is persisted in the key-value store, reservations live in memory (they are short-lived: one LLM
 * call). Budgets shared by several processes use `store-usage-counter.ts` (the store's atomic counters).
 */
import type { KeyValueStore } from '../store/ports.js';

export interface TokenCount {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly calls: number;
}

export interface CounterClaim {
  /** The counter, e.g. `day|2026-11-30|slack:C1` or `day|2026-11-30|*`. */
  readonly key: string;
  /** Tokens allowed on this key (spent + reserved). */
  readonly limit: number;
}

export interface CounterState {
  readonly spent: TokenCount;
  readonly reserved: number;
}

export interface UsageCounter {
  /** Atomically reserves `amount` on every claimed key, or nothing: returns the first key that would overflow. */
  reserve(claims: readonly CounterClaim[], amount: number): Promise<{ ok: true } | { ok: false; key: string }>;
  /** Releases `reserved` on every key and adds `spent` to each (one call counted). `ttlMs` bounds storage. */
  settle(keys: readonly string[], reserved: number, spent: Omit<TokenCount, 'calls'> | undefined, ttlMs: number): Promise<void>;
  read(key: string): Promise<CounterState>;
}

export const NO_TOKENS: TokenCount = { promptTokens: 0, completionTokens: 0, calls: 0 };
export const totalOf = (c: TokenCount): number => c.promptTokens + c.completionTokens;

export function createInProcessUsageCounter(kv: KeyValueStore): UsageCounter {
  const reserved = new Map<string, number>();
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs `op` after every earlier operation: the whole check-and-charge is one critical section. */
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const run = queue.then(op);
    queue = run.catch(() => undefined);
    return run;
  };
  const spentOf = async (key: string): Promise<TokenCount> => (await kv.get<TokenCount>(key)) ?? NO_TOKENS;

  return {
    reserve: (claims, amount) =>
      serial(async () => {
        for (const c of claims) {
          const used = totalOf(await spentOf(c.key)) + (reserved.get(c.key) ?? 0);
          if (used + amount > c.limit) return { ok: false as const, key: c.key };
        }
        for (const c of claims) reserved.set(c.key, (reserved.get(c.key) ?? 0) + amount);
        return { ok: true as const };
      }),
    settle: (keys, amount, spent, ttlMs) =>
      serial(async () => {
        for (const key of keys) {
          const left = (reserved.get(key) ?? 0) - amount;
          if (left > 0) reserved.set(key, left);
          else reserved.delete(key);
          if (!spent) continue;
          const cur = await spentOf(key);
          await kv.set<TokenCount>(
            key,
            {
              promptTokens: cur.promptTokens + spent.promptTokens,
              completionTokens: cur.completionTokens + spent.completionTokens,
              calls: cur.calls + 1,
            },
            ttlMs,
          );
        }
      }),
    read: (key) => serial(async () => ({ spent: await spentOf(key), reserved: reserved.get(key) ?? 0 })),
  };
}

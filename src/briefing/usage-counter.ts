/**
 * The budget port: per-key daily token counters with an atomic conditional reservation. `reserve` adds the
 * amount to every key's reservations only when, for every key, spent + reserved + amount ≤ limit — the
 * check and the charge are one step, so N concurrent callers can never all pass a check that only one of
 * them fits. `settle` turns a reservation into actual spend.
 *
 * Implemented over the store's atomic counters (`store-usage-counter.ts`), so budgets and counts are shared
 * by every process on the database.
 */
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

/**
 * Per-user limit on LLM commands (`/radar ask`, `/radar brief`, thread questions): a token bucket per user
 * holding `perHour` requests, refilled continuously (one request every hour/perHour). A refused request
 * learns how long to wait. The table is bounded: past `maxUsers`, users whose buckets are full again (they
 * carry no information) are dropped first, then the oldest.
 */
import type { Clock } from '../clock.js';

export interface RequestThrottle {
  /** Takes one request from the user's bucket, or says how many ms until one is available. */
  take(userKey: string): { ok: true } | { ok: false; waitMs: number };
}

export interface ThrottleOptions {
  /** Requests per user per hour; 0 turns the limit off. */
  readonly perHour: number;
  readonly clock: Clock;
  readonly maxUsers?: number;
}

const HOUR_MS = 3_600_000;

export function createRequestThrottle(options: ThrottleOptions): RequestThrottle {
  const { perHour, clock } = options;
  const maxUsers = options.maxUsers ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (b: { tokens: number; at: number }, now: number): number => Math.min(perHour, b.tokens + ((now - b.at) * perHour) / HOUR_MS);

  function prune(now: number): void {
    for (const [user, b] of buckets) if (refill(b, now) >= perHour) buckets.delete(user);
    for (const user of buckets.keys()) {
      if (buckets.size <= maxUsers) break;
      buckets.delete(user);
    }
  }

  return {
    take(userKey) {
      if (perHour <= 0) return { ok: true };
      const now = clock.now().getTime();
      const b = buckets.get(userKey);
      const tokens = b ? refill(b, now) : perHour;
      if (tokens < 1) return { ok: false, waitMs: Math.ceil(((1 - tokens) * HOUR_MS) / perHour) };
      buckets.delete(userKey); // re-insert: Map order is then least recently used first
      buckets.set(userKey, { tokens: tokens - 1, at: now });
      if (buckets.size > maxUsers) prune(now);
      return { ok: true };
    },
  };
}

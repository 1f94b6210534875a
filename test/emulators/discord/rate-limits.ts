/**
 * Discord's rate limits as the emulator enforces them: a global limit per bot token (50 requests per
 * second; interaction callbacks are exempt) and per-route buckets keyed by the route's major parameter
 * (message create: 5 per 5 s per channel). Windows are fixed and start at the first request, and every
 * answer carries the `X-RateLimit-*` headers discord.js learns its buckets from; excess gets a 429 with
 * `retry_after`, like the real API.
 */
export interface RouteLimit {
  readonly method: string;
  /** Matches the path after `/api/v10`; capture group 1 is the major parameter (channel id …). */
  readonly path: RegExp;
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
}

export interface RateLimitOptions {
  /** Requests per second per bot token, all routes together (Discord: 50). */
  readonly globalPerSecond?: number;
  readonly routes?: readonly RouteLimit[];
}

export const DISCORD_ROUTE_LIMITS: readonly RouteLimit[] = [
  { method: 'POST', path: /^\/channels\/(\d+)\/messages$/, name: 'message-create', limit: 5, windowMs: 5_000 },
  { method: 'POST', path: /^\/channels\/(\d+)\/messages\/\d+\/threads$/, name: 'thread-create', limit: 10, windowMs: 10_000 },
];

export type Verdict =
  | { readonly ok: true; readonly headers: Record<string, string> }
  | { readonly ok: false; readonly headers: Record<string, string>; readonly body: Record<string, unknown>; readonly scope: 'global' | 'user' };

interface Window {
  start: number;
  count: number;
}

export class DiscordRateLimits {
  private readonly global: Window = { start: -Infinity, count: 0 };
  private readonly buckets = new Map<string, Window>();
  private readonly globalPerSecond: number;
  private readonly routes: readonly RouteLimit[];

  constructor(options: RateLimitOptions = {}, private readonly now: () => number = Date.now) {
    this.globalPerSecond = options.globalPerSecond ?? 50;
    this.routes = options.routes ?? DISCORD_ROUTE_LIMITS;
  }

  /** Counts the request and says whether Discord would serve it. */
  check(method: string, path: string): Verdict {
    const now = this.now();
    const exempt = /^\/(interactions|webhooks)\//.test(path);
    const route = this.routes.find((r) => r.method === method && r.path.test(path));
    if (!exempt) {
      const g = roll(this.global, now, 1_000);
      if (g.count >= this.globalPerSecond) {
        const retry = (g.start + 1_000 - now) / 1_000;
        return {
          ok: false, scope: 'global',
          headers: { 'retry-after': String(Math.ceil(retry)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
          body: { message: 'You are being rate limited.', retry_after: retry, global: true },
        };
      }
    }
    if (!route) {
      if (!exempt) this.global.count += 1;
      return { ok: true, headers: { 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '49', 'x-ratelimit-reset-after': '1.0', 'x-ratelimit-bucket': 'emu-default' } };
    }
    const major = route.path.exec(path)![1] ?? '';
    const key = `${route.name}:${major}`;
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { start: -Infinity, count: 0 }));
    roll(b, now, route.windowMs);
    const resetAfter = (b.start + route.windowMs - now) / 1_000;
    const headers = {
      'x-ratelimit-limit': String(route.limit),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-reset': ((b.start + route.windowMs) / 1_000).toFixed(3),
      'x-ratelimit-bucket': `emu-${route.name}`,
    };
    if (b.count >= route.limit) {
      return {
        ok: false, scope: 'user',
        headers: { ...headers, 'x-ratelimit-remaining': '0', 'retry-after': String(Math.ceil(resetAfter)), 'x-ratelimit-scope': 'user' },
        body: { message: 'You are being rate limited.', retry_after: resetAfter, global: false },
      };
    }
    b.count += 1;
    if (!exempt) this.global.count += 1;
    return { ok: true, headers: { ...headers, 'x-ratelimit-remaining': String(route.limit - b.count) } };
  }
}

/** Starts a new window when the current one has ended. */
function roll(w: Window, now: number, windowMs: number): Window {
  if (now >= w.start + windowMs) {
    w.start = now;
    w.count = 0;
  }
  return w;
}

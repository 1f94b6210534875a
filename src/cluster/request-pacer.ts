/**
 * Cluster-wide request pacing on Redis. BullMQ's queue limiter counts job *starts*; a digest job then does
 * its store work before it posts, so the requests of jobs started in different windows bunch up at the
 * platform (429s). The pacer instead hands out send times: one Lua call reserves the next free slot of a
 * shared schedule (`max(now, next)`, then `next += interval`, on Redis's own clock) and the caller sleeps
 * until its slot — a generic cell-rate schedule. Requests of every process are then at least `interval`
 * apart when they leave, whatever happened before.
 *
 * Written here rather than taken from a library: Bottleneck's Redis mode does this but has been unmaintained
 * since 2019, and rate-limiter-flexible counts fixed windows (the burst at a window edge is what we avoid).
 */
import type { Redis } from 'ioredis';
import type { RequestPacer } from '../chat/ports.js';

const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nextFree)
redis.call('SET', KEYS[1], tostring(slot + interval), 'PX', math.max(1000, slot + interval - now + 1000))
return { slot, now }`;

type PacingRedis = Redis & { radarReserveSlot(key: string, intervalMs: number): Promise<[number, number]> };

/** A reserved send time: `slotAt` on Redis's clock (ms), and how long from now the caller waits for it. */
export interface ReservedSlot {
  readonly slotAt: number;
  readonly waitMs: number;
}

/** Reserves the next free slot of the schedule at `key` (atomic across every client of this Redis). */
export async function reserveSlot(redis: Redis, key: string, intervalMs: number): Promise<ReservedSlot> {
  const client = redis as PacingRedis;
  if (typeof client.radarReserveSlot !== 'function') client.defineCommand('radarReserveSlot', { numberOfKeys: 1, lua: RESERVE });
  const [slotAt, now] = (await client.radarReserveSlot(key, intervalMs)).map(Number) as [number, number];
  return { slotAt, waitMs: slotAt - now };
}

/** The spacing of `perSecond` requests with `headroom` of the rate left unused. */
export const pacingIntervalMs = (perSecond: number, headroom = 0.05): number => Math.max(1, Math.round(1000 / (perSecond * (1 - headroom))));

/**
 * A pacer of `perSecond` requests across the cluster, spaced evenly, with `headroom` of the rate left
 * unused (default 5 %) so that a request delayed by a busy event loop after its slot does not land in the
 * same platform second as the next one's.
 */
export function createRedisPacer(redis: Redis, key: string, perSecond: number, headroom = 0.05): RequestPacer {
  const intervalMs = pacingIntervalMs(perSecond, headroom);
  return {
    async slot() {
      // A caller that wakes more than one interval after its slot (a busy event loop, a GC pause) would
      // send together with the next slots' requests: it gives its slot up and takes a new one instead.
      for (let attempt = 0; ; attempt++) {
        const { waitMs } = await reserveSlot(redis, key, intervalMs);
        const due = performance.now() + Math.max(0, waitMs);
        if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
        if (performance.now() - due <= intervalMs || attempt >= MAX_RESERVATIONS - 1) return;
      }
    },
  };
}

/** Slots one request may take before it goes anyway (each lost slot is one interval of throughput). */
const MAX_RESERVATIONS = 3;

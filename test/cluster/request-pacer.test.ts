/**
 * The cluster-wide request pacer on the real local Redis: callers on separate connections (as separate
 * processes are) get send slots exactly one interval apart, nobody is let through before its slot, and a
 * quiet schedule hands out "now" again instead of a backlog.
 */
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRedisPacer, pacingIntervalMs, reserveSlot } from '../../src/cluster/request-pacer.js';
import { REDIS_URL, dropPrefix, uniquePrefix } from './helpers.js';

const clients: Redis[] = [];
const prefixes: string[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  for (const p of prefixes.splice(0)) await dropPrefix(p);
});

function connections(n: number): Redis[] {
  const made = Array.from({ length: n }, () => new Redis(REDIS_URL, { maxRetriesPerRequest: 1 }));
  clients.push(...made);
  return made;
}

function freshKey(): string {
  const prefix = uniquePrefix('pace');
  prefixes.push(prefix);
  return `${prefix}:pace:discord`;
}

describe('request pacer (Redis)', () => {
  it('spaces 90 concurrent reservations from three connections exactly one interval apart', async () => {
    const key = freshKey();
    const interval = pacingIntervalMs(50);
    const [a, b, c] = connections(3) as [Redis, Redis, Redis];
    const slots = await Promise.all(Array.from({ length: 90 }, (_, i) => reserveSlot([a, b, c][i % 3]!, key, interval)));
    const times = slots.map((s) => s.slotAt).sort((x, y) => x - y);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(new Set(gaps)).toEqual(new Set([interval]));
    expect(Math.max(...slots.map((s) => s.waitMs))).toBeGreaterThanOrEqual(88 * interval);
  });

  it('lets nobody through before its slot', async () => {
    const key = freshKey();
    const [a, b] = connections(2) as [Redis, Redis];
    const pacers = [createRedisPacer(a, key, 100), createRedisPacer(b, key, 100)];
    const interval = pacingIntervalMs(100);
    const t0 = Date.now();
    const released = await Promise.all(Array.from({ length: 20 }, async (_, i) => (await pacers[i % 2]!.slot(), Date.now())));
    // 20 slots from (about) t0 on: the last cannot be released before 19 intervals have passed
    expect(Math.max(...released) - t0).toBeGreaterThanOrEqual(19 * interval - 2);
  });

  it('gives up a slot it woke too late for and takes a fresh one (no bunching after a stall)', async () => {
    const key = freshKey();
    const [a, b] = connections(2) as [Redis, Redis];
    const interval = pacingIntervalMs(100);
    for (let i = 0; i < 5; i++) await reserveSlot(b, key, interval); // ours is ~5 intervals out
    const pacer = createRedisPacer(a, key, 100);
    const client = a as unknown as { radarReserveSlot: (...args: unknown[]) => Promise<unknown> };
    await reserveSlot(a, key, interval); // defines the command on this connection
    const original = client.radarReserveSlot.bind(a);
    let reservations = 0;
    client.radarReserveSlot = (...args) => (reservations++, original(...args));
    const stall = setTimeout(() => {
      const until = Date.now() + 20 * interval;
      while (Date.now() < until); // the event loop is blocked while the caller sleeps towards its slot
    }, 2);
    await pacer.slot();
    clearTimeout(stall);
    expect(reservations).toBe(2);
  });

  it('starts from now again after a quiet spell (no backlog is kept)', async () => {
    const key = freshKey();
    const [a] = connections(1) as [Redis];
    await reserveSlot(a, key, 5);
    await new Promise((r) => setTimeout(r, 30));
    expect((await reserveSlot(a, key, 5)).waitMs).toBe(0);
  });
});

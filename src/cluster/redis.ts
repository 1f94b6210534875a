/**
 * Redis connections for the BullMQ job engine. BullMQ needs `maxRetriesPerRequest: null` on every ioredis
 * connection (its blocking commands must wait through a reconnect instead of failing), and each queue,
 * worker and event listener wants a connection of its own.
 */
import { Redis } from 'ioredis';
import { RadarError } from '../errors.js';

/** Redis could not be reached when cluster mode started (or an operator command ran). */
export class RedisUnavailableError extends RadarError {
  constructor(url: string, cause: unknown) {
    super(
      'redis_unavailable',
      `Cannot reach Redis at ${redactUrl(url)} (REDIS_URL): ${(cause as Error)?.message ?? String(cause)}. ` +
        'Cluster mode keeps its job queues in Redis: start Redis or fix REDIS_URL, or unset REDIS_URL to run one embedded process.',
      { cause },
    );
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** A connection for BullMQ: reconnects for ever (with a capped backoff) and never fails a command for it. */
export function createBullConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(200 * times, 2_000),
  });
}

/**
 * Checks that Redis answers PING within `timeoutMs`, with a throwaway connection that does not retry.
 * @throws RedisUnavailableError with a message an operator can act on.
 */
export async function assertRedisReachable(url: string, timeoutMs = 3_000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs, enableOfflineQueue: false });
  probe.on('error', () => undefined); // reported through the rejected connect below
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw new RedisUnavailableError(url, err);
  } finally {
    probe.disconnect();
  }
}

/** Shared bits of the cluster tests: a unique queue prefix per test and the local Redis URL. */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A BullMQ prefix nobody else uses, so tests sharing the Redis never see each other's jobs. */
export const uniquePrefix = (name: string): string => `t-${name}-${randomUUID().slice(0, 8)}`;

/** A TCP port that was free a moment ago (for a private redis-server or a port nobody listens on). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Deletes every key under `prefix` (only ours) from the shared Redis. */
export async function dropPrefix(prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await r.del(...keys);
  } while (cursor !== '0');
  r.disconnect();
}

/**
 * Opens one Keyv over the backend named by `RADAR_DB`: `sqlite://path` (default; the directory is created),
 * `redis://…`, `postgres://…`, or `memory://` (tests). One Keyv (namespace `radar`) is shared by every store;
 * each store prefixes its own keys, because Keyv adapters keep a single namespace per adapter instance.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Keyv from 'keyv';
import { ConfigError } from '../errors.js';

export interface OpenedKeyv {
  readonly kv: Keyv;
  readonly backend: 'sqlite' | 'redis' | 'postgres' | 'memory';
  close(): Promise<void>;
}

/** Filesystem path of a `sqlite://` URL (`sqlite://./data/x.sqlite`, `sqlite:///abs/x.sqlite`). */
export function sqlitePathOf(url: string): string {
  const path = url.replace(/^sqlite:\/\//, '');
  if (!path) throw new ConfigError([`RADAR_DB: sqlite URL has no file path: ${url}`]);
  return resolve(path);
}

export async function openKeyv(url: string): Promise<OpenedKeyv> {
  const scheme = url.slice(0, url.indexOf(':'));
  if (scheme === 'memory') {
    const kv = new Keyv();
    return { kv, backend: 'memory', close: async () => {} };
  }
  if (scheme === 'sqlite') {
    const file = sqlitePathOf(url);
    mkdirSync(dirname(file), { recursive: true });
    const { default: KeyvSqlite } = await import('@keyv/sqlite');
    const store = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 10_000 });
    const kv = new Keyv({ store, namespace: 'radar' });
    return { kv, backend: 'sqlite', close: () => kv.disconnect() };
  }
  if (scheme === 'redis' || scheme === 'rediss') {
    const { default: KeyvRedis } = await import('@keyv/redis');
    const store = new KeyvRedis(url, { throwOnConnectError: true });
    const kv = new Keyv({ store, namespace: 'radar' });
    return { kv, backend: 'redis', close: () => kv.disconnect() };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const { default: KeyvPostgres } = await import('@keyv/postgres');
    const store = new KeyvPostgres({ uri: url, table: 'radar_kv' });
    const kv = new Keyv({ store, namespace: 'radar' });
    return { kv, backend: 'postgres', close: () => kv.disconnect() };
  }
  throw new ConfigError([`RADAR_DB: unsupported scheme "${scheme}" (use sqlite://, redis:// or postgres://)`]);
}

/**
 * The RadarStore over SQL (Kysely): SQLite file (default), SQLite in memory, or PostgreSQL. Migrations run
 * on open. Every port method rejects with a `StoreError` when the database fails, so callers can tell
 * "storage is busy" from "absent".
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from '../../errors.js';
import type { ChannelSettings, KeyValueStore, RadarStore } from '../ports.js';
import { importKeyvOnce, type KeyvImport } from './import-keyv.js';
import { migrate } from './migrator.js';
import { openSql, sqlBackendOf, sqlitePathOf, type OpenedSql, type SqlOpenOptions } from './open-sql.js';
import { holdSqliteProcessLock, type SqliteProcessLock } from './sqlite-process-lock.js';
import { createSqlChannelStore } from './sql-channels.js';
import { createSqlFeedStore } from './sql-feeds.js';
import { createSqlLedger } from './sql-ledger.js';
import { createSqlOutbox } from './sql-outbox.js';
import { createSqlPaperStore } from './sql-papers.js';
import { createSqlPendingUpdates } from './sql-pending-updates.js';
import { createSqlSubscriptionStore } from './sql-subscriptions.js';
import { createSqlThreadStore } from './sql-threads.js';
import { pruneOlderThan, type Pruned } from './sql-ops.js';
import { createSqlNamespace, createSqlUsageCounters } from './sql-usage-kv.js';
import { createSqlVoteStore } from './sql-votes.js';
import { createSqlWatcherStore } from './sql-watchers.js';
import { createSqlExclusiveSections } from './sql-exclusive.js';

export interface SqlRadarStore extends RadarStore {
  /** The open database (ops: backup, stats). */
  readonly sql: OpenedSql;
  /** What was imported from a 0.1 Keyv table on this open (absent when nothing was). */
  readonly imported?: KeyvImport;
  /** Retention: deletes papers older than `days` that no delivery or thread needs, and expired rows. */
  prune(days: number): Promise<Pruned>;
}

export interface SqlStoreOptions extends SqlOpenOptions {
  readonly defaults: ChannelSettings;
  readonly now?: () => Date;
  /** Run migrations on open (default true). */
  readonly migrate?: boolean;
  /**
   * The radar process itself opens the store: on a SQLite file, hold its process lock until close, so that a
   * second process on the same file is refused at start (sqlite-process-lock.ts). Admin commands leave it off.
   */
  readonly oneProcess?: boolean;
}

/** Turns any failure of the database into a StoreError naming the operation. */
export function toStoreError(err: unknown, operation: string): StoreError {
  if (err instanceof StoreError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StoreError(`${operation} failed: ${message}`, { cause: err });
}

/** Wraps every promise-returning method of a port so its failures surface as StoreError. */
export function guarded<T extends object>(port: T, name: string): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(port)) {
    if (typeof value !== 'function') {
      out[key] = value;
      continue;
    }
    out[key] = (...args: unknown[]) => {
      let result: unknown;
      try {
        result = (value as (...a: unknown[]) => unknown).apply(port, args);
      } catch (err) {
        throw toStoreError(err, `${name}.${key}`);
      }
      return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(toStoreError(err, `${name}.${key}`))) : result;
    };
  }
  return out as T;
}

/** Builds every port over an open database (migrated already). */
export function createSqlRadarStore(opened: OpenedSql, options: Pick<SqlStoreOptions, 'defaults' | 'now'>, imported?: KeyvImport): SqlRadarStore {
  const now = options.now ?? (() => new Date());
  return {
    sql: opened,
    ...(imported ? { imported } : {}),
    prune: (days) => pruneOlderThan(opened, days, now()).catch((err: unknown) => Promise.reject(toStoreError(err, 'prune'))),
    papers: guarded(createSqlPaperStore(opened, now), 'papers'),
    subscriptions: guarded(createSqlSubscriptionStore(opened, now), 'subscriptions'),
    watchers: guarded(createSqlWatcherStore(opened, now), 'watchers'),
    channels: guarded(createSqlChannelStore(opened, options.defaults, now), 'channels'),
    ledger: guarded(createSqlLedger(opened), 'ledger'),
    threads: guarded(createSqlThreadStore(opened, now), 'threads'),
    usage: guarded(createSqlUsageCounters(opened, now), 'usage'),
    outbox: guarded(createSqlOutbox(opened, now), 'outbox'),
    votes: guarded(createSqlVoteStore(opened), 'votes'),
    journalFeeds: guarded(createSqlFeedStore(opened), 'journalFeeds'),
    pendingUpdates: guarded(createSqlPendingUpdates(opened), 'pendingUpdates'),
    namespace: (name): KeyValueStore => guarded(createSqlNamespace(opened, name, now), `namespace(${name})`),
    // not guarded: the work's own errors are not store errors (the lock's are, inside)
    exclusive: createSqlExclusiveSections(opened),
    roundTrips: opened.backend === 'postgres',
    close: () => opened.close(),
  };
}

/** Opens `RADAR_DB`, migrates it to the latest schema and builds the store. */
export async function openSqlRadarStore(url: string, options: SqlStoreOptions): Promise<SqlRadarStore> {
  // before opening: a refused second process neither migrates nor imports anything
  const lock = options.oneProcess && sqlBackendOf(url) === 'sqlite' ? await holdProcessLock(url) : undefined;
  let opened: OpenedSql;
  try {
    opened = await openSql(url, options);
  } catch (err) {
    lock?.release();
    throw err;
  }
  let imported: KeyvImport | undefined;
  try {
    if (options.migrate ?? true) {
      await migrate(opened.db);
      imported = await importKeyvOnce(opened, options.now ?? (() => new Date()));
    }
  } catch (err) {
    await opened.close().catch(() => undefined);
    lock?.release();
    throw toStoreError(err, 'migrate');
  }
  const store = createSqlRadarStore(opened, options, imported);
  if (!lock) return store;
  return { ...store, close: () => store.close().finally(() => lock.release()) };
}

async function holdProcessLock(url: string): Promise<SqliteProcessLock> {
  const file = sqlitePathOf(url);
  mkdirSync(dirname(file), { recursive: true });
  return holdSqliteProcessLock(file);
}

/**
 * Opens the SQL database named by `RADAR_DB`: `sqlite://path` (embedded default; WAL, a busy timeout,
 * foreign keys on; the directory is created), `memory://` (SQLite in memory, throwaway runs) or
 * `postgres://…` (shared by several processes). `?busy_timeout_ms=` tunes how long SQLite waits for a lock
 * held by another connection before the operation fails (default 5,000 ms).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import { FifoSqliteDialect } from './fifo-sqlite-dialect.js';
import { preparingPool } from './pg-prepared.js';
import { ConfigError } from '../../errors.js';
import type { RadarDatabase } from './schema.js';
import { cachingStatements } from './statement-cache.js';

export type SqlBackend = 'sqlite' | 'memory' | 'postgres';

export interface SqlOpenOptions {
  /** Called for every query (counting queries in tests, debug logging). */
  readonly log?: (event: LogEvent) => void;
  /** Reports asynchronous driver errors (an idle PostgreSQL connection that died). */
  readonly onDriverError?: (err: Error) => void;
}

export interface OpenedSql {
  readonly db: Kysely<RadarDatabase>;
  readonly backend: SqlBackend;
  /** SQLite file path (absent for memory and PostgreSQL). */
  readonly file?: string;
  /** The raw better-sqlite3 handle (online backup, file stats); SQLite only. */
  readonly sqlite?: import('better-sqlite3').Database;
  close(): Promise<void>;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** Filesystem path of a `sqlite://` URL (`sqlite://./data/x.sqlite`, `sqlite:///abs/x.sqlite`). */
export function sqlitePathOf(url: string): string {
  const path = url.replace(/^sqlite:\/\//, '').replace(/\?.*$/, '');
  if (!path) throw new ConfigError([`RADAR_DB: sqlite URL has no file path: ${url}`]);
  return resolve(path);
}

function busyTimeoutOf(url: string): number {
  const raw = /[?&]busy_timeout_ms=(\d+)/.exec(url)?.[1];
  return raw === undefined ? DEFAULT_BUSY_TIMEOUT_MS : Number(raw);
}

/** Scheme of a `RADAR_DB` URL, with a clear message for the ones the store does not take. */
export function sqlBackendOf(url: string): SqlBackend {
  const scheme = url.slice(0, Math.max(0, url.indexOf(':')));
  if (scheme === 'sqlite') return 'sqlite';
  if (scheme === 'memory') return 'memory';
  if (scheme === 'postgres' || scheme === 'postgresql') return 'postgres';
  if (scheme === 'redis' || scheme === 'rediss') {
    throw new ConfigError([
      'RADAR_DB=redis:// is no longer a state store: use RADAR_DB=postgres://… to share state between processes ' +
        '(or the default sqlite:// for one process), and REDIS_URL=redis://… for the cache.',
    ]);
  }
  throw new ConfigError([`RADAR_DB: unsupported scheme "${scheme}" (use sqlite://, postgres:// or memory://)`]);
}

async function openSqlite(url: string, backend: 'sqlite' | 'memory', options: SqlOpenOptions): Promise<OpenedSql> {
  const { default: Database } = await import('better-sqlite3');
  const file = backend === 'sqlite' ? sqlitePathOf(url) : undefined;
  if (file) mkdirSync(dirname(file), { recursive: true });
  const handle = new Database(file ?? ':memory:', { timeout: busyTimeoutOf(url) });
  if (file) handle.pragma('journal_mode = WAL');
  handle.pragma('foreign_keys = ON');
  handle.pragma('synchronous = NORMAL');
  const db = new Kysely<RadarDatabase>({ dialect: new FifoSqliteDialect({ database: cachingStatements(handle) }), log: options.log });
  return { db, backend, file, sqlite: handle, close: () => db.destroy() };
}

/** The URL without our own parameters (PostgreSQL would take them for server settings). */
function withoutOwnParameters(url: string): string {
  const u = new URL(url);
  u.searchParams.delete('busy_timeout_ms');
  u.searchParams.delete('prepare');
  return u.toString();
}

/** `?prepare=off`: no prepared statements (a pooler in transaction mode, e.g. PgBouncer before 1.21, cannot keep them). */
function preparesStatements(url: string): boolean {
  return new URL(url).searchParams.get('prepare') !== 'off';
}

async function openPostgres(url: string, options: SqlOpenOptions): Promise<OpenedSql> {
  const { default: pg } = await import('pg');
  // A statement waits at most the busy timeout for a lock, as on SQLite: a session holding rows (an operator's
  // open transaction, a frozen process) makes commands answer "storage is busy" and a scheduled digest retry,
  // instead of waiting — and holding a digest place — for as long as the holder lives.
  const pool = new pg.Pool({ connectionString: withoutOwnParameters(url), max: 10, options: `-c lock_timeout=${busyTimeoutOf(url)}` });
  // An idle client killed by the server emits here; unhandled, it would end the process.
  pool.on('error', (err) => options.onDriverError?.(err));
  const db = new Kysely<RadarDatabase>({ dialect: new PostgresDialect({ pool: preparesStatements(url) ? preparingPool(pool) : pool }), log: options.log });
  await sql`select 1`.execute(db);
  return { db, backend: 'postgres', close: () => db.destroy() };
}

export async function openSql(url: string, options: SqlOpenOptions = {}): Promise<OpenedSql> {
  const backend = sqlBackendOf(url);
  return backend === 'postgres' ? openPostgres(url, options) : openSqlite(url, backend, options);
}

/**
 * Runs `work` in one write transaction. SQLite starts it with `BEGIN IMMEDIATE`, so the write lock is taken
 * (waiting up to the busy timeout) before anything is read — a read-then-write can never fail half way on a
 * lock upgrade. PostgreSQL uses an ordinary transaction; rows are locked by the statements themselves.
 */
export async function writeTx<T>(opened: Pick<OpenedSql, 'db' | 'backend'>, work: (trx: Kysely<RadarDatabase>) => Promise<T>): Promise<T> {
  if (opened.backend === 'postgres') return opened.db.transaction().execute(work);
  return opened.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}

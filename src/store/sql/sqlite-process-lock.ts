/**
 * One radar process per SQLite file. Two `npm start` on the same file would each run the schedule, the
 * ingest and the follow-up replies, and the in-process locks that keep those from doubling up (exclusive
 * sections, key locks) cannot see each other: the second process is refused at start instead, with a message
 * that says so. Several processes share PostgreSQL (README, Scaling out).
 *
 * The lock is SQLite's own: a side file `<db>.lock`, opened in exclusive locking mode and written once, keeps
 * its EXCLUSIVE file lock for as long as the connection is open. The operating system drops it with the
 * process — also after kill -9, which a pid file or a lease row cannot tell from a slow holder. Admin
 * commands (`npm run db -- backup`, `stats`) do not take it: they are safe beside a running radar.
 */
import { RadarError } from '../../errors.js';

/** The file lock a radar process holds on its SQLite store; released when the store closes. */
export interface SqliteProcessLock {
  readonly file: string;
  release(): void;
}

/** The side file holding the lock of the SQLite store at `dbFile`. */
export const processLockFileOf = (dbFile: string): string => `${dbFile}.lock`;

/** SQLite's answer when another connection holds the file (no waiting: busy timeout 0). */
const isBusy = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === 'SQLITE_BUSY';

/**
 * Takes the process lock of the SQLite store at `dbFile` (its directory must exist). Throws a RadarError
 * `store_in_use` at once when another process — or another open store in this one — holds it.
 */
export async function holdSqliteProcessLock(dbFile: string): Promise<SqliteProcessLock> {
  const { default: Database } = await import('better-sqlite3');
  const file = processLockFileOf(dbFile);
  const handle = new Database(file, { timeout: 0 });
  try {
    handle.pragma('locking_mode = EXCLUSIVE');
    // the first write takes the EXCLUSIVE lock; in this mode it is kept until the connection closes
    handle.exec('CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, since TEXT NOT NULL)');
    handle.prepare('INSERT OR REPLACE INTO holder (id, pid, since) VALUES (1, ?, ?)').run(process.pid, new Date().toISOString());
  } catch (err) {
    handle.close();
    if (!isBusy(err)) throw err;
    throw new RadarError(
      'store_in_use',
      `${dbFile} is in use by another AcademicHub process. SQLite serves one process: stop the other one, ` +
        'or set RADAR_DB=postgres://… to run several (README, Scaling out).',
      { cause: err },
    );
  }
  return { file, release: () => handle.close() };
}

/**
 * Kysely's SQLite driver guards its one connection with a lock whose release wakes every waiter; all but
 * one find it taken again and wait anew. With n queries queued, each release costs n wake-ups, so a burst of
 * slash commands during a digest run (a few hundred queued queries) spent more time waking waiters than
 * running SQL. This dialect puts a first-come-first-served gate in front of that lock: only the caller whose
 * turn it is reaches it, so it is never contended, a release wakes exactly one waiter, and queries run in the
 * order they were asked (a caller that releases and asks again at once goes to the back of the queue instead
 * of taking the connection ahead of everyone already waiting).
 */
import {
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';

/** A first-come-first-served mutual exclusion: `acquire` resolves in call order, one holder at a time. */
export class FifoGate {
  #held = false;
  readonly #waiting: (() => void)[] = [];
  #head = 0;

  /** Takes the gate: undefined when it was free (the caller holds it now), else a promise of its turn. */
  acquire(): Promise<void> | undefined {
    if (!this.#held) {
      this.#held = true;
      return undefined;
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release(): void {
    if (this.#head < this.#waiting.length) {
      const next = this.#waiting[this.#head]!;
      this.#waiting[this.#head++] = undefined as never;
      // the array is compacted once it is drained, so a long-lived gate does not grow
      if (this.#head === this.#waiting.length) this.#waiting.length = this.#head = 0;
      next(); // the gate stays held: ownership passes straight to the next caller
      return;
    }
    this.#held = false;
  }

  /** Callers waiting for their turn (not counting the holder). */
  get queued(): number {
    return this.#waiting.length - this.#head;
  }
}

/**
 * Takes the one connection from Kysely's own SQLite driver once, at start, and never gives it back: the
 * inner driver's lock is then never asked again, and every turn goes through the gate. Transactions and
 * savepoints are the inner driver's statements on that connection.
 */
class FifoSqliteDriver implements Driver {
  readonly #inner: SqliteDriver;
  readonly #gate = new FifoGate();
  #connection: DatabaseConnection | undefined;

  constructor(config: SqliteDialectConfig) {
    this.#inner = new SqliteDriver(config);
  }

  async init(): Promise<void> {
    await this.#inner.init();
    this.#connection = await this.#inner.acquireConnection();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const turn = this.#gate.acquire();
    if (turn) await turn;
    return this.#connection!;
  }

  async releaseConnection(): Promise<void> {
    this.#gate.release();
  }

  beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(connection);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(connection);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.savepoint(connection, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.rollbackToSavepoint(connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.#inner.releaseSavepoint(connection, name, compile);
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/** Kysely's SQLite dialect with queries served first come, first served. */
export class FifoSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new FifoSqliteDriver(this.#config);
  }
}

/**
 * PostgreSQL parses and plans every unnamed statement anew. The radar sends the same few dozen statement shapes
 * thousands of times a day (a digest's reads, the outbox's one-statement plan and post, `/radar add`), and on a
 * busy server parsing and planning them was a large share of their cost — the outbox's and the add's CTEs plan
 * in ~0.3 ms and run in about as long. Named (prepared) statements are parsed and planned once per connection.
 *
 * A statement is named when its text is seen the second time (a one-off stays unnamed) and while fewer than
 * MAX_NAMED texts have names: texts that vary without end (an IN list of any length, a multi-row insert) cannot
 * fill the server's memory, which keeps every prepared statement for the connection's lifetime. Statements
 * without parameters (begin, commit, a migration's DDL) are sent as simple queries, as before.
 *
 * A prepared statement whose result columns change under it (another process's migration adding a column to a
 * `select *`) fails with "cached plan must not change result type": the connection is then discarded instead of
 * returned to the pool, so that failure is seen once per connection, and the next connection prepares afresh.
 */
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** Statement texts given a name, at most (per process; each connection prepares the ones it runs). */
export const MAX_NAMED = 400;
/** Texts counted towards their second sighting, at most (then the count starts afresh). */
const MAX_COUNTED = 4_000;
/** SQLSTATE of "cached plan must not change result type" (feature_not_supported). */
const PLAN_CHANGED = '0A000';

/** The statement names of one process: text → name, from the second time a text is run. */
export class StatementNames {
  readonly #names = new Map<string, string>();
  readonly #seen = new Set<string>();

  /** The name to run `text` under, or undefined to run it unnamed. */
  nameOf(text: string): string | undefined {
    const name = this.#names.get(text);
    if (name !== undefined || this.#names.size >= MAX_NAMED) return name;
    if (!this.#seen.has(text)) {
      // full of one-offs: counting starts afresh (a text that repeats is seen twice again soon enough)
      if (this.#seen.size >= MAX_COUNTED) this.#seen.clear();
      this.#seen.add(text);
      return undefined;
    }
    this.#seen.delete(text);
    const fresh = `radar_${this.#names.size}`;
    this.#names.set(text, fresh);
    return fresh;
  }

  get size(): number {
    return this.#names.size;
  }
}

/** `pool` as Kysely sees it, with its repeated statements prepared on each connection. */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new StatementNames();
  return {
    async connect() {
      return preparingClient(await pool.connect(), names);
    },
    end: () => pool.end(),
  };
}

function preparingClient(client: pg.PoolClient, names: StatementNames): PostgresPoolClient {
  let planChanged = false;
  const run = async (text: string, values: readonly unknown[]) => {
    const name = values.length > 0 ? names.nameOf(text) : undefined;
    try {
      return await (name ? client.query({ name, text, values: [...values] }) : client.query(text, [...values]));
    } catch (err) {
      if ((err as { code?: string }).code === PLAN_CHANGED && name) planChanged = true;
      throw err;
    }
  };
  return {
    // a cursor (streamed rows) goes to the client as it is
    query: ((textOrCursor: unknown, values?: readonly unknown[]) =>
      typeof textOrCursor === 'string' ? run(textOrCursor, values ?? []) : client.query(textOrCursor as never)) as unknown as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy || planChanged),
  };
}

/**
 * Queries of a fixed shape, built and compiled by Kysely once and then run with new parameters.
 *
 * For a one-row read by key, Kysely's building and compiling (a fresh operation tree, a visitor walk, a
 * frozen copy at each step) cost more than SQLite's own work: a `/radar list` asks four such questions and
 * a busy hour asks hundreds. The SQL text is the same on every call, so the statement cache keeps reusing
 * one prepared statement as before.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

/** Stand-ins for the parameters while the query is compiled: found again by identity in its parameters. */
const marker = (i: number): string => `\u0000compiled-once-parameter-${i}\u0000`;

/**
 * `build` receives the parameters as values and must use each exactly once as a bound value (not as an
 * identifier or a list): checked when the query is compiled, the first time it runs. Other bound values
 * in the query are constants and stay as they were compiled.
 */
export function compiledOnce<DB, P extends string[], R>(
  build: (db: Kysely<DB>, ...params: P) => Compilable<R>,
): (db: Kysely<DB>, ...params: P) => Promise<R[]> {
  let compiled: { sql: string; slots: Slot[] } | undefined;
  return async (db, ...params) => {
    compiled ??= compileWithMarkers(db, build, params.length);
    const { sql, slots } = compiled;
    const values = slots.map((slot) => (slot.param === undefined ? slot.constant : params[slot.param]));
    const result = await db.executeQuery<R>(CompiledQuery.raw(sql, values));
    return result.rows;
  };
}

/** One bound value of the compiled query: a caller's parameter, or a constant of the query. */
type Slot = { param: number; constant?: undefined } | { param?: undefined; constant: unknown };

function compileWithMarkers<DB, P extends string[], R>(db: Kysely<DB>, build: (db: Kysely<DB>, ...params: P) => Compilable<R>, count: number) {
  const markers = Array.from({ length: count }, (_, i) => marker(i)) as P;
  const query = build(db, ...markers).compile();
  const slots: Slot[] = query.parameters.map((value) => {
    const at = markers.indexOf(value as string);
    return at < 0 ? { constant: value } : { param: at };
  });
  for (let i = 0; i < count; i++) {
    if (slots.filter((s) => s.param === i).length !== 1) throw new Error(`compiledOnce: parameter ${i} must be bound exactly once (${query.sql})`);
  }
  return { sql: query.sql, slots };
}

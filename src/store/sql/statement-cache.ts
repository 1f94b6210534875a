/**
 * better-sqlite3 compiles a statement on every `prepare`, and Kysely prepares each query it runs: a digest
 * asks the same dozen statements of every channel, so compiling them dominated the store's time. This
 * keeps the most recently used statements (by SQL text) for reuse. A statement still iterating (a
 * streamed select) is busy and cannot be shared: a fresh one is prepared for that call.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export const STATEMENT_CACHE_SIZE = 256;

export function cachingStatements(handle: Database, max = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    close: () => handle.close(),
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit !== undefined && !hit.busy) {
        // most recently used last: the first key is the one to evict
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = handle.prepare(sql);
      if (hit !== undefined) return stmt;
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
      return stmt;
    },
  };
}

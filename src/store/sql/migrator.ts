/**
 * Running the schema migrations (migrations.ts) at start and by `npm run db -- migrate`. Kysely's migrator
 * keeps its own table and a lock, so several processes starting on one PostgreSQL database migrate once.
 */
import { Migrator, SqliteAdapter, type Kysely, type MigrationResultSet } from 'kysely';
import { migrations } from './migrations.js';
import { writeTx } from './open-sql.js';

export const latestMigration = Object.keys(migrations).at(-1)!;

/**
 * Migrates to `target` (default: the latest); throws with the failing step's error. The pending steps run in
 * one transaction on both backends, so a step that fails or a process killed half-way leaves the database as
 * it was and the next start runs them again: PostgreSQL's is Kysely's own (with its lock); on SQLite, whose
 * DDL is transactional too but which Kysely runs step by step outside any transaction, it is one
 * `BEGIN IMMEDIATE` around the whole run (a second process starting at once waits, then finds nothing to do).
 */
export async function migrate(db: Kysely<any>, target = latestMigration): Promise<string[]> {
  const run = async (on: Kysely<any>): Promise<MigrationResultSet> => {
    const result = await migratorOn(on).migrateTo(target);
    if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
    return result;
  };
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const result = sqlite ? await writeTx({ db, backend: 'sqlite' }, run) : await run(db);
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

function migratorOn(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } });
}

/** Names of the applied migrations (empty on a fresh database). */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  return (await migratorOn(db).getMigrations()).filter((m) => m.executedAt).map((m) => m.name);
}


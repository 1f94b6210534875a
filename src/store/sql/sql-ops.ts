/** Operations on the SQL store: online backup (SQLite), row counts and file size, and retention. */
import { existsSync, statSync } from 'node:fs';
import { sql } from 'kysely';
import { ConfigError } from '../../errors.js';
import { writeTx, type OpenedSql } from './open-sql.js';
import { recountDaysBefore } from './sql-papers.js';
import type { RadarDatabase } from './schema.js';

export const STORE_TABLES: readonly (keyof RadarDatabase)[] = [
  'channels', 'channel_settings', 'channel_state', 'subscriptions', 'papers', 'paper_days', 'paper_day_counts', 'deliveries',
  'threads', 'turns', 'seen_events', 'usage', 'kv', 'digest_runs', 'digest_parts', 'votes',
  'channel_feeds', 'pending_updates',
];

/** Online backup of a SQLite store into `file` (consistent while the bot keeps running). */
export async function backupSqlite(opened: OpenedSql, file: string): Promise<void> {
  if (!opened.sqlite) throw new ConfigError(['backup works on a sqlite:// store; for PostgreSQL use pg_dump']);
  await opened.sqlite.backup(file);
}

export interface StoreStats {
  readonly backend: string;
  readonly rows: Readonly<Record<string, number>>;
  /** Bytes of the SQLite file plus its WAL (absent for memory and PostgreSQL). */
  readonly fileBytes?: number;
}

export async function storeStats(opened: OpenedSql): Promise<StoreStats> {
  const rows: Record<string, number> = {};
  for (const table of STORE_TABLES) {
    const r = await opened.db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    rows[table] = Number(r.n);
  }
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
  return { backend: opened.backend, rows, ...(opened.file ? { fileBytes: size(opened.file) + size(`${opened.file}-wal`) } : {}) };
}

export interface Pruned {
  readonly papers: number;
  readonly events: number;
  readonly values: number;
  readonly runs: number;
  /** Follow-up updates queued before the cutoff that no digest took (a digest shows a month's at most). */
  readonly updates: number;
}

/**
 * Retention: papers announced (and stored) before `days` ago are deleted unless a delivery or a thread
 * still refers to them; expired event ids, values and usage counters, closed digest runs and follow-up updates
 * waiting since before the cutoff, too.
 */
export async function pruneOlderThan(opened: OpenedSql, days: number, now: Date): Promise<Pruned> {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  const cutoffDay = cutoff.slice(0, 10);
  const nowIso = now.toISOString();
  const papers = await writeTx(opened, async (trx) => {
    const deleted = await sql`delete from papers where stored_at < ${cutoff}
      and not exists (select 1 from paper_days d where d.paper_id = papers.id and d.day >= ${cutoffDay})
      and not exists (select 1 from deliveries v where v.work = papers.id)
      and not exists (select 1 from threads t where t.paper_id = papers.id)`.execute(trx);
    // their paper_days rows went with them (cascade), all on days before the cutoff: those days are recounted
    if (Number(deleted.numAffectedRows ?? 0n) > 0) await recountDaysBefore(trx, cutoffDay);
    return deleted;
  });
  const events = await opened.db.deleteFrom('seen_events').where('expires_at', '<=', nowIso).executeTakeFirst();
  const values = await opened.db.deleteFrom('kv').where('expires_at', 'is not', null).where('expires_at', '<=', nowIso).executeTakeFirst();
  const counters = await opened.db.deleteFrom('usage').where('expires_at', 'is not', null).where('expires_at', '<=', nowIso).executeTakeFirst();
  const runs = await opened.db.deleteFrom('digest_runs').where('closed_at', 'is not', null).where('closed_at', '<', cutoff).executeTakeFirst();
  const updates = await opened.db.deleteFrom('pending_updates').where('at', '<', cutoff).executeTakeFirst();
  return {
    papers: Number(papers.numAffectedRows ?? 0n),
    events: Number(events.numDeletedRows),
    values: Number(values.numDeletedRows) + Number(counters.numDeletedRows),
    runs: Number(runs.numDeletedRows),
    updates: Number(updates.numDeletedRows),
  };
}

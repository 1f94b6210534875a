/**
 * Updates to posted papers waiting for each channel's next digest: a row per channel and paper. Reading
 * them removes nothing; the digest run that carries them removes them when it is closed (sql-outbox.ts).
 */
import { sql, type Kysely } from 'kysely';
import type { PendingUpdate, PendingUpdateStore } from '../ports.js';
import type { OpenedSql } from './open-sql.js';
import type { RadarDatabase } from './schema.js';

/** Updates kept per channel: a channel that never takes its digest keeps the newest. */
export const MAX_PENDING_UPDATES = 200;

/** Removes, inside a closing run's transaction, the updates it carried (a newer note for a paper stays). */
export async function consumeUpdates(trx: Kysely<RadarDatabase>, channel: string, updates: readonly PendingUpdate[]): Promise<void> {
  for (const u of updates) {
    await trx.deleteFrom('pending_updates').where('channel', '=', channel).where('paper_id', '=', u.paperId).where('note', '=', u.note).execute();
  }
}

export function createSqlPendingUpdates(opened: OpenedSql, keep = MAX_PENDING_UPDATES): PendingUpdateStore {
  const { db } = opened;
  return {
    async queue(ch, u) {
      await db
        .insertInto('pending_updates')
        .values({ channel: ch, paper_id: u.paperId, note: u.note, at: u.at })
        .onConflict((oc) => oc.columns(['channel', 'paper_id']).doUpdateSet({ note: u.note, at: u.at }))
        .execute();
      await sql`delete from pending_updates where channel = ${ch}
        and at < (select at from pending_updates where channel = ${ch} order by at desc limit 1 offset ${keep - 1})`.execute(db);
    },
    async list(ch, since) {
      const rows = await db.selectFrom('pending_updates').selectAll().where('channel', '=', ch).where('at', '>=', since).orderBy('at').orderBy('paper_id').execute();
      return rows.map((r) => ({ paperId: r.paper_id, note: r.note, at: r.at }));
    },
  };
}

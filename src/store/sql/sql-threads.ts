/** Discuss threads and their Q&A turns, and the seen-event ids that drop retried inbound events. */
import { sql } from 'kysely';
import type { ThreadStore, ThreadTurn } from '../ports.js';
import type { OpenedSql } from './open-sql.js';

const MAX_TURNS = 40;
const MAX_TURN_TEXT = 4_000;
const EVENT_TTL_MS = 24 * 3600_000;

/** A unique/primary-key violation on either backend. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | undefined;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function createSqlThreadStore(opened: OpenedSql, now: () => Date): ThreadStore {
  const { db } = opened;
  async function appendOnce(tk: string, turn: ThreadTurn): Promise<void> {
    await sql`insert into turns (thread_key, seq, role, text, at, user_id)
      select cast(${tk} as text), coalesce(max(seq), 0) + 1, cast(${turn.role} as text), cast(${turn.text} as text),
        cast(${turn.at} as text), cast(${turn.userId ?? null} as text)
      from turns where thread_key = ${tk}`.execute(db);
  }
  return {
    async bind(tk, paperId) {
      await db
        .insertInto('threads')
        .values({ key: tk, paper_id: paperId, created_at: now().toISOString() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ paper_id: paperId }))
        .execute();
    },
    async paperOf(tk) {
      return (await db.selectFrom('threads').select('paper_id').where('key', '=', tk).executeTakeFirst())?.paper_id;
    },
    async appendTurn(tk, raw) {
      // A turn is bounded in size, so a hostile or pasted wall of text cannot grow a thread without limit.
      const turn = raw.text.length > MAX_TURN_TEXT ? { ...raw, text: `${raw.text.slice(0, MAX_TURN_TEXT - 1)}…` } : raw;
      // Two writers may pick the same next number on PostgreSQL; the primary key refuses one, which retries.
      for (let attempt = 0; ; attempt++) {
        try {
          await appendOnce(tk, turn);
          break;
        } catch (err) {
          if (!isUniqueViolation(err) || attempt >= 5) throw err;
        }
      }
      await sql`delete from turns where thread_key = ${tk}
        and seq <= (select max(seq) from turns where thread_key = ${tk}) - ${MAX_TURNS}`.execute(db);
    },
    async turns(tk, limit) {
      const rows = await db.selectFrom('turns').selectAll().where('thread_key', '=', tk).orderBy('seq', 'desc').limit(limit).execute();
      return rows.reverse().map((r) => ({
        role: r.role as ThreadTurn['role'],
        text: r.text,
        at: r.at,
        ...(r.user_id !== null ? { userId: r.user_id } : {}),
      }));
    },
    async markEventSeen(eventId) {
      const at = now();
      const result = await db
        .insertInto('seen_events')
        .values({ id: eventId, expires_at: new Date(at.getTime() + EVENT_TTL_MS).toISOString() })
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet((eb) => ({ expires_at: eb.ref('excluded.expires_at') }))
            .where('seen_events.expires_at', '<=', at.toISOString()),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
  };
}

/** Papers (one row each, the neutral Paper as JSON) and their announcement days (indexed rows). */
import { sql } from 'kysely';
import type { Paper } from '../../papers/paper.js';
import type { PaperStore } from '../ports.js';
import { writeTx, type OpenedSql } from './open-sql.js';
import { yieldToLoop } from '../../yield-to-loop.js';

/**
 * A window is read a page at a time, the event loop free between pages: a day is ~3,000 papers, and read in
 * one statement and parsed (SQLite answers synchronously) it held the loop ~100 ms at the first digest of a
 * run, while commands waited. Pages follow the id order, so every paper stored before the read is read once;
 * one stored during it may or may not be (as if the read had come a moment earlier or later).
 */
const WINDOW_PAGE = 512;

const CHUNK = 200;

export function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Distinct values for `IN (…)` lists, in chunks padded (by repeating the last value) to a power of two:
 * a handful of statement shapes instead of one per list length, so prepared statements are reused.
 */
export function inLists(values: readonly string[], max = 512): string[][] {
  return chunks([...new Set(values)], max).map((part) => {
    let size = 8;
    while (size < part.length) size *= 2;
    const last = part[part.length - 1]!;
    while (part.length < size) part.push(last);
    return part;
  });
}

type Db = OpenedSql['db'];

/**
 * Adds to each day's count the paper_days rows this transaction inserted. Increments, not recounts: two
 * processes storing papers of the same day at once each add their own rows (the count row's lock orders
 * them), where a recount read before the other's commit would overwrite its rows away.
 */
async function addToDayCounts(trx: Db, insertedDays: readonly string[]): Promise<void> {
  const added = new Map<string, number>();
  for (const day of insertedDays) added.set(day, (added.get(day) ?? 0) + 1);
  const values = [...added].map(([day, papers]) => ({ day, papers }));
  for (const part of chunks(values)) {
    await trx
      .insertInto('paper_day_counts')
      .values(part)
      .onConflict((oc) => oc.column('day').doUpdateSet((eb) => ({ papers: sql<number>`${eb.ref('paper_day_counts.papers')} + ${eb.ref('excluded.papers')}` })))
      .execute();
  }
}

/**
 * Sets anew the counts of the days before `day` (retention deleted papers there: it deletes only papers all of
 * whose days are older), and drops the days left with none. An upsert, so that an ingest adding a day meanwhile
 * is not an error.
 */
export async function recountDaysBefore(trx: Db, day: string): Promise<void> {
  await sql`insert into paper_day_counts (day, papers)
      select day, count(*) from paper_days where day < ${day} group by day
      on conflict (day) do update set papers = excluded.papers`.execute(trx);
  await sql`delete from paper_day_counts where day < ${day}
      and not exists (select 1 from paper_days d where d.day = paper_day_counts.day)`.execute(trx);
}

const dayOf = (p: Paper): string | undefined => p.announced ?? p.published?.slice(0, 10);

export function createSqlPaperStore(opened: OpenedSql, now: () => Date): PaperStore {
  const { db } = opened;
  let changes = 0;
  const getMany = async (ids: readonly string[]): Promise<Paper[]> => {
    const out: Paper[] = [];
    for (const part of inLists(ids)) {
      const rows = await db.selectFrom('papers').select('data').where('id', 'in', part).execute();
      for (const r of rows) out.push(JSON.parse(r.data) as Paper);
    }
    return out;
  };
  const listDayCounts = async (since?: string): Promise<{ day: string; papers: number }[]> => {
    let q = db.selectFrom('paper_day_counts').select(['day', 'papers']).where('papers', '>', 0);
    if (since !== undefined) q = q.where('day', '>=', since);
    const rows = await q.orderBy('day', 'desc').execute();
    return rows.map((r) => ({ day: r.day, papers: Number(r.papers) }));
  };
  return {
    changes: () => changes,
    async putMany(papers) {
      if (papers.length === 0) return;
      changes++;
      const at = now().toISOString();
      const latest = new Map(papers.map((p) => [p.id, p]));
      await writeTx(opened, async (trx) => {
        for (const part of chunks([...latest.values()])) {
          await trx
            .insertInto('papers')
            .values(part.map((p) => ({ id: p.id, version: p.version ?? null, data: JSON.stringify(p), stored_at: at })))
            .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ version: eb.ref('excluded.version'), data: eb.ref('excluded.data'), stored_at: eb.ref('excluded.stored_at') })))
            .execute();
        }
        const days = [...latest.values()].flatMap((p) => (dayOf(p) ? [{ day: dayOf(p)!, paper_id: p.id }] : []));
        const inserted: string[] = [];
        for (const part of chunks(days)) {
          const rows = await trx.insertInto('paper_days').values(part).onConflict((oc) => oc.columns(['day', 'paper_id']).doNothing()).returning('day').execute();
          for (const r of rows) inserted.push(r.day);
        }
        await addToDayCounts(trx, inserted);
      });
      changes++; // again after the write, so a read cached while it was under way is not reused
    },
    async get(id) {
      const row = await db.selectFrom('papers').select('data').where('id', '=', id).executeTakeFirst();
      return row ? (JSON.parse(row.data) as Paper) : undefined;
    },
    getMany,
    async listByDays(days) {
      if (days.length === 0) return [];
      // the window's ids first (short strings, one statement), then its papers a page at a time, in id order
      const ids = await db.selectFrom('paper_days').select('paper_id').distinct().where('day', 'in', [...days]).orderBy('paper_id').execute();
      const papers: Paper[] = [];
      for (const [i, page] of inLists(ids.map((r) => r.paper_id), WINDOW_PAGE).entries()) {
        if (i > 0) await yieldToLoop();
        const rows = await db.selectFrom('papers').select('data').where('id', 'in', page).orderBy('id').execute();
        for (const r of rows) papers.push(JSON.parse(r.data) as Paper);
      }
      return papers;
    },
    listDays: async () => (await listDayCounts()).map((c) => c.day),
    listDayCounts,
  };
}

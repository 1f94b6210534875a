/** Papers (one row each, the neutral Paper as JSON) and their announcement days (indexed rows). */
import type { Paper } from '../../papers/paper.js';
import type { PaperStore } from '../ports.js';
import { sql } from 'kysely';
import { writeTx, type OpenedSql } from './open-sql.js';

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

/** Sets the counts of `days` from their paper_days rows (a day's rows are few; the days touched, fewer). */
async function recountDays(trx: Db, days: readonly string[]): Promise<void> {
  for (const part of chunks(days)) {
    const rows = await trx
      .selectFrom('paper_days')
      .select((eb) => ['day', eb.fn.countAll<number | string>().as('papers')])
      .where('day', 'in', part)
      .groupBy('day')
      .execute();
    const counted = new Map(rows.map((r) => [r.day, Number(r.papers)]));
    const values = part.map((day) => ({ day, papers: counted.get(day) ?? 0 }));
    await trx.insertInto('paper_day_counts').values(values).onConflict((oc) => oc.column('day').doUpdateSet((eb) => ({ papers: eb.ref('excluded.papers') }))).execute();
  }
}

/** Sets every day's count from paper_days anew (after retention deleted papers of many days). */
export async function recountAllDays(trx: Db): Promise<void> {
  await trx.deleteFrom('paper_day_counts').execute();
  await sql`insert into paper_day_counts (day, papers) select day, count(*) from paper_days group by day`.execute(trx);
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
        for (const part of chunks(days)) {
          await trx.insertInto('paper_days').values(part).onConflict((oc) => oc.columns(['day', 'paper_id']).doNothing()).execute();
        }
        await recountDays(trx, [...new Set(days.map((d) => d.day))]);
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
      const rows = await db
        .selectFrom('papers')
        .select('data')
        .where('id', 'in', (eb) => eb.selectFrom('paper_days').select('paper_id').where('day', 'in', [...days]))
        .orderBy('id')
        .execute();
      return rows.map((r) => JSON.parse(r.data) as Paper);
    },
    listDays: async () => (await listDayCounts()).map((c) => c.day),
    listDayCounts,
  };
}

/** The delivery ledger: one row per (channel, work), so a work is posted to a channel at most once. */
import type { Selectable } from 'kysely';
import type { Delivery, DeliveryLedger } from '../ports.js';
import { writeTx, type OpenedSql } from './open-sql.js';
import type { DeliveriesTable } from './schema.js';
import { chunks, inLists } from './sql-papers.js';

type Row = Selectable<DeliveriesTable>;

export const deliveryRow = (channel: string, d: Delivery): Row => ({
  channel,
  work: d.paperId,
  version: d.version ?? null,
  at: d.at,
  message_id: d.messageId ?? null,
  thread_id: d.threadId ?? null,
  fingerprint: d.fingerprint ?? null,
});

const toDelivery = (r: Row): Delivery => ({
  paperId: r.work,
  at: r.at,
  ...(r.version !== null ? { version: Number(r.version) } : {}),
  ...(r.message_id !== null ? { messageId: r.message_id } : {}),
  ...(r.thread_id !== null ? { threadId: r.thread_id } : {}),
  ...(r.fingerprint !== null ? { fingerprint: r.fingerprint } : {}),
});

/** Upserts ledger rows inside the caller's transaction. */
export async function recordDeliveries(trx: OpenedSql['db'], channel: string, deliveries: readonly Delivery[]): Promise<void> {
  for (const part of chunks(deliveries.map((d) => deliveryRow(channel, d)))) {
    await trx
      .insertInto('deliveries')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['channel', 'work']).doUpdateSet((eb) => ({
          version: eb.ref('excluded.version'),
          at: eb.ref('excluded.at'),
          message_id: eb.ref('excluded.message_id'),
          thread_id: eb.ref('excluded.thread_id'),
          fingerprint: eb.ref('excluded.fingerprint'),
        })),
      )
      .execute();
  }
}

export function createSqlLedger(opened: OpenedSql): DeliveryLedger {
  const { db } = opened;
  return {
    async has(ch, id) {
      return !!(await db.selectFrom('deliveries').select('work').where('channel', '=', ch).where('work', '=', id).executeTakeFirst());
    },
    async filterDelivered(ch, ids) {
      const out = new Set<string>();
      for (const part of inLists(ids)) {
        const rows = await db.selectFrom('deliveries').select('work').where('channel', '=', ch).where('work', 'in', part).execute();
        for (const r of rows) out.add(r.work);
      }
      return out;
    },
    async record(ch, deliveries) {
      if (deliveries.length === 0) return;
      await writeTx(opened, (trx) => recordDeliveries(trx, ch, deliveries));
    },
    async get(ch, id) {
      const row = await db.selectFrom('deliveries').selectAll().where('channel', '=', ch).where('work', '=', id).executeTakeFirst();
      return row ? toDelivery(row) : undefined;
    },
    async update(ch, id, patch) {
      const full = deliveryRow(ch, { paperId: id, at: '', ...patch });
      const values: Partial<Row> = {};
      if ('version' in patch) values.version = full.version;
      if ('at' in patch) values.at = full.at;
      if ('messageId' in patch) values.message_id = full.message_id;
      if ('threadId' in patch) values.thread_id = full.thread_id;
      if ('fingerprint' in patch) values.fingerprint = full.fingerprint;
      if (Object.keys(values).length === 0) return;
      await db.updateTable('deliveries').set(values).where('channel', '=', ch).where('work', '=', id).execute();
    },
    async channelsOf(id) {
      return (await db.selectFrom('deliveries').select('channel').where('work', '=', id).orderBy('channel').execute()).map((r) => r.channel);
    },
    async papersOfMessage(ch, messageId) {
      const rows = await db.selectFrom('deliveries').select('work').where('channel', '=', ch).where('message_id', '=', messageId).orderBy('work').execute();
      return rows.map((r) => r.work);
    },
  };
}

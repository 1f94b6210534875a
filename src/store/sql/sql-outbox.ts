/** The digest outbox over SQL: runs and their parts, recorded with the ledger in one transaction. */
import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { OutboundMessage } from '../../chat/message.js';
import type { ChannelState, Delivery, DigestOutbox, DigestRun, OutboxPart } from '../ports.js';
import { writeTx, type OpenedSql } from './open-sql.js';
import type { DigestPartsTable, DigestRunsTable } from './schema.js';
import { statePatch } from './sql-channels.js';
import { recordDeliveries } from './sql-ledger.js';
import { ensureChannel } from './sql-subscriptions.js';

const newId = (): string => randomBytes(9).toString('base64url');

function toPart(r: Selectable<DigestPartsTable>): OutboxPart {
  return {
    seq: Number(r.seq),
    deliveryId: r.delivery_id,
    message: JSON.parse(r.message) as OutboundMessage,
    works: JSON.parse(r.works) as Delivery[],
    ...(r.message_id !== null ? { messageIds: JSON.parse(r.message_id) as string[] } : {}),
    ...(r.posted_at !== null ? { postedAt: r.posted_at } : {}),
  };
}

function toRun(r: Selectable<DigestRunsTable>, parts: readonly Selectable<DigestPartsTable>[]): DigestRun {
  return {
    id: r.id,
    channelKey: r.channel,
    kind: r.kind,
    createdAt: r.created_at,
    after: JSON.parse(r.after) as Partial<ChannelState>,
    parts: parts.filter((p) => p.run_id === r.id).map(toPart).sort((a, b) => a.seq - b.seq),
  };
}

export function createSqlOutbox(opened: OpenedSql, now: () => Date): DigestOutbox {
  const { db } = opened;
  return {
    plan: (run) =>
      writeTx(opened, async (trx) => {
        const at = now().toISOString();
        await ensureChannel(trx, run.channelKey, at);
        const id = newId();
        // JSON keeps explicit `undefined` out, so a cleared field is written as null to mean "clear".
        const after = Object.fromEntries(Object.entries(run.after).map(([k, v]) => [k, v ?? null]));
        await trx.insertInto('digest_runs').values({ id, channel: run.channelKey, kind: run.kind, created_at: at, closed_at: null, after: JSON.stringify(after) }).execute();
        const parts = run.parts.map((p, seq) => ({
          run_id: id,
          seq,
          delivery_id: newId(),
          message: JSON.stringify(p.message),
          works: JSON.stringify(p.works),
          message_id: null,
          posted_at: null,
        }));
        if (parts.length) await trx.insertInto('digest_parts').values(parts).execute();
        const row = await trx.selectFrom('digest_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        return toRun(row, parts);
      }),
    markPosted: (runId, seq, messageIds) =>
      writeTx(opened, async (trx) => {
        const part = await trx.selectFrom('digest_parts').selectAll().where('run_id', '=', runId).where('seq', '=', seq).executeTakeFirstOrThrow();
        const run = await trx.selectFrom('digest_runs').select('channel').where('id', '=', runId).executeTakeFirstOrThrow();
        const at = now().toISOString();
        await trx.updateTable('digest_parts').set({ message_id: JSON.stringify(messageIds), posted_at: at }).where('run_id', '=', runId).where('seq', '=', seq).execute();
        const works = (JSON.parse(part.works) as Delivery[]).map((w) => ({ ...w, ...(messageIds[0] ? { messageId: messageIds[0] } : {}) }));
        await recordDeliveries(trx, run.channel, works);
      }),
    close: (runId) =>
      writeTx(opened, async (trx) => {
        const run = await trx.selectFrom('digest_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
        if (run.closed_at !== null) return;
        const after = JSON.parse(run.after) as Record<string, unknown>;
        const patch = statePatch(Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v ?? undefined])) as Partial<ChannelState>);
        if (Object.keys(patch).length) {
          await trx
            .insertInto('channel_state')
            .values({ channel: run.channel, ...patch })
            .onConflict((oc) => oc.column('channel').doUpdateSet(patch))
            .execute();
        }
        await trx.updateTable('digest_runs').set({ closed_at: now().toISOString() }).where('id', '=', runId).execute();
      }),
    async abandon(runId) {
      await db.updateTable('digest_runs').set({ closed_at: now().toISOString(), kind: 'abandoned' }).where('id', '=', runId).where('closed_at', 'is', null).execute();
    },
    async open(channelKey) {
      let q = db.selectFrom('digest_runs').selectAll().where('closed_at', 'is', null);
      if (channelKey !== undefined) q = q.where('channel', '=', channelKey);
      const runs = await q.orderBy('created_at').orderBy('id').execute();
      if (runs.length === 0) return [];
      const parts = await db.selectFrom('digest_parts').selectAll().where('run_id', 'in', runs.map((r) => r.id)).execute();
      return runs.map((r) => toRun(r, parts));
    },
  };
}

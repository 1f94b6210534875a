/** The digest outbox over SQL: runs and their parts, recorded with the ledger in one transaction. */
import { randomBytes } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { OutboundMessage } from '../../chat/message.js';
import type { ChannelState, Delivery, DigestOutbox, DigestRun, OutboxPart } from '../ports.js';
import { writeTx, type OpenedSql } from './open-sql.js';
import type { ChannelStateTable, DigestPartsTable, DigestRunsTable } from './schema.js';
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

/** The channel-state columns a run's `after` sets, read from the stored run (another process planned it). */
async function storedPatch(trx: OpenedSql['db'], runId: string): Promise<Partial<Omit<ChannelStateTable, 'channel'>>> {
  const { after } = await trx.selectFrom('digest_runs').select('after').where('id', '=', runId).executeTakeFirstOrThrow();
  const parsed = JSON.parse(after) as Record<string, unknown>;
  return statePatch(Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v ?? undefined])) as Partial<ChannelState>);
}

/** Runs planned by this process keep their state patch until closed (bounded: unclosed runs are read back). */
const PLANNED_KEPT = 256;

export function createSqlOutbox(opened: OpenedSql, now: () => Date): DigestOutbox {
  const { db } = opened;
  const plannedPatches = new Map<string, Partial<Omit<ChannelStateTable, 'channel'>>>();
  const remember = (runId: string, patch: Partial<Omit<ChannelStateTable, 'channel'>>): void => {
    if (plannedPatches.size >= PLANNED_KEPT) plannedPatches.delete(plannedPatches.keys().next().value!);
    plannedPatches.set(runId, patch);
  };
  return {
    plan: (run) =>
      writeTx(opened, async (trx) => {
        const at = now().toISOString();
        await ensureChannel(trx, run.channelKey, at);
        const id = newId();
        // JSON keeps explicit `undefined` out, so a cleared field is written as null to mean "clear".
        const after = Object.fromEntries(Object.entries(run.after).map(([k, v]) => [k, v ?? null]));
        await trx.insertInto('digest_runs').values({ id, channel: run.channelKey, kind: run.kind, created_at: at, closed_at: null, after: JSON.stringify(after) }).execute();
        const parts = run.parts.map((p, seq) => ({ seq, deliveryId: newId(), message: p.message, works: p.works }));
        const rows = parts.map((p) => ({ run_id: id, seq: p.seq, delivery_id: p.deliveryId, message: JSON.stringify(p.message), works: JSON.stringify(p.works), message_id: null, posted_at: null }));
        if (rows.length) await trx.insertInto('digest_parts').values(rows).execute();
        remember(id, statePatch(run.after));
        // what was just written, without reading it back (a digest's state can be hundreds of kilobytes)
        return { id, channelKey: run.channelKey, kind: run.kind, createdAt: at, after: after as Partial<ChannelState>, parts };
      }),
    markPosted: (runId, seq, messageIds) =>
      writeTx(opened, async (trx) => {
        const part = await trx.selectFrom('digest_parts').select('works').where('run_id', '=', runId).where('seq', '=', seq).executeTakeFirstOrThrow();
        const run = await trx.selectFrom('digest_runs').select('channel').where('id', '=', runId).executeTakeFirstOrThrow();
        const at = now().toISOString();
        await trx.updateTable('digest_parts').set({ message_id: JSON.stringify(messageIds), posted_at: at }).where('run_id', '=', runId).where('seq', '=', seq).execute();
        const works = (JSON.parse(part.works) as Delivery[]).map((w) => ({ ...w, ...(messageIds[0] ? { messageId: messageIds[0] } : {}) }));
        await recordDeliveries(trx, run.channel, works);
      }),
    close: (runId) =>
      writeTx(opened, async (trx) => {
        const planned = plannedPatches.get(runId);
        plannedPatches.delete(runId);
        const run = await trx.selectFrom('digest_runs').select(['channel', 'closed_at']).where('id', '=', runId).executeTakeFirstOrThrow();
        if (run.closed_at !== null) return;
        const patch = planned ?? (await storedPatch(trx, runId));
        if (Object.keys(patch).length) {
          // the new values are bound once: the update takes them from the row that conflicted
          const fromExcluded = Object.fromEntries(Object.keys(patch).map((k) => [k, sql.ref(`excluded.${k}`)]));
          await trx
            .insertInto('channel_state')
            .values({ channel: run.channel, ...patch })
            .onConflict((oc) => oc.column('channel').doUpdateSet(fromExcluded))
            .execute();
        }
        await trx.updateTable('digest_runs').set({ closed_at: now().toISOString() }).where('id', '=', runId).execute();
      }),
    async abandon(runId) {
      plannedPatches.delete(runId);
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

/** The digest outbox over SQL: runs and their parts, recorded with the ledger in one transaction. */
import { randomBytes } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { OutboundMessage } from '../../chat/message.js';
import type { ChannelState, Delivery, DigestOutbox, DigestRun, OutboxPart, PendingUpdate, PostedIds } from '../ports.js';
import { writeTx, type OpenedSql } from './open-sql.js';
import type { ChannelStateTable, DigestPartsTable, DigestRunsTable } from './schema.js';
import { statePatch } from './sql-channels.js';
import { deliveryRow, recordDeliveries } from './sql-ledger.js';
import { markPostedInOneStatement, planInOneStatement } from './pg-outbox-statements.js';
import { consumeUpdates } from './sql-pending-updates.js';
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

/** The channel of a stored run (throws when there is none). */
async function channelOfRun(trx: OpenedSql['db'], runId: string): Promise<string> {
  return (await trx.selectFrom('digest_runs').select('channel').where('id', '=', runId).executeTakeFirstOrThrow()).channel;
}

/** A part of a run, as stored (throws when there is none). */
function partRow(trx: OpenedSql['db'], runId: string, seq: number) {
  return trx.selectFrom('digest_parts').select('works').where('run_id', '=', runId).where('seq', '=', seq).executeTakeFirstOrThrow();
}

/** The channel-state columns a run's `after` sets, read from the stored run (another process planned it). */
async function storedPatch(trx: OpenedSql['db'], runId: string): Promise<Partial<Omit<ChannelStateTable, 'channel'>>> {
  const { after } = await trx.selectFrom('digest_runs').select('after').where('id', '=', runId).executeTakeFirstOrThrow();
  const parsed = JSON.parse(after) as Record<string, unknown>;
  return statePatch(Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v ?? undefined])) as Partial<ChannelState>);
}

/** The pending updates a stored run carries. */
async function storedConsumes(trx: OpenedSql['db'], runId: string): Promise<readonly PendingUpdate[]> {
  const { consumes } = await trx.selectFrom('digest_runs').select('consumes').where('id', '=', runId).executeTakeFirstOrThrow();
  return consumes === null ? [] : (JSON.parse(consumes) as PendingUpdate[]);
}

/** What this process planned of a run: its channel, its state patch, each part's works, the updates it carries. */
interface PlannedRun {
  readonly channel: string;
  readonly patch: Partial<Omit<ChannelStateTable, 'channel'>>;
  readonly works: readonly (readonly Delivery[])[];
  readonly consumes: readonly PendingUpdate[];
}

/**
 * Runs planned by this process are kept until closed (bounded: the oldest are forgotten, and an unknown run
 * is read back), so that recording and closing them need not read back what was just written.
 */
const PLANNED_KEPT = 256;

/** The work with the id of the message carrying its card (the part's first message when none says so). */
function withMessage(work: Delivery, messages: readonly PostedIds[]): Delivery {
  const id = (messages.find((m) => m.paperIds?.includes(work.paperId)) ?? messages[0])?.id;
  return id ? { ...work, messageId: id } : work;
}

export function createSqlOutbox(opened: OpenedSql, now: () => Date): DigestOutbox {
  const { db } = opened;
  const plannedRuns = new Map<string, PlannedRun>();
  const remember = (runId: string, run: PlannedRun): void => {
    if (plannedRuns.size >= PLANNED_KEPT) plannedRuns.delete(plannedRuns.keys().next().value!);
    plannedRuns.set(runId, run);
  };
  /** Closes a run and applies its state patch, inside `trx`; a run closed already changes nothing. */
  async function closeRun(trx: OpenedSql['db'], runId: string, knownChannel?: string): Promise<void> {
    const known = plannedRuns.get(runId);
    plannedRuns.delete(runId);
    // closing first: a run another process closed meanwhile (it waits for that one's commit) changes nothing
    const closed = await trx.updateTable('digest_runs').set({ closed_at: now().toISOString() }).where('id', '=', runId).where('closed_at', 'is', null).executeTakeFirst();
    if (Number(closed.numUpdatedRows) === 0) {
      await trx.selectFrom('digest_runs').select('id').where('id', '=', runId).executeTakeFirstOrThrow(); // an unknown run is an error
      return;
    }
    const channel = knownChannel ?? known?.channel ?? (await channelOfRun(trx, runId));
    await consumeUpdates(trx, channel, known?.consumes ?? (await storedConsumes(trx, runId)));
    const patch = known?.patch ?? (await storedPatch(trx, runId));
    if (Object.keys(patch).length === 0) return;
    // the new values are bound once: the update takes them from the row that conflicted
    const fromExcluded = Object.fromEntries(Object.keys(patch).map((k) => [k, sql.ref(`excluded.${k}`)]));
    await trx
      .insertInto('channel_state')
      .values({ channel, ...patch })
      .onConflict((oc) => oc.column('channel').doUpdateSet(fromExcluded))
      .execute();
  }

  /** Records a posted part (and closes its run) in one transaction: reads back what this process did not plan. */
  function markPostedInTx(runId: string, seq: number, messages: readonly PostedIds[], opts?: { readonly close?: boolean }): Promise<void> {
    return writeTx(opened, async (trx) => {
      const known = plannedRuns.get(runId);
      const planned = known?.works[seq];
      const channel = known?.channel ?? (await channelOfRun(trx, runId));
      const partWorks = planned ?? (JSON.parse((await partRow(trx, runId, seq)).works) as Delivery[]);
      const at = now().toISOString();
      const messageIds = messages.map((m) => m.id);
      const updated = await trx.updateTable('digest_parts').set({ message_id: JSON.stringify(messageIds), posted_at: at }).where('run_id', '=', runId).where('seq', '=', seq).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) await partRow(trx, runId, seq); // no such part: it throws
      const works = partWorks.map((w) => withMessage(w, messages));
      await recordDeliveries(trx, channel, works);
      if (opts?.close) await closeRun(trx, runId, channel);
    });
  }

  /**
   * markPosted of a run this process planned, in one PostgreSQL statement (pg-outbox-statements.ts); false
   * when it changed nothing because there is no such part (the transaction then says so).
   */
  async function markPostedOnPostgres(runId: string, seq: number, messages: readonly PostedIds[], known: PlannedRun, close: boolean): Promise<boolean> {
    const at = now().toISOString();
    const works = known.works[seq]!.map((w) => withMessage(w, messages));
    const changed = await markPostedInOneStatement(db, {
      runId,
      seq,
      channel: known.channel,
      messageIds: JSON.stringify(messages.map((m) => m.id)),
      at,
      deliveries: works.map((w) => deliveryRow(known.channel, w)),
      ...(close ? { close: { closedAt: at, patch: known.patch, consumes: known.consumes } } : {}),
    });
    if (changed.parts === 0) return false;
    if (!close) return true;
    plannedRuns.delete(runId);
    // not closed here: closed meanwhile by another process (nothing more to do), or an unknown run (an error)
    if (changed.closed === 0) await db.selectFrom('digest_runs').select('id').where('id', '=', runId).executeTakeFirstOrThrow();
    return true;
  }

  return {
    async plan(run) {
      const at = now().toISOString();
      const id = newId();
      // JSON keeps explicit `undefined` out, so a cleared field is written as null to mean "clear".
      const after = Object.fromEntries(Object.entries(run.after).map(([k, v]) => [k, v ?? null]));
      const consumes = run.consumes ?? [];
      const parts = run.parts.map((p, seq) => ({ seq, deliveryId: newId(), message: p.message, works: p.works }));
      const rows = parts.map((p) => ({ run_id: id, seq: p.seq, delivery_id: p.deliveryId, message: JSON.stringify(p.message), works: JSON.stringify(p.works), message_id: null, posted_at: null }));
      const runRow = { id, channel: run.channelKey, kind: run.kind, created_at: at, closed_at: null, after: JSON.stringify(after), consumes: consumes.length ? JSON.stringify(consumes) : null };
      if (opened.backend === 'postgres') {
        await planInOneStatement(db, runRow, rows);
      } else {
        await writeTx(opened, async (trx) => {
          await ensureChannel(trx, run.channelKey, at);
          await trx.insertInto('digest_runs').values(runRow).execute();
          if (rows.length) await trx.insertInto('digest_parts').values(rows).execute();
        });
      }
      remember(id, { channel: run.channelKey, patch: statePatch(run.after), works: run.parts.map((p) => p.works), consumes });
      // what was just written, without reading it back (a digest's state can be hundreds of kilobytes)
      return { id, channelKey: run.channelKey, kind: run.kind, createdAt: at, after: after as Partial<ChannelState>, parts };
    },
    async markPosted(runId, seq, messages, opts) {
      const known = plannedRuns.get(runId);
      // a run this process planned is recorded in one statement on PostgreSQL; anything else (a run planned
      // elsewhere, no such part) takes the transaction, which reads what it needs and throws what it must
      if (opened.backend === 'postgres' && known?.works[seq] && (await markPostedOnPostgres(runId, seq, messages, known, opts?.close === true))) return;
      await markPostedInTx(runId, seq, messages, opts);
    },
    close: (runId) => writeTx(opened, (trx) => closeRun(trx, runId)),
    async abandon(runId) {
      plannedRuns.delete(runId);
      await db.updateTable('digest_runs').set({ closed_at: now().toISOString(), kind: 'abandoned' }).where('id', '=', runId).where('closed_at', 'is', null).execute();
    },
    async closed(channelKey, kind, limit) {
      const runs = await db
        .selectFrom('digest_runs')
        .select(['id', 'created_at'])
        .where('channel', '=', channelKey)
        .where('kind', '=', kind)
        .where('closed_at', 'is not', null)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      if (runs.length === 0) return [];
      const parts = await db.selectFrom('digest_parts').select(['run_id', 'seq', 'message', 'works']).where('run_id', 'in', runs.map((r) => r.id)).orderBy('seq').execute();
      return runs.map((r) => ({
        createdAt: r.created_at,
        parts: parts.filter((p) => p.run_id === r.id).map((p) => ({ message: JSON.parse(p.message) as OutboundMessage, works: JSON.parse(p.works) as Delivery[] })),
      }));
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

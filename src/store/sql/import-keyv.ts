/**
 * Imports what a 0.1 install kept in its Keyv table (`keyv` in the SQLite file, `radar_kv` on PostgreSQL):
 * subscriptions (numbers and the next number kept), channel settings and the delivery ledger, so an
 * existing install keeps its channels. Runs once: a marker in the `kv` table remembers it was done.
 */
import { sql } from 'kysely';
import type { Subscription } from '../../radar/subscription.js';
import type { ChannelSettings, Delivery } from '../ports.js';
import { subscriptionKeyOf } from '../../radar/subscription-key.js';
import { writeTx, type OpenedSql } from './open-sql.js';
import { settingsPatch } from './sql-channels.js';
import { recordDeliveries } from './sql-ledger.js';
import { ensureChannel } from './sql-subscriptions.js';

const MARKER = { namespace: 'meta', key: 'keyv-import' };

export interface KeyvImport {
  readonly subscriptions: number;
  readonly settings: number;
  readonly deliveries: number;
}

async function legacyTable(opened: OpenedSql): Promise<string | undefined> {
  const tables = (await opened.db.introspection.getTables()).map((t) => t.name);
  return ['keyv', 'radar_kv'].find((t) => tables.includes(t));
}

const valueOf = <T>(raw: string): T | undefined => {
  try {
    return (JSON.parse(raw) as { value?: T }).value;
  } catch {
    return undefined;
  }
};

/** Imports the 0.1 Keyv rows found in the same database, once; undefined when there is nothing to import. */
export async function importKeyvOnce(opened: OpenedSql, now: () => Date): Promise<KeyvImport | undefined> {
  const table = await legacyTable(opened);
  if (!table) return undefined;
  const done = await opened.db.selectFrom('kv').select('key').where('namespace', '=', MARKER.namespace).where('key', '=', MARKER.key).executeTakeFirst();
  if (done) return undefined;
  const rows = (await sql<{ key: string; value: string }>`select key, value from ${sql.table(table)} where key like ${'radar:subs:%'} or key like ${'radar:settings:%'} or key like ${'radar:ledger:%'}`.execute(opened.db)).rows;
  const counts = { subscriptions: 0, settings: 0, deliveries: 0 };
  await writeTx(opened, async (trx) => {
    const at = now().toISOString();
    for (const row of rows) {
      const key = row.key.slice('radar:'.length);
      if (key.startsWith('subs:')) {
        const list = valueOf<{ next: number; items: Subscription[] }>(row.value);
        const ch = key.slice('subs:'.length);
        if (!list) continue;
        await ensureChannel(trx, ch, at);
        await trx.updateTable('channels').set({ next_sub_number: list.next }).where('key', '=', ch).execute();
        for (const s of list.items) {
          const inserted = await trx
            .insertInto('subscriptions')
            .values({ channel: ch, number: s.number, query: s.query, query_key: subscriptionKeyOf(s.query), created_at: s.createdAt, created_by: s.createdBy ?? null })
            // already imported (its number), or the same query spelled another way (its key): the first stays
            .onConflict((oc) => oc.doNothing())
            .executeTakeFirst();
          counts.subscriptions += Number(inserted.numInsertedOrUpdatedRows ?? 0);
        }
      } else if (key.startsWith('settings:')) {
        const patch = valueOf<Partial<ChannelSettings>>(row.value);
        const ch = key.slice('settings:'.length);
        if (!patch) continue;
        await ensureChannel(trx, ch, at);
        const values = settingsPatch(patch);
        await trx.insertInto('channel_settings').values({ channel: ch, ...values }).onConflict((oc) => oc.column('channel').doNothing()).execute();
        counts.settings++;
      } else {
        const d = valueOf<Delivery>(row.value);
        // ledger:<channel>:<paper>; channel keys contain one ':' (platform:id), paper ids one more.
        const rest = key.slice('ledger:'.length);
        if (!d?.paperId || !rest.endsWith(`:${d.paperId}`)) continue;
        await recordDeliveries(trx, rest.slice(0, rest.length - d.paperId.length - 1), [d]);
        counts.deliveries++;
      }
    }
    await trx.insertInto('kv').values({ ...MARKER, value: JSON.stringify({ at, ...counts }), expires_at: null }).execute();
  });
  return counts;
}

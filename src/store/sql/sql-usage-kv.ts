/** Usage counters (atomic increments and conditional reservations) and the namespaced key-value table. */
import type { KeyValueStore, UsageCounters } from '../ports.js';
import type { OpenedSql } from './open-sql.js';

export function createSqlUsageCounters(opened: OpenedSql, now: () => Date): UsageCounters {
  const { db } = opened;
  return {
    async add(key, n, ttlMs) {
      const expires = ttlMs === undefined ? null : new Date(now().getTime() + ttlMs).toISOString();
      const row = await db
        .insertInto('usage')
        .values({ key, used: n, expires_at: expires })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({
            used: eb('usage.used', '+', eb.ref('excluded.used')),
            ...(expires ? { expires_at: eb.ref('excluded.expires_at') } : {}),
          })),
        )
        .returning('used')
        .executeTakeFirstOrThrow();
      return Number(row.used);
    },
    async reserve(key, n, limit) {
      await db.insertInto('usage').values({ key, used: 0 }).onConflict((oc) => oc.column('key').doNothing()).execute();
      const result = await db
        .updateTable('usage')
        .set((eb) => ({ used: eb('used', '+', n) }))
        .where('key', '=', key)
        .where((eb) => eb(eb('used', '+', n), '<=', limit))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async get(key) {
      const row = await db.selectFrom('usage').select('used').where('key', '=', key).executeTakeFirst();
      return row ? Number(row.used) : 0;
    },
  };
}

export function createSqlNamespace(opened: OpenedSql, name: string, now: () => Date): KeyValueStore {
  const { db } = opened;
  return {
    async get<T>(key: string) {
      const row = await db
        .selectFrom('kv')
        .select('value')
        .where('namespace', '=', name)
        .where('key', '=', key)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now().toISOString())]))
        .executeTakeFirst();
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async set<T>(key: string, value: T, ttlMs?: number) {
      if (value === undefined) {
        await db.deleteFrom('kv').where('namespace', '=', name).where('key', '=', key).execute();
        return;
      }
      const expires = ttlMs ? new Date(now().getTime() + ttlMs).toISOString() : null;
      const text = JSON.stringify(value);
      await db
        .insertInto('kv')
        .values({ namespace: name, key, value: text, expires_at: expires })
        .onConflict((oc) => oc.columns(['namespace', 'key']).doUpdateSet({ value: text, expires_at: expires }))
        .execute();
    },
    async delete(key) {
      const result = await db.deleteFrom('kv').where('namespace', '=', name).where('key', '=', key).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

/**
 * LLM budgets shared by processes: two store connections on one database (a SQLite file; a fresh PostgreSQL
 * database), each with its own ledger over the store's atomic counters, reserve at once against one daily
 * budget and one deployment cap — exactly what fits is granted, settled spend is counted once, and what a
 * cancelled call reserved comes back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStoreUsageCounter } from '../../src/briefing/store-usage-counter.js';
import { createUsageLedger, type UsageLedger } from '../../src/briefing/usage-ledger.js';
import { openSqlRadarStore, type SqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { createTempPgDatabase, type TempPgDatabase } from './pg-temp.js';

const defaults = { size: 10, time: '08:00', timezone: 'UTC', language: 'en' as const, summaries: false, crosslists: true, replacements: false };
const dir = mkdtempSync(join(tmpdir(), 'radar-usage-'));
const pgDbs: TempPgDatabase[] = [];
let files = 0;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const db of pgDbs) await db.drop();
});

const clock = { now: () => new Date('2026-11-30T10:00:00Z') };
const ledgerOn = (store: SqlRadarStore, dailyBudget: number, globalDailyCap: number): UsageLedger =>
  createUsageLedger(createStoreUsageCounter(store.usage), clock, { dailyBudget, globalDailyCap });

async function tryReserve(ledger: UsageLedger, payer: string, n: number) {
  return ledger.reserve(payer, n).then((r) => r, () => undefined);
}

const urls: [string, () => Promise<string>][] = [
  ['sqlite file', async () => `sqlite://${join(dir, `usage-${++files}.sqlite`)}`],
  ['postgres', async () => {
    const db = await createTempPgDatabase('usage');
    pgDbs.push(db);
    return db.url;
  }],
];

describe.each(urls)('usage budgets over the store (%s)', (_name, urlOf) => {
  it('grants exactly what fits across two connections, counts spend once, returns cancelled reservations', async () => {
    const url = await urlOf();
    const a = await openSqlRadarStore(url, { defaults });
    const b = await openSqlRadarStore(url, { defaults });
    try {
      const [la, lb] = [ledgerOn(a, 1_000, 100_000), ledgerOn(b, 1_000, 100_000)];
      const got = await Promise.all(Array.from({ length: 40 }, (_, i) => tryReserve(i % 2 ? la : lb, 'discord:1', 100)));
      const granted = got.filter((r) => r !== undefined);
      expect(granted).toHaveLength(10);
      expect((await la.report('discord:1')).reservedToday).toBe(1_000);

      for (const [i, r] of granted.entries()) await (i < 5 ? r!.settle({ promptTokens: 60, completionTokens: 20 }) : r!.cancel());
      const report = await lb.report('discord:1');
      expect(report.today).toEqual({ promptTokens: 300, completionTokens: 100, calls: 5 });
      expect(report.reservedToday).toBe(0);
      expect(report.remainingToday).toBe(600);
      expect(await tryReserve(la, 'discord:1', 600)).toBeDefined();
      expect(await tryReserve(lb, 'discord:1', 1)).toBeUndefined();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('holds the deployment-wide cap across payers and gives back a payer key taken before the cap refused', async () => {
    const url = await urlOf();
    const a = await openSqlRadarStore(url, { defaults });
    const b = await openSqlRadarStore(url, { defaults });
    try {
      const [la, lb] = [ledgerOn(a, 500, 700), ledgerOn(b, 500, 700)];
      const got = await Promise.all(Array.from({ length: 30 }, (_, i) => tryReserve(i % 2 ? la : lb, `slack:C${i % 3}`, 100)));
      expect(got.filter((r) => r !== undefined)).toHaveLength(7);
      const reserved = await Promise.all([0, 1, 2].map(async (c) => (await la.report(`slack:C${c}`)).reservedToday));
      expect(reserved.reduce((x, y) => x + y, 0)).toBe(700); // no payer key kept a share the cap refused
    } finally {
      await a.close();
      await b.close();
    }
  });
});

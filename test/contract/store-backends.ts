/**
 * The SQL store on every backend a contract runs against — SQLite in memory, a SQLite file, a fresh
 * PostgreSQL database — with the files and databases removed after the test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Paper } from '../../src/papers/paper.js';
import type { ChannelSettings } from '../../src/store/ports.js';
import { openSqlRadarStore, type SqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { createTempPgDatabase, type TempPgDatabase } from './pg-temp.js';

/** A stored arXiv paper announced on `day` (`id` without the `arxiv:` prefix). */
export const paper = (id: string, day: string, extra: Partial<Paper> = {}): Paper => ({
  id: `arxiv:${id}`,
  version: 1,
  title: `Paper ${id}`,
  abstract: 'An abstract.',
  authors: [{ name: 'Ada Lovelace' }],
  categories: ['cs.LG'],
  primaryCategory: 'cs.LG',
  announced: day,
  sources: [{ kind: 'arxiv', label: 'arXiv (cs.LG)' }],
  ...extra,
});

export const contractDefaults: ChannelSettings = { size: 10, time: '08:00', timezone: 'UTC', language: 'en', summaries: false, crosslists: true, replacements: false };

/** `[backend name, open]` pairs for `describe.each`; call at the top level of a test file. */
export function storeBackends(label: string): [string, () => Promise<SqlRadarStore>][] {
  const dir = mkdtempSync(join(tmpdir(), `radar-${label}-`));
  const pgDbs: TempPgDatabase[] = [];
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    for (const db of pgDbs) await db.drop();
  });
  return [
    ['sqlite memory', () => openSqlRadarStore('memory://', { defaults: contractDefaults })],
    ['sqlite file', () => openSqlRadarStore(`sqlite://${join(dir, `${label}.sqlite`)}`, { defaults: contractDefaults })],
    ['postgres', async () => {
      const db = await createTempPgDatabase(label);
      pgDbs.push(db);
      return openSqlRadarStore(db.url, { defaults: contractDefaults });
    }],
  ];
}

/**
 * Two radars on one PostgreSQL database, as cluster processes are (a SQLite file takes one radar process): papers one of them stores for a day the other has
 * already digested from must reach the other's next digest (its cached paper window is keyed by what the
 * database holds, not only by the writes it made itself).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.js';
import { FIXTURE_PAPERS } from '../unit/radar-fixture-papers.js';
import { startTestWorld, type TestWorld } from '../fakes/world.js';
import { createTempPgDatabase, type TempPgDatabase } from '../contract/pg-temp.js';

const worlds: TestWorld[] = [];
const dbs: TempPgDatabase[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.stop();
  for (const db of dbs.splice(0)) await db.drop();
});

const quokka = (n: number): Paper => ({ ...FIXTURE_PAPERS[0]!, id: `arxiv:2604.9999${n}`, title: `Quokka routing, part ${n}` });

describe('paper window shared by processes', () => {
  it("a digest in one process sees the papers another process stored for the same day", async () => {
    const db = await createTempPgDatabase('shared_window');
    dbs.push(db);
    const env = { RADAR_DB: db.url };
    const digester = await startTestWorld({ env, papers: [quokka(1)] });
    worlds.push(digester);
    const ingester = await startTestWorld({ env, papers: [] });
    worlds.push(ingester);

    await digester.run('add', { query: 'quokka' });
    const first = digester.adapter.sent.length;
    await digester.run('digest');
    expect(JSON.stringify(digester.adapter.sent.slice(first))).toContain('Quokka routing, part 1');

    await ingester.radar.services.store.papers.putMany([quokka(2)]); // same announcement day
    const second = digester.adapter.sent.length;
    const answer = await digester.run('digest');
    const shown = JSON.stringify([...digester.adapter.sent.slice(second), ...answer.replies]);
    expect(shown).toContain('Quokka routing, part 2');
    expect(shown).not.toContain('Quokka routing, part 1');
  });
});

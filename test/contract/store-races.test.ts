/**
 * Two processes on one database — a SQLite file (two connections) and a fresh PostgreSQL database — add
 * subscriptions to 40 channels at once and 20 to one channel each: every subscription is there, numbers
 * are unique per channel, a query both add to one channel is stored once; event dedupe, usage increments and budget reservations are exact; votes cast in
 * one channel from both processes are all kept; journal feeds added to 40 channels at once are all read.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createJournalFeedsStore } from '../../src/sources/journal-feeds-store.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { repoRoot } from '../e2e/helpers/run-cli.js';
import { createTempPgDatabase, type TempPgDatabase } from './pg-temp.js';

const defaults = { size: 10, time: '08:00', timezone: 'UTC', language: 'en' as const, summaries: false, crosslists: true, replacements: false };
const dir = mkdtempSync(join(tmpdir(), 'radar-race-'));
let pgDb: TempPgDatabase | undefined;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pgDb?.drop();
});

function start(db: string, who: string): { child: ChildProcessWithoutNullStreams; ready: Promise<void>; done: Promise<{ firsts: number }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/contract/race-child.ts'], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', RACE_DB: db, RACE_WHO: who },
  });
  let out = '';
  let err = '';
  let onReady!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready\n')) onReady();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ firsts: number }>((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.split('\n').filter(Boolean).at(-1)!)) : reject(new Error(`race child failed (${code}): ${err}${out}`)))),
  );
  return { child, ready, done };
}

const urls: [string, () => Promise<string>][] = [
  ['sqlite file', async () => `sqlite://${join(dir, 'race.sqlite')}`],
  ['postgres', async () => (pgDb = await createTempPgDatabase('race')).url],
];

describe.each(urls)('two processes racing on %s', (_name, urlOf) => {
  it('loses no subscription, numbers uniquely, dedupes events and counts usage exactly', async () => {
    const url = await urlOf();
    const setup = await openSqlRadarStore(url, { defaults }); // migrate once before the race
    await setup.close();
    const a = start(url, 'a');
    const b = start(url, 'b');
    await Promise.all([a.ready, b.ready]);
    a.child.stdin.end('go\n');
    b.child.stdin.end('go\n');
    const [ra, rb] = await Promise.all([a.done, b.done]);

    const store = await openSqlRadarStore(url, { defaults });
    try {
      const channels = await store.subscriptions.channels();
      for (let i = 0; i < 40; i++) {
        expect(channels).toContain(`race:ch${i}`);
        const subs = await store.subscriptions.list(`race:ch${i}`);
        expect(subs.map((s) => s.query).sort()).toEqual([`topic a ${i}`, `topic b ${i}`]);
        expect(subs.map((s) => s.number).sort()).toEqual([1, 2]);
      }
      // one query added to a channel by both processes at once is stored once
      for (let i = 0; i < 10; i++) expect((await store.subscriptions.list(`race:same${i}`)).map((s) => [s.number, s.query])).toEqual([[1, `same query ${i}`]]);
      const one = await store.subscriptions.list('race:one');
      expect(one).toHaveLength(40);
      expect(one.map((s) => s.number)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(ra.firsts + rb.firsts).toBe(50);
      expect(await store.usage.get('race:tokens')).toBe(200);
      expect(await store.usage.get('race:budget')).toBe(45);
      // 60 people voting in one channel from two processes: every vote kept (the per-channel key-value entry lost some)
      const votes = await store.votes.list('race:votes');
      expect(votes).toHaveLength(60);
      expect(new Set(votes.map((v) => v.voterId)).size).toBe(60);
      // a journal feed added to each of 40 channels by each process: every channel reads both
      const feeds = await createJournalFeedsStore(store).all();
      for (let i = 0; i < 40; i++) expect(feeds.get(`race:ch${i}`)?.map((f) => f.url).sort()).toEqual([`https://a.example/${i}.rss`, `https://b.example/${i}.rss`]);
    } finally {
      await store.close();
    }
  });
});

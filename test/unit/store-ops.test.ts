/**
 * Operations a SQLite user expects: `npm run db -- backup|stats` on a live store, retention that keeps what
 * deliveries and threads need, and the 0.1 Keyv file imported on first start (subscriptions, settings,
 * ledger) exactly once.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/papers/paper.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { repoRoot } from '../e2e/helpers/run-cli.js';

const defaults = { size: 10, time: '08:00', timezone: 'UTC', language: 'en' as const, summaries: false, crosslists: true, replacements: false };
const dir = mkdtempSync(join(tmpdir(), 'radar-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const paper = (id: string, day: string): Paper => ({
  id: `arxiv:${id}`, version: 1, title: `Paper ${id}`, abstract: 'A.', authors: [{ name: 'A' }], categories: ['cs.LG'], announced: day, sources: [{ kind: 'arxiv', label: 'arXiv' }],
});

function db(args: string[], file: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bin/db.ts', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', RADAR_ENV_FILE: '/nonexistent/.env', RADAR_DB: `sqlite://${file}` },
    encoding: 'utf8',
  });
}

describe('npm run db', () => {
  it('backs up a store that is open and in use, and prints rows per table and the file size', async () => {
    const file = join(dir, 'live.sqlite');
    const store = await openSqlRadarStore(`sqlite://${file}`, { defaults });
    try {
      await store.subscriptions.add('shell:a', 'cat:cs.LG');
      await store.subscriptions.add('shell:a', 'rlhf');
      const backup = db(['backup', join(dir, 'copy.sqlite')], file);
      expect(backup.status, backup.stderr).toBe(0);
      const stats = db(['stats'], file);
      expect(stats.stdout).toMatch(/subscriptions\s+2/);
      expect(stats.stdout).toMatch(/file bytes\s+\d+/);
    } finally {
      await store.close();
    }
    const copy = await openSqlRadarStore(`sqlite://${join(dir, 'copy.sqlite')}`, { defaults });
    expect((await copy.subscriptions.list('shell:a')).map((s) => s.query)).toEqual(['cat:cs.LG', 'rlhf']);
    await copy.close();
  }, 90_000);
});

describe('retention', () => {
  it('deletes old papers unless a delivery or a thread needs them; recent ones stay', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const store = await openSqlRadarStore('memory://', { defaults, now: () => now });
    try {
      await store.papers.putMany([paper('old1', '2026-01-01'), paper('old2', '2026-01-01'), paper('old3', '2026-01-01'), paper('old4', '2026-01-02')]);
      await store.ledger.record('shell:a', [{ paperId: 'arxiv:old2', at: 'x' }]);
      await store.threads.bind('shell:a/t1', 'arxiv:old3');
      await store.pendingUpdates.queue('shell:a', { paperId: 'arxiv:old2', note: 'withdrawn', at: now.toISOString() });
      now = new Date('2026-06-01T00:00:00Z');
      await store.papers.putMany([paper('new1', '2026-05-31')]);
      await store.pendingUpdates.queue('shell:a', { paperId: 'arxiv:new1', note: 'new version v2', at: now.toISOString() });
      const pruned = await store.prune(90);
      expect(pruned.papers).toBe(2);
      // an update no digest took within the retention goes; a recent one waits
      expect(pruned.updates).toBe(1);
      expect((await store.pendingUpdates.list('shell:a', '2000-01-01')).map((u) => u.paperId)).toEqual(['arxiv:new1']);
      expect(await store.papers.get('arxiv:old1')).toBeUndefined();
      for (const id of ['old2', 'old3', 'new1']) expect(await store.papers.get(`arxiv:${id}`)).toBeDefined();
      // a day whose papers all went is no longer listed; the others count what is left
      expect(await store.papers.listDayCounts()).toEqual([{ day: '2026-05-31', papers: 1 }, { day: '2026-01-01', papers: 2 }]);
    } finally {
      await store.close();
    }
  });

  it('deletes usage counters past their time to live (LLM budgets of past days); counters without one stay', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const store = await openSqlRadarStore('memory://', { defaults, now: () => now });
    try {
      await store.usage.add('llm|shell:a|day|2026-01-01|total', 300, 2 * 86_400_000);
      await store.usage.add('race:tokens', 5);
      now = new Date('2026-01-02T00:00:00Z');
      await store.prune(90);
      expect(await store.usage.get('llm|shell:a|day|2026-01-01|total')).toBe(300); // its day's budget still counts
      now = new Date('2026-01-04T00:00:00Z');
      const pruned = await store.prune(90);
      expect(pruned.values).toBe(1);
      expect(await store.usage.get('llm|shell:a|day|2026-01-01|total')).toBe(0);
      expect(await store.usage.get('race:tokens')).toBe(5);
    } finally {
      await store.close();
    }
  });
});

describe('0.1 import', () => {
  it('imports subscriptions (numbers kept), settings and the ledger from the Keyv file, once', async () => {
    const file = join(dir, 'legacy.sqlite');
    const kv = new Keyv({ store: new KeyvSqlite({ uri: `sqlite://${file}` }), namespace: 'radar' });
    await kv.set('subs:discord:42', { next: 5, items: [
      { id: 'discord:42#1', channelKey: 'discord:42', number: 1, query: 'moe', createdAt: '2026-01-01T00:00:00Z', createdBy: 'u1' },
      { id: 'discord:42#3', channelKey: 'discord:42', number: 3, query: 'rlhf', createdAt: '2026-01-02T00:00:00Z' },
      // the old version took one query twice when spelled two ways: the first stays
      { id: 'discord:42#4', channelKey: 'discord:42', number: 4, query: 'MoE', createdAt: '2026-01-02T00:00:00Z' },
    ] });
    await kv.set('subchannels', ['discord:42']);
    await kv.set('settings:discord:42', { size: 5, language: 'zh', summaries: true });
    await kv.set('ledger:discord:42:arxiv:2601.00001', { paperId: 'arxiv:2601.00001', version: 2, at: '2026-01-03T08:00:00Z', messageId: 'm1' });
    await kv.set('event:Ev1', 1, 60_000);
    await kv.disconnect();

    const store = await openSqlRadarStore(`sqlite://${file}`, { defaults });
    try {
      expect(store.imported).toEqual({ subscriptions: 2, settings: 1, deliveries: 1 });
      expect((await store.subscriptions.list('discord:42')).map((s) => [s.number, s.query, s.createdBy])).toEqual([[1, 'moe', 'u1'], [3, 'rlhf', undefined]]);
      expect((await store.subscriptions.add('discord:42', 'new')).number).toBe(5);
      expect(await store.channels.getSettings('discord:42')).toEqual({ ...defaults, size: 5, language: 'zh', summaries: true });
      expect(await store.ledger.get('discord:42', 'arxiv:2601.00001')).toEqual({ paperId: 'arxiv:2601.00001', version: 2, at: '2026-01-03T08:00:00Z', messageId: 'm1' });
    } finally {
      await store.close();
    }
    const again = await openSqlRadarStore(`sqlite://${file}`, { defaults });
    expect(again.imported).toBeUndefined();
    expect(await again.subscriptions.list('discord:42')).toHaveLength(3);
    await again.close();
  });
});

/**
 * One contract for every VoteStore: one vote per (channel, paper, voter), a later vote replaces it, the same
 * vote again changes nothing, channels never see each other's votes, `forget` deletes one channel's votes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyValueVoteStore } from '../../src/feedback/keyvalue-vote-store.js';
import type { Vote, VoteStore } from '../../src/feedback/vote-store.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import type { ChannelSettings, RadarStore } from '../../src/store/ports.js';

const defaults: ChannelSettings = { size: 10, time: '08:00', timezone: 'UTC', language: 'en', summaries: false, crosslists: true, replacements: false };
const dir = mkdtempSync(join(tmpdir(), 'radar-votes-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const backends: [string, () => Promise<RadarStore>][] = [
  ['sqlite memory', () => openSqlRadarStore('memory://', { defaults })],
  ['sqlite file', () => openSqlRadarStore(`sqlite://${join(dir, 'votes.sqlite')}`, { defaults })],
];

const vote = (paperId: string, voterId: string, value: 1 | -1, at = '2026-04-28T09:00:00.000Z'): Vote => ({
  paperId, voterId, value, at, features: { 'w:serving': 0.5, 'au:yinmin zhong': 1 },
});
const rows = (vs: Vote[]) => vs.map((v) => [v.paperId, v.voterId, v.value]);

describe.each(backends)('VoteStore contract: %s', (_name, open) => {
  let store: RadarStore;
  let votes: VoteStore;
  beforeAll(async () => {
    store = await open();
    votes = createKeyValueVoteStore(store.namespace('votes'));
  });
  afterAll(async () => store.close());

  it('keeps one vote per person per paper per channel: added, unchanged, changed', async () => {
    expect(await votes.put('a', vote('p1', 'u1', 1))).toBe('added');
    expect(await votes.put('a', vote('p1', 'u1', 1, '2026-04-28T10:00:00.000Z'))).toBe('unchanged');
    expect(await votes.put('a', vote('p1', 'u1', -1))).toBe('changed');
    expect(await votes.put('a', vote('p1', 'u2', 1))).toBe('added');
    expect(await votes.put('a', vote('p2', 'u1', 1))).toBe('added');
    expect(rows(await votes.list('a'))).toEqual([['p1', 'u1', -1], ['p1', 'u2', 1], ['p2', 'u1', 1]]);
    expect((await votes.list('a'))[0]!.features).toEqual({ 'w:serving': 0.5, 'au:yinmin zhong': 1 });
  });

  it('keeps channels apart', async () => {
    expect(await votes.put('b', vote('p1', 'u1', 1))).toBe('added');
    expect(rows(await votes.list('b'))).toEqual([['p1', 'u1', 1]]);
    expect(await votes.list('a')).toHaveLength(3);
  });

  it('removes one vote (only of the given value), and forgets one channel', async () => {
    expect(await votes.remove('a', 'p1', 'u1', 1)).toBe(false);
    expect(await votes.remove('a', 'p1', 'u1', -1)).toBe(true);
    expect(await votes.remove('a', 'p1', 'u1')).toBe(false);
    expect(await votes.forget('a')).toBe(2);
    expect(await votes.list('a')).toEqual([]);
    expect(await votes.list('b')).toHaveLength(1);
    expect(await votes.forget('nobody')).toBe(0);
  });
});

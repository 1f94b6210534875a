/**
 * One contract for the store's votes on every backend: one vote per (channel, paper, voter), a later vote
 * replaces it (and moves to the end of the order), the same vote again changes nothing, channels never see
 * each other's votes, `forget` deletes one channel's votes, the oldest go beyond the per-channel cap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vote, VoteStore } from '../../src/feedback/vote-store.js';
import type { SqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { createSqlVoteStore } from '../../src/store/sql/sql-votes.js';
import { storeBackends } from './store-backends.js';

const backends = storeBackends('votes');

const vote = (paperId: string, voterId: string, value: 1 | -1, at = '2026-04-28T09:00:00.000Z'): Vote => ({
  paperId, voterId, value, at, features: { 'w:serving': 0.5, 'au:yinmin zhong': 1 },
});
const rows = (vs: Vote[]) => vs.map((v) => [v.paperId, v.voterId, v.value]);

describe.each(backends)('VoteStore contract: %s', (_name, open) => {
  let store: SqlRadarStore;
  let votes: VoteStore;
  beforeAll(async () => {
    store = await open();
    votes = store.votes;
  });
  afterAll(async () => store.close());

  it('keeps one vote per person per paper per channel: added, unchanged, changed', async () => {
    expect(await votes.put('a', vote('p1', 'u1', 1))).toBe('added');
    expect(await votes.put('a', vote('p1', 'u1', 1, '2026-04-28T10:00:00.000Z'))).toBe('unchanged');
    expect(await votes.put('a', vote('p1', 'u2', 1))).toBe('added');
    expect(await votes.put('a', vote('p2', 'u1', 1))).toBe('added');
    // a changed vote is the newest: it moves to the end, whatever its time says
    expect(await votes.put('a', vote('p1', 'u1', -1))).toBe('changed');
    expect(rows(await votes.list('a'))).toEqual([['p1', 'u2', 1], ['p2', 'u1', 1], ['p1', 'u1', -1]]);
    expect((await votes.list('a'))[0]!.features).toEqual({ 'w:serving': 0.5, 'au:yinmin zhong': 1 });
    expect((await votes.list('a'))[2]!.at).toBe('2026-04-28T09:00:00.000Z');
  });

  it('answers the votes on some papers only, in the same order', async () => {
    expect(rows(await votes.on('a', ['p1', 'p9']))).toEqual([['p1', 'u2', 1], ['p1', 'u1', -1]]);
    expect(await votes.on('a', [])).toEqual([]);
    // more papers than one IN list holds
    const many = Array.from({ length: 1200 }, (_, i) => `x${i}`);
    expect(rows(await votes.on('a', [...many, 'p2']))).toEqual([['p2', 'u1', 1]]);
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

  it('keeps the newest votes of a channel beyond its cap, and only that channel’s', async () => {
    const capped = createSqlVoteStore(store.sql, 3);
    for (let i = 1; i <= 5; i++) await capped.put('c', vote(`p${i}`, 'u1', 1));
    await capped.put('c', vote('p3', 'u1', -1)); // p3 changes: the newest again
    expect(rows(await capped.list('c'))).toEqual([['p4', 'u1', 1], ['p5', 'u1', 1], ['p3', 'u1', -1]]);
    expect(await votes.list('b')).toHaveLength(1);
  });

  it('refuses a value other than 1 or -1 (a constraint, not only the service’s check)', async () => {
    await expect(votes.put('d', { ...vote('p1', 'u1', 1), value: 2 as 1 })).rejects.toThrow();
    expect(await votes.list('d')).toEqual([]);
  });
});

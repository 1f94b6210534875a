/**
 * Pending follow-up updates on every backend: one per channel and paper (a newer note replaces the older),
 * the newest kept past the cap, read without being taken; a digest run that carries them removes them when
 * it is closed — by the process that planned it or by another that finishes it — and an abandoned one does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PendingUpdate } from '../../src/store/ports.js';
import { createSqlOutbox } from '../../src/store/sql/sql-outbox.js';
import type { SqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { createSqlPendingUpdates } from '../../src/store/sql/sql-pending-updates.js';
import { storeBackends } from './store-backends.js';

const backends = storeBackends('pending');
const update = (paperId: string, note: string, minute: number): PendingUpdate => ({ paperId, note, at: `2026-06-20T10:${String(minute).padStart(2, '0')}:00.000Z` });

describe.each(backends)('PendingUpdateStore contract: %s', (_name, open) => {
  let store: SqlRadarStore;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => store.close());

  it('keeps one update per channel and paper, the newest, read in order without taking them', async () => {
    const pending = store.pendingUpdates;
    await pending.queue('shell:a', update('p1', 'new version v2', 1));
    await pending.queue('shell:a', update('p2', 'withdrawn', 2));
    await pending.queue('shell:a', update('p1', 'new version v3', 3));
    await pending.queue('shell:b', update('p1', 'withdrawn', 4));
    expect(await pending.list('shell:a', '2026-06-20T00:00:00Z')).toEqual([update('p2', 'withdrawn', 2), update('p1', 'new version v3', 3)]);
    expect(await pending.list('shell:a', '2026-06-20T10:03:00.000Z')).toEqual([update('p1', 'new version v3', 3)]);
    expect(await pending.list('shell:a', '2026-06-20T00:00:00Z')).toHaveLength(2);
  });

  it('keeps the newest past the cap', async () => {
    const capped = createSqlPendingUpdates(store.sql, 3);
    for (let i = 1; i <= 5; i++) await capped.queue('shell:cap', update(`p${i}`, 'withdrawn', 10 + i));
    expect((await capped.list('shell:cap', '2026-01-01')).map((u) => u.paperId)).toEqual(['p3', 'p4', 'p5']);
  });

  it('a run carrying updates removes them when closed, here or by another process; abandoned, it does not', async () => {
    const shown = await store.pendingUpdates.list('shell:a', '2026-01-01');
    const abandoned = await store.outbox.plan({ channelKey: 'shell:a', kind: 'digest', after: {}, parts: [], consumes: shown });
    await store.outbox.abandon(abandoned.id);
    expect(await store.pendingUpdates.list('shell:a', '2026-01-01')).toEqual(shown);
    const run = await store.outbox.plan({ channelKey: 'shell:a', kind: 'digest', after: {}, parts: [], consumes: shown });
    // another process finishes the run (an outbox that did not plan it): it reads what the run carries
    await createSqlOutbox(store.sql, () => new Date()).close(run.id);
    expect(await store.pendingUpdates.list('shell:a', '2026-01-01')).toEqual([]);
    expect(await store.pendingUpdates.list('shell:b', '2026-01-01')).toHaveLength(1);
  });
});

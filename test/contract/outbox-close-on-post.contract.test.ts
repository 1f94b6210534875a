/**
 * The outbox's last post of a run also closes it (markPosted with `close`): the part, the ledger, the run,
 * the consumed updates and the channel's new state change together — and only the process that closes the
 * run applies its state. On PostgreSQL planning and that last post are one statement each (one round trip);
 * the contract is the same on every backend.
 */
import type { LogEvent } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqlOutbox } from '../../src/store/sql/sql-outbox.js';
import { openSqlRadarStore, type SqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { createTempPgDatabase, type TempPgDatabase } from './pg-temp.js';
import { contractDefaults, storeBackends } from './store-backends.js';

const update = (paperId: string, note: string) => ({ paperId, note, at: '2026-06-20T10:00:00.000Z' });
const works = [{ paperId: 'arxiv:1', at: 'now', version: 2 }, { paperId: 'arxiv:2', at: 'now', fingerprint: 'f2' }];

describe.each(storeBackends('close-on-post'))('outbox close on post: %s', (_name, open) => {
  let store: SqlRadarStore;
  beforeEach(async () => {
    // the file backend reopens one file for every test: each test has its own channel
    store = await open();
  });
  const queued = async (channel: string) => {
    await store.pendingUpdates.queue(channel, update('arxiv:1', 'new version v2'));
    await store.pendingUpdates.queue(channel, update('arxiv:5', 'withdrawn'));
  };
  afterEach(() => store.close());

  it('records the part, closes the run, applies its state and consumes its updates together', async () => {
    await queued('shell:c1');
    await store.channels.updateState('shell:c1', { deliveryProblem: 'old', shownCount: 9 });
    const run = await store.outbox.plan({
      channelKey: 'shell:c1',
      kind: 'digest',
      after: { lastScheduledDay: '2026-06-20', pendingPaperIds: ['arxiv:3'], shownCount: 2, deliveryProblem: undefined },
      parts: [{ message: { text: 'the digest' }, works }],
      consumes: [update('arxiv:1', 'new version v2')],
    });
    await store.outbox.markPosted(run.id, 0, [{ id: 'm1', paperIds: ['arxiv:1'] }, { id: 'm2', paperIds: ['arxiv:2'] }], { close: true });
    expect(await store.outbox.open('shell:c1')).toEqual([]);
    expect(await store.channels.getState('shell:c1')).toEqual({ lastScheduledDay: '2026-06-20', pendingPaperIds: ['arxiv:3'], shownCount: 2 });
    expect(await store.ledger.get('shell:c1', 'arxiv:1')).toEqual({ paperId: 'arxiv:1', at: 'now', version: 2, messageId: 'm1' });
    expect(await store.ledger.get('shell:c1', 'arxiv:2')).toEqual({ paperId: 'arxiv:2', at: 'now', fingerprint: 'f2', messageId: 'm2' });
    expect((await store.pendingUpdates.list('shell:c1', '2026-01-01')).map((u) => u.paperId)).toEqual(['arxiv:5']);
    const [closed] = await store.outbox.closed('shell:c1', 'digest', 1);
    expect(closed?.parts[0]?.message).toEqual({ text: 'the digest' });
  });

  it('a run another process closed first keeps the state that came after: the late post records its part only', async () => {
    await queued('shell:c2');
    const run = await store.outbox.plan({ channelKey: 'shell:c2', kind: 'digest', after: { lastScheduledDay: '2026-06-20' }, parts: [{ message: { text: 'x' }, works }], consumes: [update('arxiv:5', 'withdrawn')] });
    await createSqlOutbox(store.sql, () => new Date()).close(run.id);
    await store.channels.updateState('shell:c2', { lastScheduledDay: '2026-06-21' });
    await store.pendingUpdates.queue('shell:c2', update('arxiv:5', 'withdrawn'));
    await store.outbox.markPosted(run.id, 0, [{ id: 'late' }], { close: true });
    expect((await store.channels.getState('shell:c2')).lastScheduledDay).toBe('2026-06-21');
    expect((await store.pendingUpdates.list('shell:c2', '2026-01-01')).map((u) => u.paperId)).toEqual(['arxiv:1', 'arxiv:5']);
    expect((await store.ledger.get('shell:c2', 'arxiv:1'))?.messageId).toBe('late');
  });

  it('a part that does not exist is an error and writes nothing', async () => {
    await queued('shell:c3');
    const run = await store.outbox.plan({ channelKey: 'shell:c3', kind: 'digest', after: { shownCount: 4 }, parts: [{ message: { text: 'x' }, works }] });
    await expect(store.outbox.markPosted(run.id, 3, [{ id: 'x' }], { close: true })).rejects.toThrow();
    expect(await store.ledger.has('shell:c3', 'arxiv:1')).toBe(false);
    expect((await store.outbox.open('shell:c3')).map((r) => r.id)).toEqual([run.id]);
    expect((await store.channels.getState('shell:c3')).shownCount).toBeUndefined();
  });
});

describe('outbox on PostgreSQL: one round trip to plan a run, one to post its last part and close it', () => {
  let db: TempPgDatabase;
  let store: SqlRadarStore;
  const queries: string[] = [];
  beforeEach(async () => {
    db = await createTempPgDatabase('outbox_trips');
    store = await openSqlRadarStore(db.url, { defaults: contractDefaults, log: (e: LogEvent) => queries.push(e.query.sql) });
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  it('sends one statement for each', async () => {
    await store.pendingUpdates.queue('shell:t', update('arxiv:1', 'new version v2'));
    queries.length = 0;
    const run = await store.outbox.plan({ channelKey: 'shell:t', kind: 'digest', after: { shownCount: 2 }, parts: [{ message: { text: 'a' }, works }, { message: { text: 'b' }, works: [] }], consumes: [update('arxiv:1', 'new version v2')] });
    expect(queries).toHaveLength(1);
    await store.outbox.markPosted(run.id, 0, [{ id: 'm1' }]);
    expect(queries).toHaveLength(2);
    await store.outbox.markPosted(run.id, 1, [{ id: 'm2' }], { close: true });
    expect(queries).toHaveLength(3);
    expect(await store.channels.getState('shell:t')).toEqual({ shownCount: 2 });
    expect(await store.pendingUpdates.list('shell:t', '2026-01-01')).toEqual([]);
  });
});

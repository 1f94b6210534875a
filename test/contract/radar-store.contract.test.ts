/**
 * One contract for every RadarStore backend: SQLite file, SQLite in memory and a fresh PostgreSQL database
 * on the local server. Each backend runs the same behaviour checks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlRadarStore, type SqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { subscriptionKeyOf } from '../../src/radar/subscription-key.js';
import type { ChannelSettings } from '../../src/store/ports.js';
import { createTempPgDatabase, type TempPgDatabase } from './pg-temp.js';
import { paper } from './store-backends.js';

const defaults: ChannelSettings = { size: 10, time: '08:00', timezone: 'UTC', language: 'en', summaries: false, crosslists: true, replacements: false };
const dir = mkdtempSync(join(tmpdir(), 'radar-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Backend = { url: () => Promise<string>; cleanup?: () => Promise<void> };
let pgDb: TempPgDatabase | undefined;
const backends: [string, Backend][] = [
  ['sqlite file', { url: async () => `sqlite://${join(dir, 'contract.sqlite')}` }],
  ['sqlite memory', { url: async () => 'memory://' }],
  [
    'postgres',
    {
      url: async () => (pgDb = await createTempPgDatabase('contract')).url,
      cleanup: async () => pgDb?.drop(),
    },
  ],
];


describe.each(backends)('RadarStore contract: %s', (name, backend) => {
  let store: SqlRadarStore;
  let clock = new Date('2026-11-23T08:00:00Z');

  let url = '';
  const backendUrl = async (): Promise<string> => url;

  beforeAll(async () => {
    url = await backend.url();
    store = await openSqlRadarStore(url, { defaults, now: () => clock });
  });
  afterAll(async () => {
    await store.close();
    await backend.cleanup?.();
  });

  it('stores papers and lists them by announcement day', async () => {
    await store.papers.putMany([paper('2611.00001', '2026-11-20'), paper('2611.00002', '2026-11-23'), paper('2611.00003', '2026-11-23')]);
    expect((await store.papers.get('arxiv:2611.00001'))?.title).toBe('Paper 2611.00001');
    expect(await store.papers.listDays()).toEqual(['2026-11-23', '2026-11-20']);
    expect(await store.papers.listDayCounts()).toEqual([{ day: '2026-11-23', papers: 2 }, { day: '2026-11-20', papers: 1 }]);
    expect((await store.papers.listByDays(['2026-11-23'])).map((p) => p.id).sort()).toEqual(['arxiv:2611.00002', 'arxiv:2611.00003']);
    expect(await store.papers.get('arxiv:missing')).toBeUndefined();
    const before = store.papers.changes();
    await store.papers.putMany([paper('2611.00002', '2026-11-23', { version: 2, title: 'Renamed' })]);
    expect(store.papers.changes()).toBeGreaterThan(before);
    expect((await store.papers.get('arxiv:2611.00002'))?.version).toBe(2);
    expect(await store.papers.listByDays(['2026-11-23'])).toHaveLength(2);
    expect((await store.papers.getMany(['arxiv:2611.00001', 'arxiv:nope'])).map((p) => p.id)).toEqual(['arxiv:2611.00001']);
  });

  it('keeps the papers per day as papers come, again and in one batch, and lists them from a day on', async () => {
    const counts = async (since?: string) => Object.fromEntries((await store.papers.listDayCounts(since)).map((c) => [c.day, c.papers]));
    const before = await counts();
    await store.papers.putMany([paper('2610.00001', '2026-10-01'), paper('2610.00002', '2026-10-01'), paper('2610.00003', '2026-10-02')]);
    // stored again (a new version, the same day) and with a new one: nothing counted twice
    await store.papers.putMany([paper('2610.00001', '2026-10-01', { version: 2 }), paper('2610.00004', '2026-10-02'), paper('2610.00004', '2026-10-02')]);
    expect(await counts()).toEqual({ ...before, '2026-10-01': 2, '2026-10-02': 2 });
    expect(Object.keys(await counts('2026-10-02'))).not.toContain('2026-10-01');
    expect((await counts('2026-10-02'))['2026-10-02']).toBe(2);
    // the counts are what a count of the stored rows gives
    const truth = await store.sql.db.selectFrom('paper_days').select((eb) => ['day', eb.fn.countAll<number | string>().as('n')]).groupBy('day').execute();
    expect(await counts()).toEqual(Object.fromEntries(truth.map((r) => [r.day, Number(r.n)])));
  });

  it('numbers subscriptions per channel and removes by number', async () => {
    const a = await store.subscriptions.add('shell:a', 'cat:cs.LG', 'u1');
    const b = await store.subscriptions.add('shell:a', '"mixture of experts"');
    const c = await store.subscriptions.add('shell:b', 'author:"Yinmin Zhong"');
    expect([a.number, b.number, c.number]).toEqual([1, 2, 1]);
    expect(a.id).toBe('shell:a#1');
    expect(a.createdBy).toBe('u1');
    expect((await store.subscriptions.remove('shell:a', 1))?.query).toBe('cat:cs.LG');
    expect(await store.subscriptions.remove('shell:a', 1)).toBeUndefined();
    const d = await store.subscriptions.add('shell:a', 'cat:cs.AI');
    expect(d.number).toBe(3); // numbers are never reused, so an old "remove 1" cannot hit a new one
    expect((await store.subscriptions.list('shell:a')).map((s) => s.number)).toEqual([2, 3]);
    expect((await store.subscriptions.channels()).sort()).toEqual(['shell:a', 'shell:b']);
    expect(await store.subscriptions.listAll()).toHaveLength(3);
  });

  it('adds several subscriptions in one go, numbered in order, all or none', async () => {
    await store.subscriptions.add('shell:many', 'cat:cs.LG');
    const many = await store.subscriptions.addMany('shell:many', ['diffusion', 'author:"Yinmin Zhong"', 'cat:cs.CL'], { createdBy: 'u2' });
    expect(many.before).toBe(1);
    expect(many.added.map((s) => [s.number, s.query, s.createdBy])).toEqual([[2, 'diffusion', 'u2'], [3, 'author:"Yinmin Zhong"', 'u2'], [4, 'cat:cs.CL', 'u2']]);
    expect(await store.subscriptions.addMany('shell:many', [])).toEqual({ added: [], before: 4, existing: [] });
    // the second row breaks a constraint: the first is not kept, and no number is used up
    await expect(store.subscriptions.addMany('shell:many', ['kept?', null as unknown as string])).rejects.toThrow();
    expect((await store.subscriptions.list('shell:many')).map((s) => s.query)).toEqual(['cat:cs.LG', 'diffusion', 'author:"Yinmin Zhong"', 'cat:cs.CL']);
    expect((await store.subscriptions.add('shell:many', 'graphs')).number).toBe(5);
    // concurrent batches and single adds never share a number
    const batches = await Promise.all([
      store.subscriptions.addMany('shell:many2', ['a1', 'a2', 'a3']).then((r) => r.added),
      store.subscriptions.add('shell:many2', 'b1').then((s) => [s]),
      store.subscriptions.addMany('shell:many2', ['c1', 'c2']).then((r) => r.added),
    ]);
    const numbers = batches.flat().map((s) => s.number).sort((x, y) => x - y);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
    for (const batch of batches) expect(batch.map((s) => s.number)).toEqual(batch.map((_, i) => batch[0]!.number + i));
  });

  it('keeps a channel within a limit even when adds race for its last places', async () => {
    await store.subscriptions.addMany('shell:full', ['f1', 'f2', 'f3']);
    const limit = 5;
    const tries = await Promise.all(Array.from({ length: 6 }, (_, i) => store.subscriptions.addMany('shell:full', [`x${i}`], { limit })));
    expect(tries.filter((r) => r.added.length === 1)).toHaveLength(2);
    expect(tries.filter((r) => r.added.length === 0).every((r) => r.before === limit)).toBe(true);
    expect(await store.subscriptions.list('shell:full')).toHaveLength(limit);
    // a batch that would pass the limit is refused whole and uses up no number
    await store.subscriptions.remove('shell:full', 1);
    expect((await store.subscriptions.addMany('shell:full', ['y1', 'y2'], { limit })).added).toEqual([]);
    const [one] = (await store.subscriptions.addMany('shell:full', ['y1'], { limit })).added;
    expect(one!.number).toBe(6);
  });

  it('replaces a subscription\'s query keeping its number', async () => {
    await store.subscriptions.addMany('shell:edit', ['a', 'b'], { createdBy: 'u1' });
    const changed = (await store.subscriptions.replace('shell:edit', 2, 'c')) as { before: unknown; after: unknown } | undefined;
    expect(changed?.before).toMatchObject({ id: 'shell:edit#2', number: 2, query: 'b', createdBy: 'u1' });
    expect(changed?.after).toMatchObject({ id: 'shell:edit#2', number: 2, query: 'c', createdBy: 'u1' });
    expect(await store.subscriptions.replace('shell:edit', 7, 'x')).toBeUndefined();
    expect((await store.subscriptions.list('shell:edit')).map((s) => `${s.number}:${s.query}`)).toEqual(['1:a', '2:c']);
    expect((await store.subscriptions.add('shell:edit', 'd')).number).toBe(3);
  });

  it('an edit in a channel it has never seen changes nothing, not even the list of channels', async () => {
    const known = await store.channels.list();
    expect(await store.subscriptions.replace('shell:never-seen', 1, 'x')).toBeUndefined();
    expect(await store.channels.list()).toEqual(known);
  });

  it('holds a query once per channel, even when adds of it race', async () => {
    const first = await store.subscriptions.add('shell:dup', 'diffusion', 'u1');
    // adding it again answers with the one stored; no number is used up
    expect(await store.subscriptions.add('shell:dup', 'diffusion', 'u2')).toEqual(first);
    const again = await store.subscriptions.addMany('shell:dup', ['graphs', 'diffusion', 'graphs'], { createdBy: 'u2' });
    expect(again.added.map((s) => [s.number, s.query])).toEqual([[2, 'graphs']]);
    expect(again.existing).toEqual([first]);
    expect(again.before).toBe(1);
    // the same query is one matching the same papers, however it is spelled
    const folded = await store.subscriptions.addMany('shell:dup', ['DIFFUSION', 'Graph', 'LLM', 'llm'], { createdBy: 'u3' });
    expect(folded.added.map((s) => [s.number, s.query])).toEqual([[3, 'LLM']]);
    expect(folded.existing.map((s) => s.number)).toEqual([1, 2]);
    expect(await store.subscriptions.replace('shell:dup', 3, 'Diffusion')).toEqual({ duplicateOf: first });
    await store.subscriptions.remove('shell:dup', 3);
    // the same query in another channel is another subscription
    expect((await store.subscriptions.add('shell:dup2', 'diffusion')).number).toBe(1);
    const racing = await Promise.all(Array.from({ length: 12 }, (_, i) => store.subscriptions.addMany('shell:race', ['"mixture of experts"'], { createdBy: `u${i}` })));
    expect(racing.filter((r) => r.added.length === 1)).toHaveLength(1);
    expect(racing.filter((r) => r.existing.length === 1)).toHaveLength(11);
    expect((await store.subscriptions.list('shell:race')).map((s) => [s.number, s.query])).toEqual([[1, '"mixture of experts"']]);
    // an edit to a query the channel already has changes nothing
    expect(await store.subscriptions.replace('shell:dup', 2, 'diffusion')).toEqual({ duplicateOf: first });
    expect((await store.subscriptions.list('shell:dup')).map((s) => s.query)).toEqual(['diffusion', 'graphs']);
    expect((await store.subscriptions.add('shell:dup', 'llm')).number).toBe(4);
    // and the database itself refuses a second copy
    const copy = { channel: 'shell:dup', number: 9, query: 'Graphs', query_key: subscriptionKeyOf('Graphs'), created_at: 'x', created_by: null };
    await expect(store.sql.db.insertInto('subscriptions').values(copy).execute()).rejects.toThrow();
  });

  it('allocates distinct numbers under concurrent adds', async () => {
    const subs = await Promise.all(Array.from({ length: 20 }, (_, i) => store.subscriptions.add('shell:conc', `term${i}`)));
    expect(new Set(subs.map((s) => s.number)).size).toBe(20);
    expect(await store.subscriptions.list('shell:conc')).toHaveLength(20);
  });

  it('merges settings over defaults and keeps state apart', async () => {
    expect(await store.channels.getSettings('shell:new')).toEqual(defaults);
    expect(await store.channels.updateSettings('shell:new', { size: 5, language: 'zh' })).toEqual({ ...defaults, size: 5, language: 'zh' });
    expect(await store.channels.updateSettings('shell:new', { summaries: true })).toEqual({ ...defaults, size: 5, language: 'zh', summaries: true });
    // the digest days and quiet: set, then back to the default (no value)
    expect(await store.channels.updateSettings('shell:new', { days: 'mon,thu', quiet: true })).toEqual({ ...defaults, size: 5, language: 'zh', summaries: true, days: 'mon,thu', quiet: true });
    expect(await store.channels.updateSettings('shell:new', { days: undefined, quiet: false })).toEqual({ ...defaults, size: 5, language: 'zh', summaries: true, quiet: false });
    // a pause: stored as its resume day, then lifted (no value)
    expect(await store.channels.updateSettings('shell:new', { pausedUntil: '2027-01-05' })).toEqual({ ...defaults, size: 5, language: 'zh', summaries: true, quiet: false, pausedUntil: '2027-01-05' });
    expect((await store.channels.getSettings('shell:new')).pausedUntil).toBe('2027-01-05');
    expect(await store.channels.updateSettings('shell:new', { pausedUntil: undefined })).toEqual({ ...defaults, size: 5, language: 'zh', summaries: true, quiet: false });
    await store.channels.updateState('shell:new', { lastScheduledDay: '2026-11-23', pendingPaperIds: ['x'], pendingReasons: { x: [{ field: 'title', term: 'y' }] }, pendingSubscriptionIds: { x: ['s1', 's2'] }, deliveryProblem: 'no access' });
    await store.channels.updateState('shell:new', { deliveryProblem: undefined, shownCount: 10 });
    expect(await store.channels.getState('shell:new')).toEqual({ lastScheduledDay: '2026-11-23', pendingPaperIds: ['x'], pendingReasons: { x: [{ field: 'title', term: 'y' }] }, pendingSubscriptionIds: { x: ['s1', 's2'] }, shownCount: 10 });
    expect(await store.channels.getState('shell:never')).toEqual({});
    // the status is the state without the pending queue
    expect(await store.channels.getStatus('shell:new')).toEqual({ lastScheduledDay: '2026-11-23', shownCount: 10 });
    await store.channels.updateState('shell:new', { deliveryProblem: 'missing Send Messages', lastDigestAt: '2026-11-23T08:00:00Z' });
    expect(await store.channels.getStatus('shell:new')).toEqual({ lastScheduledDay: '2026-11-23', shownCount: 10, deliveryProblem: 'missing Send Messages', lastDigestAt: '2026-11-23T08:00:00Z' });
    expect(await store.channels.getStatus('shell:never')).toEqual({});
    expect((await store.channels.getSettings('shell:new')).size).toBe(5);
    expect(await store.channels.list()).toContain('shell:new');
  });

  it('records deliveries exactly and finds channels of a paper', async () => {
    await store.ledger.record('shell:a', [{ paperId: 'arxiv:1', at: 'now', version: 1 }, { paperId: 'arxiv:2', at: 'now' }]);
    await store.ledger.record('shell:b', [{ paperId: 'arxiv:1', at: 'now' }]);
    await store.ledger.record('shell:b', [{ paperId: 'arxiv:1', at: 'later', messageId: 'm2' }]);
    expect(await store.ledger.has('shell:a', 'arxiv:1')).toBe(true);
    expect(await store.ledger.has('shell:a', 'arxiv:3')).toBe(false);
    expect(await store.ledger.filterDelivered('shell:a', ['arxiv:1', 'arxiv:3', 'arxiv:2'])).toEqual(new Set(['arxiv:1', 'arxiv:2']));
    await store.ledger.update('shell:a', 'arxiv:1', { threadId: 't9' });
    expect(await store.ledger.get('shell:a', 'arxiv:1')).toEqual({ paperId: 'arxiv:1', at: 'now', version: 1, threadId: 't9' });
    expect((await store.ledger.get('shell:b', 'arxiv:1'))?.messageId).toBe('m2');
    expect((await store.ledger.channelsOf('arxiv:1')).sort()).toEqual(['shell:a', 'shell:b']);
  });

  it('binds threads, keeps the last turns and drops repeated events until they expire', async () => {
    await store.threads.bind('shell:a/t1', 'arxiv:1');
    expect(await store.threads.paperOf('shell:a/t1')).toBe('arxiv:1');
    expect(await store.threads.paperOf('shell:a/none')).toBeUndefined();
    for (let i = 0; i < 45; i++) await store.threads.appendTurn('shell:a/t1', { role: 'user', text: `q${i}`, at: 'now', userId: 'u' });
    expect((await store.threads.turns('shell:a/t1', 2)).map((t) => t.text)).toEqual(['q43', 'q44']);
    expect(await store.threads.turns('shell:a/t1', 100)).toHaveLength(40);
    expect(await store.threads.markEventSeen('Ev1')).toBe(true);
    expect(await store.threads.markEventSeen('Ev1')).toBe(false);
    clock = new Date(clock.getTime() + 25 * 3600_000);
    expect(await store.threads.markEventSeen('Ev1')).toBe(true);
    expect(await store.threads.markEventSeen('Ev1')).toBe(false);
  });

  it('counts usage exactly and reserves only within the limit, concurrently', async () => {
    await Promise.all(Array.from({ length: 50 }, () => store.usage.add('tokens:x', 3)));
    expect(await store.usage.get('tokens:x')).toBe(150);
    const granted = await Promise.all(Array.from({ length: 30 }, () => store.usage.reserve('budget:y', 7, 100)));
    expect(granted.filter(Boolean)).toHaveLength(14);
    expect(await store.usage.get('budget:y')).toBe(98);
    expect(await store.usage.get('never')).toBe(0);
  });

  it('gives services their own namespaces, with expiry', async () => {
    const a = store.namespace('summaries');
    const b = store.namespace('usage');
    await a.set('k', { v: 1 });
    expect(await a.get('k')).toEqual({ v: 1 });
    expect(await b.get('k')).toBeUndefined();
    expect(await a.delete('k')).toBe(true);
    expect(await a.delete('k')).toBe(false);
    expect(await a.get('k')).toBeUndefined();
    await a.set('t', 'short', 1000);
    expect(await a.get('t')).toBe('short');
    clock = new Date(clock.getTime() + 2000);
    expect(await a.get('t')).toBeUndefined();
  });

  it('plans a run, refuses a second open run of the channel, records parts with the ledger and closes', async () => {
    await store.channels.updateState('shell:ob', { deliveryProblem: 'old problem', shownCount: 3 });
    const run = await store.outbox.plan({
      channelKey: 'shell:ob',
      kind: 'digest',
      after: { pendingPaperIds: ['arxiv:9'], shownCount: 2, deliveryProblem: undefined },
      parts: [
        { message: { text: 'part one' }, works: [{ paperId: 'arxiv:7', at: 'now', version: 2 }] },
        { message: { text: 'part two' }, works: [{ paperId: 'arxiv:8', at: 'now' }] },
      ],
    });
    expect(run.parts.map((p) => p.seq)).toEqual([0, 1]);
    expect(new Set(run.parts.map((p) => p.deliveryId)).size).toBe(2);
    expect(run.parts.every((p) => p.deliveryId.length <= 16)).toBe(true);
    await expect(store.outbox.plan({ channelKey: 'shell:ob', kind: 'digest', after: {}, parts: [] })).rejects.toThrow();
    await store.outbox.markPosted(run.id, 0, [{ id: 'm1' }, { id: 'm1b' }]);
    expect(await store.ledger.get('shell:ob', 'arxiv:7')).toEqual({ paperId: 'arxiv:7', at: 'now', version: 2, messageId: 'm1' });
    expect(await store.ledger.has('shell:ob', 'arxiv:8')).toBe(false);
    const [open] = await store.outbox.open('shell:ob');
    expect(open?.parts.map((p) => p.messageIds)).toEqual([['m1', 'm1b'], undefined]);
    expect(open?.parts[1]?.message).toEqual({ text: 'part two' });
    await store.outbox.markPosted(run.id, 1, [{ id: 'm2' }]);
    await store.outbox.close(run.id);
    expect(await store.outbox.open('shell:ob')).toEqual([]);
    expect(await store.channels.getState('shell:ob')).toEqual({ pendingPaperIds: ['arxiv:9'], shownCount: 2 });
    const next = await store.outbox.plan({ channelKey: 'shell:ob', kind: 'digest', after: {}, parts: [{ message: { text: 'x' }, works: [] }] });
    await store.outbox.abandon(next.id);
    expect(await store.outbox.open()).toEqual([]);
  });

  it("records each paper with the message that carries its card; a message's papers are found by its id", async () => {
    const works = [1, 2, 3, 4].map((n) => ({ paperId: `arxiv:m${n}`, at: 'now' }));
    const run = await store.outbox.plan({ channelKey: 'shell:msg', kind: 'digest', after: {}, parts: [{ message: { text: 'cards' }, works }] });
    // the part went out as two messages (a platform's limit): cards 1–3 in the first, card 4 in the second
    await store.outbox.markPosted(run.id, 0, [{ id: 'big', paperIds: ['arxiv:m1', 'arxiv:m2', 'arxiv:m3'] }, { id: 'small', paperIds: ['arxiv:m4'] }], { close: true });
    expect(await store.ledger.papersOfMessage('shell:msg', 'small')).toEqual(['arxiv:m4']);
    expect(await store.ledger.papersOfMessage('shell:msg', 'big')).toEqual(['arxiv:m1', 'arxiv:m2', 'arxiv:m3']);
    expect(await store.ledger.papersOfMessage('shell:other', 'small')).toEqual([]);
    expect(await store.ledger.papersOfMessage('shell:msg', 'unknown')).toEqual([]);
  });

  it("lists a channel's closed runs of a kind, newest first, with what each part carried", async () => {
    const part = (n: number) => ({ message: { text: `digest ${n}` }, works: [{ paperId: `arxiv:c${n}`, at: 'now' }] });
    for (const n of [1, 2, 3]) {
      const run = await store.outbox.plan({ channelKey: 'shell:closed', kind: 'digest', after: {}, parts: [part(n)] });
      await store.outbox.markPosted(run.id, 0, [{ id: `m${n}` }], { close: true });
      clock = new Date(clock.getTime() + 1000);
    }
    const notice = await store.outbox.plan({ channelKey: 'shell:closed', kind: 'notice', after: {}, parts: [{ message: { text: 'no announcement' }, works: [] }] });
    await store.outbox.close(notice.id);
    const dropped = await store.outbox.plan({ channelKey: 'shell:closed', kind: 'digest', after: {}, parts: [part(4)] });
    await store.outbox.abandon(dropped.id);
    await store.outbox.plan({ channelKey: 'shell:closed', kind: 'digest', after: {}, parts: [part(5)] }); // still open
    const runs = await store.outbox.closed('shell:closed', 'digest', 2);
    expect(runs.map((r) => r.parts.map((p) => [p.message.text, p.works.map((w) => w.paperId)]))).toEqual([
      [['digest 3', ['arxiv:c3']]],
      [['digest 2', ['arxiv:c2']]],
    ]);
    expect((await store.outbox.closed('shell:closed', 'notice', 5)).map((r) => r.parts[0]!.message.text)).toEqual(['no announcement']);
    expect(await store.outbox.closed('shell:none', 'digest', 5)).toEqual([]);
  });

  it('counts a day exactly when two processes store its papers at once', async () => {
    // many processes share PostgreSQL; a SQLite store has one (two in one thread would wait on each other)
    if (name !== 'postgres') return;
    const other = await openSqlRadarStore(await backendUrl(), { defaults, now: () => clock });
    try {
      const batch = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => paper(`2609.${String(from + i).padStart(5, '0')}`, '2026-09-15'));
      for (let round = 0; round < 20; round++) {
        const base = round * 300;
        // different papers: neither waits for the other's rows, both count the day in the same moments
        await Promise.all([store.papers.putMany(batch(base, base + 150)), other.papers.putMany(batch(base + 150, base + 300))]);
      }
      const day = (await store.papers.listDayCounts('2026-09-15')).find((c) => c.day === '2026-09-15');
      expect(day?.papers).toBe(6000);
    } finally {
      await other.close();
    }
  });

  it('records a run\'s last part and closes the run in one call', async () => {
    const run = await store.outbox.plan({
      channelKey: 'shell:last',
      kind: 'digest',
      after: { shownCount: 4, pendingPaperIds: ['arxiv:33'] },
      parts: [{ message: { text: 'only' }, works: [{ paperId: 'arxiv:32', at: 'now' }] }],
    });
    await store.outbox.markPosted(run.id, 0, [{ id: 'm32' }], { close: true });
    expect(await store.outbox.open('shell:last')).toEqual([]);
    expect(await store.ledger.get('shell:last', 'arxiv:32')).toEqual({ paperId: 'arxiv:32', at: 'now', messageId: 'm32' });
    expect(await store.channels.getState('shell:last')).toEqual({ shownCount: 4, pendingPaperIds: ['arxiv:33'] });
    // a closed run is not closed again: its state is not re-applied over a newer one
    await store.channels.updateState('shell:last', { shownCount: 1 });
    await store.outbox.close(run.id);
    expect((await store.channels.getState('shell:last')).shownCount).toBe(1);
  });

  it('records and closes a run another process planned, and a second close changes nothing', async () => {
    if (name === 'sqlite memory') return; // an in-memory database has no second process
    const other = await openSqlRadarStore(await backendUrl(), { defaults, now: () => clock });
    try {
      const run = await store.outbox.plan({
        channelKey: 'shell:two',
        kind: 'digest',
        after: { shownCount: 5, lastScheduledDay: '2026-11-23' },
        parts: [{ message: { text: 'one' }, works: [{ paperId: 'arxiv:21', at: 'now' }] }],
      });
      // the other process knows nothing of the run but what the database holds
      await other.outbox.markPosted(run.id, 0, [{ id: 'm21' }]);
      expect(await store.ledger.get('shell:two', 'arxiv:21')).toEqual({ paperId: 'arxiv:21', at: 'now', messageId: 'm21' });
      await other.outbox.close(run.id);
      expect(await store.channels.getState('shell:two')).toMatchObject({ shownCount: 5, lastScheduledDay: '2026-11-23' });
      await store.channels.updateState('shell:two', { shownCount: 9 });
      // the planning process closes it too (it lost a race): the run is closed already, nothing is applied
      await store.outbox.close(run.id);
      expect((await store.channels.getState('shell:two')).shownCount).toBe(9);
      await expect(other.outbox.close('no-such-run')).rejects.toThrow();
      await expect(other.outbox.markPosted(run.id, 7, [{ id: 'x' }])).rejects.toThrow();
      await expect(store.outbox.markPosted(run.id, 7, [{ id: 'x' }])).rejects.toThrow();
    } finally {
      await other.close();
    }
  });
});

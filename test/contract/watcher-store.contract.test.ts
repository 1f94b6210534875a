/**
 * The watchers of subscriptions on every backend: added once each, in the order asked, only for a subscription
 * the channel has, up to the cap even when people watch at once; an edit keeps them, removing the subscription
 * removes them (and a later subscription's number is never an old one's), channels kept apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { MAX_WATCHERS_PER_SUBSCRIPTION } from '../../src/store/watcher-port.js';
import { storeBackends } from './store-backends.js';

const backends = storeBackends('watchers');

describe.each(backends)('WatcherStore contract: %s', (_name, open) => {
  let store: SqlRadarStore;
  beforeAll(async () => {
    store = await open();
    await store.subscriptions.addMany('shell:a', ['quokka', 'wombat', 'numbat']);
    await store.subscriptions.add('shell:b', 'quokka');
  });
  afterAll(async () => store.close());

  it('adds a watcher once, in the order asked, only to a subscription the channel has', async () => {
    const w = store.watchers;
    expect(await w.watch('shell:a', 1, 'alice')).toBe('added');
    expect(await w.watch('shell:a', 1, 'bob')).toBe('added');
    expect(await w.watch('shell:a', 1, 'alice')).toBe('already');
    expect(await w.watch('shell:a', 2, 'bob')).toBe('added');
    expect(await w.watch('shell:a', 9, 'alice')).toBe('unknown_subscription');
    expect(await w.watch('shell:nobody', 1, 'alice')).toBe('unknown_subscription');
    expect(await w.list('shell:a')).toEqual(new Map([[1, ['alice', 'bob']], [2, ['bob']]]));
    expect(await w.list('shell:b')).toEqual(new Map());
    expect(await w.unwatch('shell:a', 2, 'bob')).toBe(true);
    expect(await w.unwatch('shell:a', 2, 'bob')).toBe(false);
    expect(await w.list('shell:a')).toEqual(new Map([[1, ['alice', 'bob']]]));
  });

  it('keeps the watchers through an edit and drops them with the subscription', async () => {
    expect(await store.watchers.watch('shell:a', 3, 'carol')).toBe('added');
    expect(await store.subscriptions.replace('shell:a', 3, 'echidna')).toMatchObject({ after: { number: 3, query: 'echidna' } });
    expect((await store.watchers.list('shell:a')).get(3)).toEqual(['carol']);
    await store.subscriptions.remove('shell:a', 3);
    expect((await store.watchers.list('shell:a')).has(3)).toBe(false);
    const next = await store.subscriptions.add('shell:a', 'echidna');
    expect(next.number).toBe(4);
    expect((await store.watchers.list('shell:a')).has(4)).toBe(false);
  });

  it('holds at most the cap of watchers per subscription, also when they watch at once', async () => {
    const people = Array.from({ length: MAX_WATCHERS_PER_SUBSCRIPTION + 5 }, (_, i) => `u${i}`);
    const outcomes = await Promise.all(people.map((u) => store.watchers.watch('shell:b', 1, u)));
    expect(outcomes.filter((o) => o === 'added')).toHaveLength(MAX_WATCHERS_PER_SUBSCRIPTION);
    expect(outcomes.filter((o) => o === 'full')).toHaveLength(5);
    expect((await store.watchers.list('shell:b')).get(1)).toHaveLength(MAX_WATCHERS_PER_SUBSCRIPTION);
  });
});

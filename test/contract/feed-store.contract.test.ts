/**
 * The store's journal feeds on every backend: a row per channel and URL (adding the same URL replaces it and
 * moves it last), the per-channel cap decided inside the transaction even when adds race, channels kept
 * apart, `all()` lists exactly the channels that read feeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelFeed } from '../../src/store/ports.js';
import type { SqlRadarStore } from '../../src/store/sql/sql-radar-store.js';
import { storeBackends } from './store-backends.js';

const backends = storeBackends('feeds');

const feed = (n: number, extra: Partial<ChannelFeed> = {}): ChannelFeed => ({ url: `https://j${n}.example/rss`, name: `Journal ${n}`, addedAt: '2026-11-30T09:00:00.000Z', ...extra });

describe.each(backends)('ChannelFeedStore contract: %s', (_name, open) => {
  let store: SqlRadarStore;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => store.close());

  it('adds feeds in order; the same URL again replaces the feed and moves it last', async () => {
    const feeds = store.journalFeeds;
    await feeds.add('shell:a', feed(1, { key: 'nature', addedBy: 'u1' }), 20);
    await feeds.add('shell:a', feed(2), 20);
    expect(await feeds.add('shell:a', feed(1, { name: 'Nature' }), 20)).toEqual([feed(2), feed(1, { name: 'Nature' })]);
    expect(await feeds.list('shell:a')).toEqual([feed(2), feed(1, { name: 'Nature' })]);
    expect(await feeds.list('shell:nobody')).toEqual([]);
  });

  it('keeps channels apart and lists every channel that reads feeds', async () => {
    const feeds = store.journalFeeds;
    await feeds.add('shell:b', feed(1), 20);
    expect([...(await feeds.all()).keys()]).toEqual(['shell:a', 'shell:b']);
    expect(await feeds.remove('shell:b', feed(1).url)).toBe(true);
    expect(await feeds.remove('shell:b', feed(1).url)).toBe(false);
    expect([...(await feeds.all()).keys()]).toEqual(['shell:a']);
    expect(await feeds.list('shell:a')).toHaveLength(2);
  });

  it('refuses past the cap, even when adds race; replacing a feed at the cap is fine', async () => {
    const feeds = store.journalFeeds;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => feeds.add('shell:cap', feed(10 + i), 5)));
    expect(results.filter((r) => r !== undefined)).toHaveLength(5);
    const kept = await feeds.list('shell:cap');
    expect(kept).toHaveLength(5);
    expect(await feeds.add('shell:cap', feed(99), 5)).toBeUndefined();
    expect(await feeds.add('shell:cap', { ...kept[0]!, name: 'Renamed' }, 5)).toHaveLength(5);
  });
});

/**
 * The channel-indexed match cache: a window is matched once for every channel; a channel reads only its
 * own hits; a subscription change re-matches only its channel, with that channel's subscriptions alone.
 * The subscription census keeps categories reference-counted.
 */
import { describe, expect, it } from 'vitest';
import { MatchIndex } from '../../src/digest/match-cache.js';
import type { Paper } from '../../src/papers/paper.js';
import { createPercolatorMatcher } from '../../src/radar/percolator.js';
import { SubscriptionCensus } from '../../src/radar/subscription-census.js';
import type { Subscription, SubscriptionMatcher } from '../../src/radar/subscription.js';

const paper = (i: number, title: string, categories = ['cs.LG']): Paper => ({
  id: `arxiv:2611.${String(10000 + i)}`,
  title,
  abstract: 'An abstract.',
  authors: [{ name: 'Ada Lovelace' }],
  categories,
  announced: '2026-11-23',
  sources: [{ kind: 'arxiv', label: 'arXiv' }],
});
const papers = [paper(0, 'Diffusion models for graphs'), paper(1, 'Speech recognition at scale', ['cs.CL']), paper(2, 'Graph diffusion')];
const window = { key: 'w1', papers };

/** A matcher that counts the papers it was asked about and the subscriptions it was given. */
class Counting implements SubscriptionMatcher {
  readonly inner = createPercolatorMatcher();
  matched = 0;
  added: string[] = [];
  add(s: Pick<Subscription, 'id' | 'query'>) {
    this.added.push(s.id);
    this.inner.add(s);
  }
  remove(id: string) {
    this.inner.remove(id);
  }
  match(p: Paper) {
    this.matched++;
    return this.inner.match(p);
  }
  matchMany(ps: readonly Paper[]) {
    this.matched += ps.length;
    return this.inner.matchMany(ps);
  }
  matchSteps(ps: readonly Paper[]) {
    this.matched += ps.length;
    return this.inner.matchSteps(ps);
  }
  get size() {
    return this.inner.size;
  }
}

function world() {
  const subs = new Map<string, { id: string; query: string }[]>();
  const live = new Counting();
  const fresh: Counting[] = [];
  const add = (channel: string, n: number, query: string) => {
    const s = { id: `${channel}#${n}`, query };
    subs.set(channel, [...(subs.get(channel) ?? []), s]);
    live.add(s);
  };
  add('shell:a', 1, 'diffusion');
  add('shell:a', 2, 'cat:cs.CL');
  add('shell:b', 1, 'graph');
  const index = new MatchIndex({
    matcher: live,
    createMatcher: () => {
      const m = new Counting();
      fresh.push(m);
      return m;
    },
    subscriptionsOf: async (channel) => subs.get(channel) ?? [],
  });
  return { index, live, fresh, add, subs };
}

const ids = (hits: readonly { paper: Paper }[]) => hits.map((h) => h.paper.id.slice(-1));

describe('MatchIndex', () => {
  it('matches the window once and hands each channel only its own hits, in window order', async () => {
    const { index, live } = world();
    const a = await index.forChannel('shell:a', window);
    expect(ids(a)).toEqual(['0', '1', '2']);
    expect(a[0]).toMatchObject({ subscriptionIds: ['shell:a#1'], reasons: [{ field: 'title', term: 'diffusion' }] });
    expect(a[1]!.subscriptionIds).toEqual(['shell:a#2']);
    expect(ids(await index.forChannel('shell:b', window))).toEqual(['0', '2']);
    expect(await index.forChannel('shell:none', window)).toEqual([]);
    expect(live.matched).toBe(3);
    await index.forChannel('shell:a', { key: 'w2', papers: papers.slice(0, 1) });
    expect(live.matched).toBe(4); // a new window is matched again, once
  });

  it('re-matches only the channel whose subscriptions changed, against its own subscriptions', async () => {
    const { index, live, fresh, add } = world();
    await index.forChannel('shell:a', window);
    add('shell:b', 2, 'speech');
    index.subscriptionsChanged('shell:b');
    expect(ids(await index.forChannel('shell:a', window))).toEqual(['0', '1', '2']);
    expect(fresh).toHaveLength(0);
    const b = await index.forChannel('shell:b', window);
    expect(ids(b)).toEqual(['0', '1', '2']);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.added).toEqual(['shell:b#1', 'shell:b#2']);
    expect(live.matched).toBe(3);
    await index.forChannel('shell:b', window);
    expect(fresh).toHaveLength(1); // re-matched once, then served from the index
  });

  it('keeps windows of different slots side by side (a weekly digest\'s week beside the daily window)', async () => {
    const { index, live, fresh, add } = world();
    const week = { key: 'week', papers, slot: 'span:7' };
    const day = { key: 'day', papers: papers.slice(0, 2) };
    await index.forChannel('shell:a', day);
    await index.forChannel('shell:a', week);
    expect(live.matched).toBe(5);
    // alternating channels of both kinds: neither window is matched again
    for (let i = 0; i < 3; i++) {
      expect(ids(await index.forChannel('shell:b', day))).toEqual(['0']);
      expect(ids(await index.forChannel('shell:b', week))).toEqual(['0', '2']);
    }
    expect(live.matched).toBe(5);
    // a subscription change reaches both windows
    add('shell:b', 2, 'speech');
    index.subscriptionsChanged('shell:b');
    expect(ids(await index.forChannel('shell:b', day))).toEqual(['0', '1']);
    expect(ids(await index.forChannel('shell:b', week))).toEqual(['0', '1', '2']);
    expect(fresh).toHaveLength(2);
    // the next window of a slot replaces that slot's only
    await index.forChannel('shell:a', { key: 'week2', papers, slot: 'span:7' });
    expect(live.matched).toBe(8);
    await index.forChannel('shell:a', day);
    expect(live.matched).toBe(8);
    // a few windows are kept, the least recently used dropped first: the daily one, in use, stays
    for (const span of [3, 4, 5]) {
      await index.forChannel('shell:a', { key: `catch-up${span}`, papers: papers.slice(0, 1), slot: `span:${span}` });
      await index.forChannel('shell:a', day);
    }
    expect(live.matched).toBe(11);
    await index.forChannel('shell:a', { key: 'week2', papers, slot: 'span:7' }); // dropped: matched again
    expect(live.matched).toBe(14);
  });

  it('equals a fresh full matching after changes', async () => {
    const { index, live, add } = world();
    await index.forChannel('shell:a', window);
    add('shell:a', 3, 'graph');
    index.subscriptionsChanged('shell:a');
    const full = new MatchIndex({ matcher: live.inner, createMatcher: createPercolatorMatcher, subscriptionsOf: async () => [] });
    expect(await index.forChannel('shell:a', window)).toEqual(await full.forChannel('shell:a', { key: 'x', papers }));
  });
});

describe('MatchIndex hits', () => {
  it('group each paper\'s matches of the channel in subscription order, with their reasons, as matching paper by paper does', async () => {
    const words = ['diffusion', 'graph', 'speech', 'models', 'scale', 'cat:cs.CL', 'title:graph', 'au:Lovelace'];
    const many = Array.from({ length: 40 }, (_, i) => paper(i, `${words[i % 5]} ${words[(i * 3) % 5]} study ${i}`, i % 4 ? ['cs.LG'] : ['cs.CL']));
    const live = createPercolatorMatcher();
    const channels = ['shell:a', 'shell:b', 'shell:c'];
    let n = 0;
    for (let i = 0; i < 12; i++) {
      const channel = channels[i % 3]!;
      // some queries repeat across channels (one shared range); a paper often matches several of a channel's
      live.add({ id: `${channel}#${++n}`, query: i % 2 ? words[i % 8]! : `${words[i % 8]!} OR ${words[(i * 7) % 8]!}` });
    }
    const index = new MatchIndex({ matcher: live, createMatcher: createPercolatorMatcher, subscriptionsOf: async () => [] });
    for (const channel of channels) {
      const expected = many.flatMap((p) => {
        const mine = live.match(p).filter((m) => m.subscriptionId.startsWith(`${channel}#`));
        return mine.length === 0 ? [] : [{ paper: p, subscriptionIds: mine.map((m) => m.subscriptionId), reasons: mine.flatMap((m) => m.reasons) }];
      });
      // papers one subscription matched (its reasons shared) and papers several did (reasons joined)
      expect(expected.some((h) => h.subscriptionIds.length > 1)).toBe(true);
      expect(expected.some((h) => h.subscriptionIds.length === 1)).toBe(true);
      expect(await index.forChannel(channel, { key: 'many', papers: many })).toEqual(expected);
    }
  });
});

describe('SubscriptionCensus', () => {
  it('keeps categories reference-counted and counts subscriptions per channel', () => {
    const c = new SubscriptionCensus();
    c.add({ channelKey: 'a', query: 'cat:cs.LG diffusion' });
    c.add({ channelKey: 'b', query: 'cat:cs.LG OR cat:cs.CV' });
    c.add({ channelKey: 'b', query: 'not a (valid' });
    expect(c.categories()).toEqual(['cs.CV', 'cs.LG']);
    expect(c.countOf('b')).toBe(2);
    c.remove({ channelKey: 'a', query: 'cat:cs.LG diffusion' });
    expect(c.categories()).toEqual(['cs.CV', 'cs.LG']);
    expect(c.channels()).toEqual(['b']);
    c.remove({ channelKey: 'b', query: 'cat:cs.LG OR cat:cs.CV' });
    expect(c.categories()).toEqual([]);
    expect(c.countOf('a')).toBe(0);
  });
});

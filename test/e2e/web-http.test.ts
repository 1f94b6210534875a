/**
 * The web server over plain HTTP (no browser): `/radar web` links, token checks, manager-only adding,
 * topic pages, empty states, skipped listings, votes, `/healthz` and `/metrics`.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, MANAGER, MEMBER, startWebWorld, type WebWorld } from './helpers/web-world.js';
import { createStoreFeedbackSink } from '../../src/web/feedback-sink.js';
import { DeliveryError } from '../../src/errors.js';

const METRICS_TOKEN = 'metrics-token-0123456789';
let world: WebWorld;

beforeAll(async () => {
  world = await startWebWorld({ RADAR_METRICS_TOKEN: METRICS_TOKEN });
}, 60_000);
afterAll(() => world?.stop());

const get = (url: string, init?: RequestInit) => fetch(url, { redirect: 'manual', ...init });
const post = (url: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', redirect: 'manual', body: new URLSearchParams(form), headers });
const tokenOf = (link: string) => new URL(link).searchParams.get('t')!;

async function command(name: string, options: Record<string, string>, user = MEMBER) {
  const before = world.adapter.sent.length;
  await world.radar.handlers.onCommand({ name, options, channel: CHANNEL, user }, world.adapter.responder(CHANNEL));
  return world.adapter.sent.slice(before);
}

describe('/radar web', () => {
  it('answers only the asker with a working link to the channel page', async () => {
    const [reply] = await command('web', {});
    expect(reply?.where).toBe('ephemeral:terminal');
    const url = /https?:\/\/\S+/.exec(reply!.message.text)![0];
    expect(url.startsWith(`${world.base}/c/shell%3Aterminal?t=`)).toBe(true);
    const res = await get(url);
    expect(res.status).toBe(200);
    // the title, with what the channel's `"mixture of experts"` hit marked
    expect(await res.text()).toContain('Sparse <mark>mixture of experts</mark> routing');
  });

  it('links each card\'s BibTeX, served as a file to the link\'s holder only', async () => {
    const [reply] = await command('web', {});
    const url = /https?:\/\/\S+/.exec(reply!.message.text)![0];
    const page = await (await get(url)).text();
    const href = /<a class="bib" href="([^"]*paper=[^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&');
    const res = await get(`${world.base}${href}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-bibtex; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[a-z0-9]+\.bib"$/);
    const body = await res.text();
    expect(body).toMatch(/^@misc\{[a-z0-9]+,\n {6}title=\{/);
    expect(body).toContain('archivePrefix={arXiv}');
    const paper = new URL(href, world.base).searchParams.get('paper')!;
    expect(body).toContain(`eprint={${paper.replace(/^arxiv:/, '')}}`);
    // the toolbar's link: every paper the page shows, in its order
    const pageHref = /<div class="toolbar">.*?<a class="bib" href="([^"]+)"/s.exec(page)![1]!.replace(/&amp;/g, '&');
    expect(pageHref).not.toContain('paper=');
    const all = await get(`${world.base}${pageHref}`);
    expect(all.headers.get('content-disposition')).toBe('attachment; filename="academichub-latest.bib"');
    const eprints = [...(await all.text()).matchAll(/^ {6}eprint=\{([^}]+)\},$/gm)].map((m) => `arxiv:${m[1]}`);
    // the batch's cards (not the skipped cross-lists and replacements listed below them)
    const skipped = page.indexOf('<section class="skipped"');
    const main = page.slice(page.indexOf('<div class="cards" id="cards">'), skipped < 0 ? undefined : skipped);
    const cards = [...main.matchAll(/<article class="card" data-paper="([^"]+)"/g)].map((m) => m[1]!);
    expect(cards.length).toBeGreaterThan(1);
    expect(eprints).toEqual(cards);
    expect((await get(`${world.base}${href.replace(/t=[^&]+/, 't=forged')}`)).status).toBe(403);
    expect((await get(`${world.base}${href.replace(/paper=[^&]+/, 'paper=arxiv%3A2699.99999')}`)).status).toBe(404);
  });

  it('gives a manager link to managers only', async () => {
    const [refused] = await command('web', { mode: 'manage' }, MEMBER);
    expect(refused?.message.text).toMatch(/Only channel managers/);
    expect(refused?.message.text).not.toMatch(/https?:/);
    const [given] = await command('web', { mode: 'manage' }, MANAGER);
    expect(given?.where).toBe('ephemeral:terminal');
    expect(given?.message.text).toMatch(/manager link/);
  });
});

describe('signed links', () => {
  it('refuses expired links and links of another channel with 403 and no data', async () => {
    const link = world.link();
    const other = link.replace('/c/shell%3Aterminal', '/c/discord%3A42');
    for (const res of [await get(other), await get(link.replace('?t=', '?t=x'))]) {
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain('mixture');
    }
    world.clock.set('2026-05-05T12:00:01Z'); // 7 days and a second later
    try {
      expect((await get(link)).status).toBe(403);
      expect((await get(world.link())).status).toBe(200);
    } finally {
      world.clock.set('2026-04-28T12:00:00Z');
    }
  });
});

describe('channel page states', () => {
  it('lists skipped replacements labelled with their announce type', async () => {
    const text = await (await get(world.link())).text();
    expect(text).toContain('Also in this window: cross-lists and replacements');
    expect(text).toMatch(/data-announce="replace-cross">Replacement \(cross-list\) v3/);
    expect(text).toMatch(/data-announce="replace">Replacement v2/);
  });

  it('labels a cross-list the digest takes', async () => {
    const text = await (await get(`${world.link()}&batch=3`)).text();
    expect(text).toMatch(/data-announce="cross">Cross-list/);
  });

  it('says why a day is empty: weekend, holiday, or nothing matched', async () => {
    const saturday = await (await get(`${world.link()}&day=2026-04-25`)).text();
    expect(saturday).toContain('arXiv does not announce on Friday and Saturday evenings');
    const holiday = await (await get(`${world.link()}&day=2026-11-27`)).text();
    expect(holiday).toContain('holiday (Thanksgiving)');
    const zh = await (await get(`${world.link()}&day=2026-04-25&lang=zh`)).text();
    expect(zh).toContain('arXiv 在周五和周六晚上不发布');
  });

  it('a channel without subscriptions gets the notice, not empty panels', async () => {
    const other = { ...CHANNEL, id: 'empty-lab' };
    const text = await (await get(world.radar.services.web!.link(other, MEMBER, 'view'))).text();
    expect(text).toContain('This channel has no subscriptions yet');
    expect(text).not.toContain('<section class="filters"');
    expect(text).not.toContain('<div class="toolbar">');
    const subscribed = await (await get(world.link())).text();
    expect(subscribed).toContain('<section class="filters"');
    expect(subscribed).toContain('<div class="toolbar">');
  });

  it('rejects malformed parameters with 400', async () => {
    expect((await get(`${world.link()}&day=yesterday`)).status).toBe(400);
  });
});

describe('browse cache', () => {
  it('shows new matches as soon as a subscription is added, and drops them when it is removed', async () => {
    const total = async () => /Papers 1–10 of (\d+)/.exec(await (await get(world.link())).text())?.[1];
    expect(await total()).toBe('26');
    const sub = await world.radar.services.subscriptions.add(CHANNEL, '"graph neural networks"', MANAGER);
    expect(await total()).toBe('31');
    await world.radar.services.subscriptions.remove(CHANNEL, sub.number);
    expect(await total()).toBe('26');
  });
});

describe('watchers', () => {
  it('shows on each subscription how many people watch it, in the page\'s language', async () => {
    const chip = (page: string, number: number) => new RegExp(`data-sub="${number}">[^<]*</a>(<span class="watchers"[^>]*>[^<]*</span>)?`).exec(page)?.[1];
    expect(chip(await (await get(world.link())).text(), 1)).toBeUndefined();
    await command('watch', { id: '1' }, MEMBER);
    await command('watch', { id: '1' }, MANAGER);
    try {
      const en = await (await get(world.link())).text();
      expect(chip(en, 1)).toBe('<span class="watchers" title="2 people are named under the digests in which this subscription brings papers (/radar watch)">🔔 2</span>');
      expect(chip(en, 2)).toBeUndefined();
      expect(chip(await (await get(`${world.link()}&lang=zh`)).text(), 1)).toContain('日报下会提到 2 人');
    } finally {
      await command('watch', { id: '1', off: 'off' }, MEMBER);
      await command('watch', { id: '1', off: 'off' }, MANAGER);
    }
  });
});

describe('the schedule', () => {
  it('says when the next scheduled digest comes, in the page\'s language', async () => {
    // Tuesday noon UTC: today's 08:00 has passed (a running radar fires a digest at its time), so Wednesday's
    expect(await (await get(world.link())).text()).toContain('Next digest: Wed 2026-04-29 at 08:00 (UTC).');
    await command('settings', { name: 'days', value: 'mon' }, MANAGER);
    try {
      expect(await (await get(world.link())).text()).toContain('Next digest: Mon 2026-05-04 at 08:00 (UTC).');
      expect(await (await get(`${world.link()}&lang=zh`)).text()).toContain('下一期日报：2026-05-04（周一）08:00（UTC）。');
    } finally {
      await command('settings', { name: 'days', value: 'every' }, MANAGER);
    }
  });
});

describe('topic pages', () => {
  const topics = (link: string, q: string) => link.replace('?', `/topics?q=${encodeURIComponent(q)}&`);

  it('ranks the last 30 days for a query with a count per day, without an add button on a plain link', async () => {
    const text = await (await get(topics(world.link(), '"mixture of experts"'))).text();
    expect(text).toMatch(/2026-04-28<\/span><meter[^>]*value="\d+"/);
    expect(text).toContain('01.');
    expect(text).not.toContain('Add as a subscription');
    const bad = await (await get(topics(world.link(), 'author:'))).text();
    expect(bad).toContain('That query is not valid');
  });

  it('adds a subscription from a manager link only', async () => {
    const view = tokenOf(world.link());
    const refused = await post(`${world.base}/c/shell%3Aterminal/subscriptions`, { t: view, q: 'DAG' });
    expect(refused.status).toBe(403);
    const manage = world.link('manage', MANAGER);
    expect(await (await get(topics(manage, 'DAG'))).text()).toContain('Add as a subscription');
    const res = await post(`${world.base}/c/shell%3Aterminal/subscriptions`, { t: tokenOf(manage), q: 'DAG' });
    expect(res.status).toBe(303);
    const subs = await world.radar.services.store.subscriptions.list('shell:terminal');
    expect(subs.map((s) => s.query)).toContain('DAG');
    const after = await (await get(`${world.base}${res.headers.get('location')}`)).text();
    expect(after).toContain(`Subscribed #${subs.find((s) => s.query === 'DAG')!.number}`);
  });

  it('warns, as chat does, when the query added is made of common words only', async () => {
    const manage = world.link('manage', MANAGER);
    const res = await post(`${world.base}/c/shell%3Aterminal/subscriptions`, { t: tokenOf(manage), q: 'models' });
    const number = (await world.radar.services.store.subscriptions.list('shell:terminal')).find((s) => s.query === 'models')!.number;
    const after = await (await get(`${world.base}${res.headers.get('location')}`)).text();
    expect(after).toContain(`Subscribed #${number}`);
    expect(after).toContain(`#${number} is made only of very common words (&#96;models&#96;)`);
    // a link whose query was edited into one that does not parse still shows the notice
    const edited = await get(`${world.base}${res.headers.get('location')!.replace(/q=[^&]+/, 'q=author%3A')}`);
    expect(edited.status).toBe(200);
    expect(await edited.text()).toContain(`Subscribed #${number}`);
  });

  it('says why a subscription cannot be added: a misspelt category before the button, a duplicate after it', async () => {
    const manage = world.link('manage', MANAGER);
    const typo = await (await get(topics(manage, 'DAG cat:cs.LGG'))).text();
    expect(typo).toContain('is not an arXiv category');
    expect(typo).toContain('Did you mean &#96;cat:cs.LG&#96;?');
    expect(typo).not.toContain('Add as a subscription');
    // the same query posted twice (say, from two tabs): the page says it is already there, not a bare 400
    const again = await post(`${world.base}/c/shell%3Aterminal/subscriptions`, { t: tokenOf(manage), q: 'DAG' });
    expect(again.status).toBe(400);
    const text = await again.text();
    expect(text).toMatch(/This channel already has #\d+: &#96;DAG&#96;\./);
    expect(text).toContain('name="q" type="search" value="DAG"');
  });
});

describe('removing a subscription from a manager link', () => {
  it('shows Remove on the filtered page to managers only, asks first, removes, and says so', async () => {
    await command('add', { query: '"graph neural networks" zebrafish' }, MANAGER);
    const number = (await world.radar.services.store.subscriptions.list('shell:terminal')).find((s) => s.query.includes('zebrafish'))!.number;
    const page = (link: string) => `${link}&sub=${number}`;
    expect(await (await get(page(world.link()))).text()).not.toContain('class="remove-sub"');
    const manage = world.link('manage', MANAGER);
    // the unfiltered page has no Remove: a manager picks the chip first
    expect(await (await get(manage)).text()).not.toContain('class="remove-sub"');
    const filtered = await (await get(page(manage))).text();
    expect(filtered).toContain(`data-confirm="Remove subscription #${number} from this channel? Its watchers stop being named."`);
    expect(filtered).toContain(`<button type="submit">Remove #${number}</button>`);
    const url = `${world.base}/c/shell%3Aterminal/subscriptions/remove`;
    expect((await post(url, { t: tokenOf(world.link()), number: String(number) })).status).toBe(403);
    expect((await post(url, { t: tokenOf(manage), number: 'x' })).status).toBe(400);
    expect((await world.radar.services.store.subscriptions.list('shell:terminal')).some((s) => s.number === number)).toBe(true);
    const res = await post(url, { t: tokenOf(manage), number: String(number) });
    expect(res.status).toBe(303);
    expect((await world.radar.services.store.subscriptions.list('shell:terminal')).some((s) => s.number === number)).toBe(false);
    const after = await (await get(`${world.base}${res.headers.get('location')}`)).text();
    expect(after).toContain(`Removed #${number}: the channel’s digest no longer includes it.`);
    expect(after).not.toContain('zebrafish');
    // the same form posted again (a second tab): the page as it is, saying the subscription is gone
    const again = await post(url, { t: tokenOf(manage), number: String(number) });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(`There is no subscription #${number} in this channel any more.`);
  });
});

describe('digest settings from a manager link', () => {
  it('shows the form to managers only, refuses a bad value with the reason and nothing saved, saves the rest', async () => {
    const store = world.radar.services.store.channels;
    const before = await store.getSettings('shell:terminal');
    expect(await (await get(world.link())).text()).not.toContain('class="settings-form"');
    const manage = world.link('manage', MANAGER);
    const page = await (await get(manage)).text();
    expect(page).toContain('<summary>Digest settings</summary>');
    expect(page).toContain(`name="time" type="time" required value="${before.time}"`);
    expect(page).toContain(`name="timezone" maxlength="100" required value="${before.timezone}"`);
    const url = `${world.base}/c/shell%3Aterminal/settings`;
    expect((await post(url, { t: tokenOf(world.link()), time: '09:30' })).status).toBe(403);
    expect(await store.getSettings('shell:terminal')).toEqual(before);

    const refused = await post(url, { t: tokenOf(manage), time: '09:30', timezone: 'Mars/Olympus' });
    expect(refused.status).toBe(400);
    const text = await refused.text();
    expect(text).toContain('role="alert">Invalid value for timezone: an IANA time zone such as Europe/Berlin or Asia/Shanghai</p>');
    expect(text).toContain('<details class="settings-panel" open>');
    expect(text).toContain('value="Mars/Olympus"');
    expect(await store.getSettings('shell:terminal')).toEqual(before);

    try {
      const saved = await post(url, { t: tokenOf(manage), time: '09:30', timezone: 'Asia/Shanghai', days: 'mon,thu', pause: before.pausedUntil ?? 'off' });
      expect(saved.status).toBe(303);
      expect(await store.getSettings('shell:terminal')).toEqual({ ...before, time: '09:30', timezone: 'Asia/Shanghai', days: 'mon,thu' });
      const after = await (await get(`${world.base}${saved.headers.get('location')}`)).text();
      expect(after).toContain('role="status">Settings saved.</p>');
      expect(after).toMatch(/Next digest: (Mon|Thu) \d{4}-\d\d-\d\d at 09:30 \(Asia\/Shanghai\)/);
    } finally {
      await store.updateSettings('shell:terminal', { time: before.time, timezone: before.timezone, days: before.days });
    }
  });
});

describe('the Atom feed', () => {
  it('gives anyone a year-long feed link that reads the matched papers and grants nothing else', async () => {
    const [reply] = await command('web', { mode: 'feed' });
    expect(reply?.where).toBe('ephemeral:terminal');
    expect(reply!.message.text).toMatch(/^This channel’s radar as an Atom feed/);
    const url = /https?:\/\/\S+/.exec(reply!.message.text)![0];
    expect(url.startsWith(`${world.base}/c/shell%3Aterminal/feed.atom?t=`)).toBe(true);
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const { feed } = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (n) => n === 'entry' }).parse(await res.text());
    const ids: string[] = feed.entry.map((e: { id: string }) => e.id);
    // the channel's matches, as its page ranks them (the page's first card is the feed's first entry)
    const page = await (await get(world.link())).text();
    const firstCard = /<article class="card" data-paper="arxiv:([^"]+)"/.exec(page)![1]!;
    expect(ids[0]).toBe(`https://arxiv.org/abs/${firstCard}`);
    expect(ids.length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
    expect(feed.link['@_href']).toBe(url);
    // a feed link opens neither the page nor a vote; a page link reads the feed too
    const feedToken = tokenOf(url);
    expect((await get(`${world.base}/c/shell%3Aterminal?t=${feedToken}`)).status).toBe(403);
    expect((await post(`${world.base}/c/shell%3Aterminal/vote`, { t: feedToken, paper: `arxiv:${firstCard}`, value: 'up' })).status).toBe(403);
    expect((await get(`${world.base}/c/shell%3Aterminal/feed.atom?t=${tokenOf(world.link())}`)).status).toBe(200);
    expect((await get(`${world.base}/c/shell%3Aterminal/feed.atom?t=${feedToken.slice(0, -2)}AA`)).status).toBe(403);
    expect((await get(`${world.base}/c/discord%3A1/feed.atom?t=${feedToken}`)).status).toBe(403);
  });
});

describe('votes', () => {
  it('records a vote without script (303 back) and refuses unknown papers and bad tokens', async () => {
    const t = tokenOf(world.link());
    const res = await post(`${world.base}/c/shell%3Aterminal/vote`, { t, paper: 'arxiv:2604.10001', value: 'down', back: '/c/shell%3Aterminal?t=x' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/c/shell%3Aterminal?t=x');
    expect(await createStoreFeedbackSink(world.radar.services.store.votes).votesOn('shell:terminal', ['arxiv:2604.10001'])).toEqual([
      expect.objectContaining({ voter: MEMBER.id, value: -1 }),
    ]);
    const away = await post(`${world.base}/c/shell%3Aterminal/vote`, { t, paper: 'arxiv:2604.10001', value: 'up', back: 'https://evil.example/' });
    expect(away.headers.get('location')).toMatch(/^\/c\/shell%3Aterminal\?t=/);
    expect((await post(`${world.base}/c/shell%3Aterminal/vote`, { t, paper: 'arxiv:9999.99999', value: 'up' })).status).toBe(404);
    expect((await post(`${world.base}/c/shell%3Aterminal/vote`, { t: `${t}x`, paper: 'arxiv:2604.10001', value: 'up' })).status).toBe(403);
  });
});

describe('health and metrics', () => {
  it('reports the store and adapters on /healthz', async () => {
    const res = await get(`${world.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, store: 'ok', adapters: [{ platform: 'shell', connected: true }] });
  });

  it('serves /metrics only with the bearer token', async () => {
    expect((await get(`${world.base}/metrics`)).status).toBe(401);
    const res = await get(`${world.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const name of ['radar_digests_posted_total', 'radar_posts_failed_total', 'radar_rate_limited_total', 'radar_ingest_duration_seconds', 'radar_llm_tokens_total', 'radar_queue_depth']) {
      expect(text).toContain(name);
    }
  });

  it('counts digests, cards, failed posts, 429s and the queue', async () => {
    const metric = async (name: string) => {
      const text = await (await get(`${world.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    };
    await world.radar.services.digests.digestNow(CHANNEL, (m) => world.adapter.responder(CHANNEL).reply(m));
    expect(await metric('radar_digests_posted_total')).toBe(1);
    expect(await metric('radar_cards_posted_total')).toBe(10);
    expect(await metric('radar_queue_depth')).toBeGreaterThan(0);
    world.adapter.failWith = new DeliveryError('rate_limited', 'HTTP 429 Too Many Requests', false);
    await expect(world.radar.services.chat.post(CHANNEL, { text: 'x' })).rejects.toThrow();
    world.adapter.failWith = undefined;
    expect(await metric('radar_posts_failed_total')).toBe(1);
    expect(await metric('radar_rate_limited_total')).toBe(1);
  });

  it('sets security headers on pages', async () => {
    const res = await get(world.link());
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

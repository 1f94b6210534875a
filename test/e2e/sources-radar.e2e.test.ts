/**
 * The extra sources through the core: `startRadar` with `sourcesExtension()`, the arXiv, Hugging Face,
 * journal and Crossref loopback emulators, a recording chat adapter. One card per work across sources,
 * `/radar trending`, `/radar source add|list` with SSRF refusals, hostile feeds that harm nobody else, and
 * an exactly-once follow-up in a Discuss thread across a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRadar, type RunningRadar } from '../../src/app/start-radar.js';
import { silentLogger } from '../../src/logger.js';
import { allCommands } from '../../commands/index.js';
import type { ResolveHost } from '../../src/sources/safe-fetch.js';
import { buildRssListing, startArxivEmulator, type ArxivEmulator, type SyntheticPaper } from '../emulators/arxiv/arxiv-emulator.js';
import { startHfEmulator, type HfEmulator } from '../emulators/hf/hf-emulator.js';
import { buildRss2Toc, startJournalEmulator, type JournalEmulator } from '../emulators/journal/journal-emulator.js';
import { startCrossrefEmulator, type CrossrefEmulator } from '../emulators/crossref/crossref-emulator.js';
import { manager, RecordingAdapter, shellChannel } from '../fakes/recording.js';
import { fakeClock, type FakeClock } from '../fakes/clock.js';

const CATS = 'cs.AI+cs.CL+cs.CV+cs.LG';
const NMI_DOI = '10.1038/s42256-026-00001-1';
const msa: SyntheticPaper = {
  id: '2606.13392',
  title: 'MiniMax Sparse Attention',
  abstract: 'Ultra-long-context capability is becoming indispensable for frontier LLMs.',
  authors: ['MiniMax Team'],
  categories: ['cs.LG', 'cs.CL'],
  announceType: 'new',
};
const routing: SyntheticPaper = {
  id: '2606.55555',
  title: 'Learning to Route Experts',
  abstract: 'We learn a router for sparse mixtures of experts.',
  authors: ['Ada Lovelace', 'Alan Turing'],
  categories: ['cs.LG'],
  announceType: 'new',
  doi: NMI_DOI,
};
const nmiToc = buildRss2Toc('Nature Machine Intelligence', [
  { title: 'Learning to route experts', doi: NMI_DOI, authors: ['Ada Lovelace', 'Alan Turing'], date: '2026-06-11', volume: '8' },
  { title: 'An unrelated perspective on robotics', doi: '10.1038/s42256-026-00002-2', authors: ['Grace Hopper'], date: '2026-06-11' },
]);

let arxiv: ArxivEmulator;
let hf: HfEmulator;
let journal: JournalEmulator;
let crossref: CrossrefEmulator;
let dir: string;
const running: RunningRadar[] = [];

beforeAll(async () => {
  [arxiv, hf, journal, crossref] = await Promise.all([startArxivEmulator({ day: '2026-06-12' }), startHfEmulator(), startJournalEmulator(), startCrossrefEmulator()]);
  journal.setFeed('/nmi.rss', nmiToc);
  journal.setRedirect('/to-private', 'http://10.0.0.5/feed.rss');
  crossref.addWork({
    DOI: NMI_DOI,
    title: ['Learning to route experts'],
    'container-title': ['Nature Machine Intelligence'],
    author: [
      { given: 'Ada', family: 'Lovelace', ORCID: 'http://orcid.org/0000-0001-2345-6789', sequence: 'first' },
      { given: 'Alan', family: 'Turing', sequence: 'additional' },
    ],
    published: { 'date-parts': [[2026, 6, 11]] },
    abstract: '<jats:p>We learn a router.</jats:p>',
  });
  dir = mkdtempSync(join(tmpdir(), 'radar-sources-'));
});
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});
afterAll(async () => {
  await Promise.all([arxiv.close(), hf.close(), journal.close(), crossref.close()]);
  rmSync(dir, { recursive: true, force: true });
});

/** DNS for the tests: a public-looking name that points at loopback; everything else is unknown. */
const dns: ResolveHost = async (host) => {
  if (host === 'feeds.example-journal.org') return [{ address: '127.0.0.1', family: 4 }];
  throw new Error(`getaddrinfo ENOTFOUND ${host}`);
};

async function boot(db: string, clock: FakeClock, adapter = new RecordingAdapter()) {
  const radar = await startRadar({
    env: {
      RADAR_DB: `sqlite://${join(dir, db)}`,
      ARXIV_RSS_URL: arxiv.rssUrl,
      ARXIV_MIN_INTERVAL_MS: '0',
      ARXIV_EMPTY_RETRIES: '0',
      HTTP_RETRIES: '1',
      HF_API_URL: hf.apiUrl,
      CROSSREF_API_URL: crossref.apiUrl,
      RADAR_CONTACT_EMAIL: 'radar@example.org',
      RADAR_FEED_ALLOW_HOSTS: journal.host,
      RADAR_FEED_MAX_BYTES: '5000000',
    },
    logger: silentLogger(),
    clock,
    scheduler: 'manual',
    catchUp: false,
    adapters: [adapter],
    commands: allCommands,
    capabilities: { sources: { resolve: dns } },
  });
  running.push(radar);
  return { radar, adapter };
}

const command = (radar: RunningRadar, adapter: RecordingAdapter, name: string, options: Record<string, string | number> = {}, channel = shellChannel()) =>
  radar.handlers.onCommand({ name, options, channel, user: manager }, adapter.responder(channel));

const lastText = (adapter: RecordingAdapter): string => adapter.sent.at(-1)?.message.text ?? '';

describe('one card per work', () => {
  it('a paper in the arXiv listing and HF daily papers, and an arXiv paper whose DOI a journal item carries, are each posted once with every source', async () => {
    arxiv.setListing(CATS, buildRssListing([msa, routing], { categories: CATS, day: '2026-06-12' }));
    const { radar, adapter } = await boot('merge.sqlite', fakeClock('2026-06-12T12:00:00Z'));
    await command(radar, adapter, 'source', { action: 'add', target: journal.feedUrl('/nmi.rss') });
    expect(lastText(adapter)).toContain('This channel now reads **Nature Machine Intelligence** (2 items in the feed now)');
    await command(radar, adapter, 'add', { query: 'cat:cs.LG' });
    adapter.sent.length = 0;

    await command(radar, adapter, 'digest');
    const cards = adapter.sent.flatMap((r) => r.message.cards ?? []);
    expect(cards.map((c) => c.paperId).sort()).toEqual(['arxiv:2606.13392', 'arxiv:2606.55555']);
    const byId = new Map(cards.map((c) => [c.paperId, c]));
    expect(byId.get('arxiv:2606.13392')!.sourceLabel).toBe('arXiv (cs.LG) · HF ▲103 💬4 · code ★251');
    expect(byId.get('arxiv:2606.55555')!.sourceLabel).toBe('arXiv (cs.LG) · Nature Machine Intelligence');

    // The merged record carries the journal DOI and Crossref's ORCID; Crossref was asked politely.
    const stored = await radar.services.store.papers.get('arxiv:2606.55555');
    expect(stored?.venue).toBe('Nature Machine Intelligence');
    expect(stored?.authors[0]).toMatchObject({ name: 'Ada Lovelace', orcid: 'https://orcid.org/0000-0001-2345-6789' });
    expect(crossref.requestedDois()).toContain(NMI_DOI);
    expect(crossref.server.requests.every((r) => r.query.get('mailto') === 'radar@example.org')).toBe(true);

    // A second digest posts neither again.
    adapter.sent.length = 0;
    await command(radar, adapter, 'digest');
    expect(adapter.cards()).toEqual([]);
  });
});

describe('/radar trending', () => {
  it('ranks today’s HF papers by upvotes; with subscriptions only the matching ones', async () => {
    arxiv.setListing(CATS, buildRssListing([msa], { categories: CATS, day: '2026-06-12' }));
    const { radar, adapter } = await boot('trending.sqlite', fakeClock('2026-06-12T12:00:00Z'));
    await command(radar, adapter, 'settings', { name: 'size', value: 4 });
    adapter.sent.length = 0;
    await command(radar, adapter, 'trending');
    const top = adapter.sent.at(-1)!.message;
    expect(top.cards?.map((c) => c.paperId)).toEqual(['arxiv:2606.13681', 'arxiv:2606.13392', 'arxiv:2606.08063', 'arxiv:2606.13289']);
    expect(top.cards?.[0]?.sourceLabel).toBe('HF ▲118 💬3 · code ★9');
    expect(top.text).toContain('by upvotes');

    await radar.ingestNow();
    await command(radar, adapter, 'add', { query: 'cat:cs.LG' });
    await command(radar, adapter, 'trending');
    expect(adapter.sent.at(-1)!.message.cards?.map((c) => c.paperId)).toEqual(['arxiv:2606.13392']);
  });
});

describe('/radar source', () => {
  it('refuses internal addresses with a clear message; an allowed emulator feed works', async () => {
    const { radar, adapter } = await boot('ssrf.sqlite', fakeClock('2026-06-12T12:00:00Z'));
    const refused = [
      'http://127.0.0.1/',
      'http://localhost/',
      'http://10.0.0.5/',
      'http://[::1]/',
      'http://169.254.169.254/',
      'http://[::ffff:0:127.0.0.1]/',
      'https://feeds.example-journal.org/rss',
      journal.feedUrl('/to-private'),
    ];
    for (const url of refused) {
      await command(radar, adapter, 'source', { action: 'add', target: url });
      const last = adapter.sent.at(-1)!;
      expect(last.where).toBe('ephemeral:lab');
      // The refusal says what is wrong and nothing about what the name resolved to.
      expect(last.message.text).toBe('I can’t read that feed: that address is not allowed');
    }
    await command(radar, adapter, 'source', { action: 'add', target: journal.feedUrl('/nature.rss') });
    expect(lastText(adapter)).toContain('This channel now reads **Nature** (75 items in the feed now)');
    await command(radar, adapter, 'source', { action: 'add', target: 'nmi' });
    await command(radar, adapter, 'source', { action: 'list' });
    const list = lastText(adapter);
    expect(list).toContain(`• **Nature**: ${journal.feedUrl('/nature.rss')}`);
    expect(list).toContain('• **Nature Machine Intelligence** (`nmi`): https://www.nature.com/natmachintell.rss');
    expect(list).toContain('• `tpami` — IEEE Transactions on Pattern Analysis and Machine Intelligence');
    expect(list).not.toContain('127.0.0.1/`');
    await command(radar, adapter, 'source', { action: 'remove', target: 'nmi' });
    expect(lastText(adapter)).toBe('Removed journal feed **Nature Machine Intelligence**.');
  });

  it('refuses a 10 MB feed, malformed XML and an entity bomb at add time', async () => {
    journal.setFault('/huge.rss', 'oversize', { bytes: 10 * 1024 * 1024 });
    journal.setFault('/broken.rss', 'malformed');
    journal.setFault('/bomb.rss', 'entity-bomb');
    const { radar, adapter } = await boot('hostile-add.sqlite', fakeClock('2026-06-12T12:00:00Z'));
    await command(radar, adapter, 'source', { action: 'add', target: journal.feedUrl('/huge.rss') });
    expect(lastText(adapter)).toBe('That feed is too large');
    await command(radar, adapter, 'source', { action: 'add', target: journal.feedUrl('/broken.rss') });
    expect(lastText(adapter)).toBe('That feed is not well-formed XML');
    await command(radar, adapter, 'source', { action: 'add', target: journal.feedUrl('/bomb.rss') });
    expect(lastText(adapter)).toMatch(/^That feed declares XML entities/);
    expect(await radar.services.store.journalFeeds.list('shell:lab')).toEqual([]);
  });

  it('feeds that turn hostile later do not harm the other sources at ingest', async () => {
    arxiv.setListing(CATS, buildRssListing([msa], { categories: CATS, day: '2026-06-12' }));
    for (const path of ['/later-huge.rss', '/later-broken.rss', '/later-bomb.rss']) journal.setFeed(path, buildRss2Toc(`Journal ${path}`, []));
    const { radar, adapter } = await boot('hostile-ingest.sqlite', fakeClock('2026-06-12T12:00:00Z'));
    for (const path of ['/later-huge.rss', '/later-broken.rss', '/later-bomb.rss', '/nature.rss']) {
      await command(radar, adapter, 'source', { action: 'add', target: journal.feedUrl(path) });
    }
    journal.setFault('/later-huge.rss', 'oversize', { bytes: 10 * 1024 * 1024 });
    journal.setFault('/later-broken.rss', 'malformed');
    journal.setFault('/later-bomb.rss', 'entity-bomb');

    const result = (await radar.ingestNow()) as { stored: number; notes: string[] };
    const papers = radar.services.store.papers;
    expect(await papers.get('arxiv:2606.13392')).toMatchObject({ title: 'MiniMax Sparse Attention' });
    expect(await papers.get('doi:10.1038/s41586-024-07956-2')).toMatchObject({ venue: 'Nature' });
    expect(await papers.get('arxiv:2606.13681')).toMatchObject({ hf: expect.objectContaining({ upvotes: 118 }) });
    expect(result.notes.join('\n')).toMatch(/too large/);
    await command(radar, adapter, 'source', { action: 'list' });
    const list = lastText(adapter);
    expect(list).toMatch(/later-huge\.rss — ⚠️ The feed at .* is too large/);
    expect(list).toMatch(/later-broken\.rss — ⚠️ Malformed XML/);
    expect(list).toMatch(/later-bomb\.rss — ⚠️ Refusing XML with a DOCTYPE declaring entities/);
    expect(list).toContain('nature.rss — 75 items at last read');
  });
});

describe('follow-ups', () => {
  it('a posted paper that reappears as v2 with a changed abstract gets exactly one reply in its thread, none after a restart', async () => {
    arxiv.setListing(CATS, buildRssListing([routing], { categories: CATS, day: '2026-06-12' }));
    const clock = fakeClock('2026-06-12T12:00:00Z');
    const first = await boot('followup.sqlite', clock);
    await command(first.radar, first.adapter, 'add', { query: 'cat:cs.LG' });
    await command(first.radar, first.adapter, 'digest');
    expect(first.adapter.cards()).toContain('arxiv:2606.55555');
    await first.radar.handlers.onAction(
      { kind: 'discuss', paperId: 'arxiv:2606.55555', channel: shellChannel(), user: manager },
      first.adapter.responder(shellChannel()),
    );
    const threadId = (await first.radar.services.store.ledger.get('shell:lab', 'arxiv:2606.55555'))?.threadId;
    expect(threadId).toBeTruthy();

    const v2 = { ...routing, version: 2, announceType: 'replace' as const, abstract: 'We learn a router for sparse mixtures of experts, with load balancing.' };
    arxiv.setListing(CATS, buildRssListing([v2], { categories: CATS, day: '2026-06-15' }));
    clock.set('2026-06-15T12:00:00Z');
    first.adapter.sent.length = 0;
    await first.radar.ingestNow();
    const inThread = first.adapter.sent.filter((r) => r.where === `thread:${threadId}`);
    expect(inThread).toHaveLength(1);
    expect(inThread[0]!.message.text).toContain('new version v2 (was v1) · title unchanged · abstract changed');
    // Not a new card either: it was already posted here.
    await command(first.radar, first.adapter, 'digest');
    expect(first.adapter.cards()).toEqual([]);
    await first.radar.stop();
    running.length = 0;

    clock.set('2026-06-15T13:00:00Z');
    const second = await boot('followup.sqlite', clock);
    await second.radar.ingestNow();
    expect(second.adapter.sent.filter((r) => r.where.startsWith('thread:'))).toEqual([]);
  });

  it('without a thread, the change is an "Updated" card in the next digest — once, and still there after a restart before it', async () => {
    arxiv.setListing(CATS, buildRssListing([routing], { categories: CATS, day: '2026-06-12' }));
    const clock = fakeClock('2026-06-12T12:00:00Z');
    const first = await boot('followup-digest.sqlite', clock);
    await command(first.radar, first.adapter, 'add', { query: 'cat:cs.LG' });
    await command(first.radar, first.adapter, 'digest');
    expect(first.adapter.cards()).toContain('arxiv:2606.55555');
    const v2 = { ...routing, version: 2, announceType: 'replace' as const, abstract: 'We learn a router for sparse mixtures of experts, with load balancing.' };
    arxiv.setListing(CATS, buildRssListing([v2], { categories: CATS, day: '2026-06-15' }));
    clock.set('2026-06-15T12:00:00Z');
    await first.radar.ingestNow();
    // the radar stops before any digest took the update: it waits in the store
    await first.radar.stop();
    running.length = 0;

    const second = await boot('followup-digest.sqlite', clock);
    second.adapter.sent.length = 0;
    await command(second.radar, second.adapter, 'digest');
    const cards = second.adapter.sent.flatMap((r) => r.message.cards ?? []);
    expect(cards.map((c) => [c.paperId, c.note])).toEqual([['arxiv:2606.55555', expect.stringContaining('new version v2 (was v1)')]]);
    second.adapter.sent.length = 0;
    await command(second.radar, second.adapter, 'digest');
    expect(second.adapter.sent.flatMap((r) => r.message.cards ?? [])).toEqual([]);
    expect(await second.radar.services.store.pendingUpdates.list('shell:lab', '2026-01-01')).toEqual([]);
  });
});

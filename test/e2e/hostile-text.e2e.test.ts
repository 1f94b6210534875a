/**
 * Hostile text at the edges, on PostgreSQL (which cannot store a NUL at all): a query or a thread question
 * carrying control characters, a bidi override or a soft hyphen pasted from a PDF, and a model answering with
 * them. Everything is cleaned where it comes in: the command is answered (it used to fail as "storage busy",
 * however often it was retried), the subscription matches the word the user meant, and nothing posted or
 * stored carries a control or bidi character. The REAL openai client against the loopback emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/index.js';
import { startRadar, type RunningRadar } from '../../src/app/start-radar.js';
import { silentLogger } from '../../src/logger.js';
import { createTempPgDatabase, type TempPgDatabase } from '../contract/pg-temp.js';
import { buildRssListing, startArxivEmulator, syntheticPapers, type ArxivEmulator } from '../emulators/arxiv/arxiv-emulator.js';
import { startOpenAiEmulator, type OpenAiEmulator } from '../emulators/openai/openai-emulator.js';
import { fakeClock } from '../fakes/clock.js';
import { manager, RecordingAdapter, shellChannel } from '../fakes/recording.js';
import { FIXTURE_PAPERS } from '../unit/radar-fixture-papers.js';

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

let db: TempPgDatabase;
let emu: OpenAiEmulator;
let arxiv: ArxivEmulator;
let radar: RunningRadar;
const adapter = new RecordingAdapter();
const channel = shellChannel();

beforeAll(async () => {
  db = await createTempPgDatabase('hostile');
  emu = await startOpenAiEmulator();
  arxiv = await startArxivEmulator({ day: '2026-04-30' });
  radar = await startRadar({
    commands: allCommands,
    env: {
      RADAR_DB: db.url, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: emu.baseURL, ARXIV_RSS_URL: arxiv.rssUrl, ARXIV_MIN_INTERVAL_MS: '0', ARXIV_EMPTY_RETRIES: '0', RADAR_CATEGORIES: 'cs.LG',
      RADAR_HF: 'false', HTTP_RETRIES: '0', LOG_LEVEL: 'silent',
    },
    logger: silentLogger(),
    clock: fakeClock('2026-04-30T09:00:00Z'),
    scheduler: 'manual',
    catchUp: false,
    adapters: [adapter],
    capabilities: { briefing: {} },
  });
  await radar.services.store.papers.putMany(FIXTURE_PAPERS);
});
afterAll(async () => {
  await radar?.stop();
  await emu?.close();
  await arxiv?.close();
  await db?.drop();
});

const reply = async (name: string, options: Record<string, string>) => {
  const responder = adapter.responder(channel);
  await radar.handlers.onCommand({ name, options, channel, user: manager }, responder);
  return responder.replies;
};
const run = async (name: string, options: Record<string, string>) => (await reply(name, options)).map((r) => r.text).join('\n');

describe('hostile text on PostgreSQL', () => {
  it('a query with a NUL, a bidi override and a soft hyphen is stored as the words the user meant', async () => {
    expect(await run('add', { query: 'con\u00ADvex \u202Eneural\u0000' })).toBe('Subscribed #1: `convex neural`');
    expect(await run('add', { query: 'sparse\u0007routing' })).toBe('Subscribed #2: `sparse routing`');
    const stored = (await radar.services.store.subscriptions.list('shell:lab')).map((s) => s.query);
    expect(stored).toEqual(['convex neural', 'sparse routing']);
    // the soft hyphen no longer splits the word: the subscription finds the fixture's convex-network paper
    const found = await reply('search', { query: 'con\u00ADvex\u0000 neural' });
    expect(found.flatMap((r) => r.cards ?? []).map((c) => c.paperId)).toContain('arxiv:2604.26942');
  });

  it('a thread question with a NUL and a model answer full of control and bidi characters are stored and posted clean', async () => {
    emu.script(() => 'They use\u0000 MNIST \u202Etsinm\u202C and a bell\u0007.');
    await radar.handlers.onAction({ kind: 'discuss', channel, user: manager, paperId: 'arxiv:2604.26942' }, adapter.responder(channel));
    const threadId = [...adapter.sent].reverse().find((s) => s.where.startsWith('thread:'))!.where.slice('thread:'.length);
    const responder = adapter.responder(channel);
    await radar.handlers.onThreadMessage({ thread: { channel, id: threadId }, user: manager, text: 'Which\u0000 data?' }, responder);
    const answer = responder.replies.map((r) => r.text).join('\n');
    expect(answer).toContain('They use MNIST tsinm and a bell.');
    const turns = await radar.services.store.threads.turns(`shell:lab/${threadId}`, 10);
    expect(turns.map((t) => t.text.split('\n')[0])).toEqual(['Which  data?', 'They use MNIST tsinm and a bell.']);
    expect(emu.chatRequests().at(-1)!.body.messages!.map((m) => m.content)).toContain('Which  data?');
    // `/radar ask` stores the model's answer through the briefing service: cleaned by the LLM client itself
    expect(await run('ask', { paper: '2604.26942', question: 'What\u0000 data?' })).toContain('They use MNIST tsinm and a bell.');
    for (const sent of adapter.sent) expect(sent.message.text).not.toMatch(UNSAFE);
  });

  it('a listing whose text carries a raw NUL, an encoded BEL and a soft hyphen is stored clean and matches the word', async () => {
    const papers = syntheticPapers(3, ['cs.LG']).map((p, i) => (i === 0 ? { ...p, title: 'Null\u0000 byte in a title', abstract: `Bell &#x7; and dif\u00ADfusion. ${p.abstract}` } : p));
    // buildRssListing escapes the text: the `&#x7;` arrives as an entity the cleaner decodes, the NUL raw
    arxiv.setListing('cs.LG', buildRssListing(papers, { categories: 'cs.LG', day: '2026-04-30' }).replace('&amp;#x7;', '&#x7;'));
    const ingest = radar.services.ingest as unknown as { force(): Promise<{ stored: number; problems: unknown[] }> };
    const result = await ingest.force();
    expect(result.problems).toEqual([]);
    expect(result.stored).toBe(3);
    const stored = await radar.services.store.papers.get(`arxiv:${papers[0]!.id}`);
    expect(stored?.title).toBe('Null byte in a title');
    expect(stored?.abstract).toMatch(/^Bell and diffusion\. /);
    const found = await reply('search', { query: 'abs:diffusion title:null' });
    expect(found.flatMap((r) => r.cards ?? []).map((c) => c.paperId)).toEqual([`arxiv:${papers[0]!.id}`]);
  });
});


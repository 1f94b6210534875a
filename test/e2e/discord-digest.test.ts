/**
 * Digests on Discord through the real client and the real core: embeds for exactly the matching papers,
 * split within Discord's limits; Shuffle posts the next batch; Discuss opens a thread; an @mention in that
 * thread is answered in the thread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBibtex } from '../../src/papers/bibtex.js';
import { messageProblems } from '../emulators/discord/limits.js';
import { channelPosts, LISTING_DAY, moePapers, startDiscordHarness, type DiscordHarness } from './discord-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const cardIds = (bodies: Json[]): string[] =>
  bodies.flatMap((b) => (b.embeds ?? []).map((e: Json) => String(e.footer?.text ?? '').split(' · ').pop()));

function expectWithinLimits(bodies: Json[]): void {
  for (const b of bodies) {
    expect(messageProblems(b, true)).toEqual([]);
    expect((b.embeds ?? []).length).toBeLessThanOrEqual(10);
    expect(b.allowed_mentions).toEqual({ parse: [] });
  }
}

describe('discord digest: 25 matching papers in one batch', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ papers: moePapers(25, 7), env: { RADAR_DIGEST_SIZE: '25' } });
    await h.command('add', { query: '"mixture of experts"' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('defers, then posts every matching paper exactly once across messages within the limits', async () => {
    const a = await h.command('digest');
    expect(a.callback.type).toBe(5); // slow command: deferred first
    const withCards = a.bodies.filter((b) => (b.embeds ?? []).length > 0);
    expect(withCards.length).toBeGreaterThanOrEqual(3);
    const ids = cardIds(withCards);
    const expected = moePapers(25, 0).map((p) => `arxiv:${p.id}`);
    expect([...ids].sort()).toEqual([...expected].sort());
    expect(new Set(ids).size).toBe(25);
    expectWithinLimits(a.bodies);
    for (const b of withCards) {
      for (const e of b.embeds) expect(e.url).toMatch(/^https:\/\/arxiv\.org\/abs\/2604\.3\d{4}/);
    }
    // Nothing from the non-matching papers.
    expect(JSON.stringify(a.bodies)).not.toContain('Graph neural networks');
    // what the query hit is bold in every card's summary
    for (const b of withCards) for (const e of b.embeds) expect(e.description).toMatch(/We route tokens through a \*\*mixture of experts\*\* \(variant \d+\)/);
  });
});

describe('discord: /radar cite after a digest', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ papers: [{ ...moePapers(1, 0)[0]!, title: 'Routing 50% & more_of {it}: $\\mathbb{R}^n$ experts' }] });
    await h.command('add', { query: 'experts' });
    await h.command('digest');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('posts the BibTeX byte for byte, LaTeX escapes and math intact', async () => {
    const paper = (await h.radar.services.findPaper('2604.30000'))!;
    const a = await h.command('cite', { papers: 'https://arxiv.org/abs/2604.30000v1' });
    expect(a.callback.data.content).toBe(`\`\`\`\n${toBibtex([paper])}\n\`\`\``);
    expect(a.callback.data.content).toContain('title={Routing 50\\% \\& more\\_of \\{it\\}: $\\mathbb{R}^n$ experts}');
  });
});

describe('discord digest: Shuffle, Discuss and thread Q&A', () => {
  let h: DiscordHarness;
  let digestMessages: Json[];
  beforeAll(async () => {
    h = await startDiscordHarness({ papers: moePapers(13, 4) });
    await h.command('add', { query: '"mixture of experts"' });
    await h.command('digest');
    digestMessages = h.discord.messagesIn(h.discord.world.channelId).filter((m) => m.embeds.length > 0);
  });
  afterAll(async () => {
    await h?.close();
  });

  const buttons = (m: Json): Json[] => (m.components ?? []).flatMap((r: Json) => r.components);

  it('posts the first 10 with one Discuss button per card and a Shuffle button under the last message', () => {
    expect(cardIds(digestMessages)).toHaveLength(10);
    const last = digestMessages[digestMessages.length - 1]!;
    expect(buttons(last).some((b) => b.custom_id === 'radar:shuffle' && b.label === '换一批 Shuffle')).toBe(true);
    for (const m of digestMessages) {
      const discuss = buttons(m).filter((b) => String(b.custom_id).startsWith('radar:discuss'));
      expect(discuss).toHaveLength(m.embeds.length);
    }
  });

  it('Shuffle posts the next batch (the remaining 3 papers)', async () => {
    const last = digestMessages[digestMessages.length - 1]!;
    const a = await h.click(last, 'radar:shuffle');
    expect(a.callback.type).toBe(6); // deferred update: the digest message itself is left alone
    const ids = cardIds(a.bodies);
    expect(ids).toHaveLength(3);
    const first = cardIds(digestMessages);
    for (const id of ids) expect(first).not.toContain(id);
    expectWithinLimits(a.bodies);
  });

  it('Discuss opens a thread on a message about the paper, and an @mention in it is answered there', async () => {
    const m = digestMessages[0]!;
    const button = buttons(m).find((b) => String(b.custom_id).startsWith('radar:discuss'))!;
    const paperId = String(button.custom_id).slice('radar:discuss:'.length);
    const a = await h.click(m, button.custom_id);
    expect(a.callback.type).toBe(6);
    const create = h.discord.calls.find((c) => c.method === 'POST' && /^\/channels\/\d+\/messages\/\d+\/threads$/.test(c.path));
    expect(create?.status).toBe(201);
    expect(create!.body.name.length).toBeLessThanOrEqual(100);
    expect(create!.body.name).toContain('mixture of experts');
    const threadId = create!.path.split('/')[4]!; // a thread started on a message takes the message's id
    const thread = h.discord.rest.channels.get(threadId)!;
    expect(thread.parent_id).toBe(h.discord.world.channelId);
    const root = h.discord.rest.messages.get(threadId)!;
    expect(JSON.stringify(root.embeds)).toContain(paperId);
    expect(h.discord.messagesIn(threadId).length).toBeGreaterThan(0); // the bot's opening line in the thread

    const answer = await h.mention(threadId, 'what is the main result?');
    expect(answer.status).toBe(200);
    expect(answer.body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(answer.body)).toContain('mixture of experts');
    const turns = await h.radar.services.store.threads.turns(`discord:${h.discord.world.channelId}/${threadId}`, 10);
    expect(turns.map((t) => t.role)).toEqual(['user', 'assistant']);
    expect(turns[0]!.text).toBe('what is the main result?'); // the mention itself is stripped
  });
});

describe('discord digest: /radar watch names the watcher, and only them may be pinged', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ papers: moePapers(3, 2) });
    await h.command('add', { query: '"mixture of experts"' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('writes <@id> and their cards under the header, with allowed_mentions listing exactly that user', async () => {
    const watch = await h.command('watch', { id: 1 }, { manager: false });
    expect(watch.callback.data.flags & 64).toBe(64); // ephemeral
    expect(watch.callback.data.content).toContain('You will be named under each digest in which #1');
    const a = await h.command('digest');
    const header = a.bodies.find((b) => String(b.content ?? '').includes('AcademicHub digest'))!;
    expect(header.content).toContain('\n🔔 <@200000000000000002> 01, 02, 03');
    for (const b of a.bodies.filter((x) => (x.embeds ?? []).length > 0 || x === header)) {
      expect(b.allowed_mentions).toEqual({ parse: [], users: ['200000000000000002'] });
    }
    expect(JSON.stringify(a.bodies)).not.toContain('200000000000000001'); // the manager watches nothing
  });
});

describe('discord scheduled digest over REST: the watcher named, allowed_mentions listing them', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ papers: moePapers(2, 1) });
    await h.command('add', { query: '"mixture of experts"' });
    await h.command('watch', { id: 1 }, { manager: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('posts <@id> in the header message and lets exactly that user be pinged', async () => {
    h.clock.set(`${LISTING_DAY}T08:01:00Z`);
    await h.radar.runDueSchedules();
    const posts = channelPosts(h).filter((c) => c.status === 200);
    const header = posts.map((c) => c.body as Json).find((b) => String(b.content ?? '').includes('AcademicHub digest'))!;
    expect(header.content).toContain('\n🔔 <@200000000000000002> 01, 02');
    expect(header.allowed_mentions).toEqual({ parse: [], users: ['200000000000000002'] });
  });
});

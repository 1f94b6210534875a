import { afterEach, describe, expect, it } from 'vitest';
import { hfDailyItem, startHfEmulator, type HfEmulator } from '../../emulators/hf/hf-emulator.js';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
let hf: HfEmulator | undefined;
afterEach(async () => {
  await world?.stop();
  await hf?.close();
  hf = undefined;
});

const DAY = '2026-04-30';
const items = [
  hfDailyItem({ id: '2604.26881', title: 'FaaSMoE: A Serverless Framework for Multi-Tenant Mixture-of-Experts Serving', upvotes: 4 }),
  hfDailyItem({ id: '2604.26841', title: 'Language Diffusion Models are Associative Memories', upvotes: 30 }),
  hfDailyItem({ id: '2604.99999', title: 'A brand new mixture of experts router', summary: 'Sparse mixture of experts.', upvotes: 12 }),
];

async function worldWithHf(daily: unknown[], env: Record<string, string> = {}) {
  hf = await startHfEmulator({ daily: { [DAY]: daily } });
  world = await startTestWorld({ capabilities: { sources: { hf: false } }, env: { HF_API_URL: hf.apiUrl, ...env } });
}

describe('/radar trending', () => {
  it('says trending is not enabled when the capability is absent', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('trending'))).toBe('Hugging Face trending papers are not enabled here.');
  });

  it('ranks today’s matching HF papers by upvotes, merged with the stored arXiv record', async () => {
    await worldWithHf(items);
    await world.run('add', { query: '"mixture of experts"' });
    const reply = (await world.run('trending')).replies[0]!;
    expect(reply.text).toBe(`**Trending on Hugging Face · ${DAY}** — 2 of 2 matching this channel, by upvotes`);
    expect(reply.cards!.map((c) => c.paperId)).toEqual(['arxiv:2604.99999', 'arxiv:2604.26881']);
    // The HF-only paper is stored so Discuss can open a thread on it.
    expect(await world.radar.services.findPaper('2604.99999')).toBeDefined();
  });

  it('shows the top papers when the channel has no subscriptions, and says when HF has nothing', async () => {
    await worldWithHf(items);
    const reply = (await world.run('trending')).replies[0]!;
    expect(reply.cards!.map((c) => c.paperId)).toEqual(['arxiv:2604.26841', 'arxiv:2604.99999', 'arxiv:2604.26881']);
    hf!.setDaily(DAY, []);
    expect(world.text(await world.run('trending'))).toBe(`Hugging Face has no daily papers for ${DAY} yet.`);
  });

  it('says why Hugging Face could not be read in the channel’s language, never the raw error', async () => {
    await worldWithHf(items);
    // HF's own retries (two, Retry-After 0 here) all answer 503, for both commands
    hf!.server.queue({ status: 503, body: 'upstream down', headers: { 'content-type': 'text/plain', 'retry-after': '0' } }, 6);
    expect(world.text(await world.run('trending'))).toBe('Hugging Face Papers is not answering right now (the server answered with an error). Try again later.');
    await world.run('settings', { name: 'language', value: 'zh' });
    expect(world.text(await world.run('trending'))).toBe('Hugging Face Papers 暂时没有响应（服务器返回了错误）。请稍后再试。');
    await hf!.close();
    hf = undefined;
    const offline = world.text(await world.run('trending'));
    expect(offline).toBe('Hugging Face Papers 暂时没有响应（网络错误）。请稍后再试。');
    expect(offline).not.toMatch(/fetch failed|127\.0\.0\.1|http/);
  });
});

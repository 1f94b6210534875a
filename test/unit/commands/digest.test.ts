import { afterEach, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar digest', () => {
  it('posts the stored papers that match, once, even when arXiv cannot be read', async () => {
    world = await startTestWorld();
    await world.run('add', { query: 'convex' });
    const r = await world.run('digest');
    expect(r.progresses[0]).toBe('Fetching the latest announcements…');
    // arXiv is unreachable here: the channel is told so in its language, without the log's URL and error text
    expect(r.progresses.slice(1)).toEqual(['⚠️ arXiv could not be read (network error): some papers may be missing from this digest.']);
    const cards = r.replies.flatMap((m) => m.cards ?? []).map((c) => c.paperId);
    expect(cards.sort()).toEqual(['arxiv:2604.26932', 'arxiv:2604.26942']);
    expect(r.replies.at(-1)!.text).toMatch(/2 new papers for #1 `convex`/);
    const again = await world.run('digest');
    expect(world.text(again)).toContain('Nothing new for this channel’s subscriptions since the last digest.');
  });

  it('says which source could not be read in the channel’s language', async () => {
    world = await startTestWorld();
    await world.run('add', { query: 'convex' });
    await world.run('settings', { name: 'language', value: 'zh' });
    const r = await world.run('digest');
    expect(r.progresses).toEqual(['正在获取最新公告…', '⚠️ 无法读取 arXiv（网络错误）：本次日报可能缺少部分论文。']);
  });

  it('asks for a subscription first', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('digest'))).toMatch(/^This channel has no subscriptions, so there is no digest\./);
  });
});

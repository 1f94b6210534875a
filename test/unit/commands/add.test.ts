import { afterEach, describe, expect, it } from 'vitest';
import { member } from '../../fakes/recording.js';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar add', () => {
  it('stores the query with the next number and answers with it', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('add', { query: '"mixture of experts"' }))).toBe('Subscribed #1: `"mixture of experts"`');
    expect(world.text(await world.run('add', { query: 'cat:cs.LG' }))).toBe('Subscribed #2: `cat:cs.LG`');
    expect((await world.radar.services.subscriptions.list(world.channel)).map((s) => s.query)).toEqual(['"mixture of experts"', 'cat:cs.LG']);
  });

  it('takes a query of common words only but says it will bring most of each day', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('add', { query: 'the -survey' })).split('\n')).toEqual([
      'Subscribed #1: `the -survey`',
      '⚠️ #1 is made only of very common words (`the`): it will bring most of each day’s papers. `/radar preview the -survey` shows how many; `/radar edit 1 <query>` narrows it (add a phrase, an author or `cat:`).',
    ]);
    expect(world.text(await world.run('add', { query: 'model cat:cs.LG' }))).toBe('Subscribed #2: `model cat:cs.LG`');
    expect(await world.radar.services.subscriptions.list(world.channel)).toHaveLength(2);
  });

  it('refuses a bad query with the column and stores nothing', async () => {
    world = await startTestWorld();
    const r = await world.run('add', { query: 'author:' });
    expect(r.replies[0]!.ephemeral).toBe(true);
    expect(world.text(r)).toContain("Missing value after 'author:' at column 1");
    expect(await world.radar.services.subscriptions.list(world.channel)).toEqual([]);
  });

  it('refuses a duplicate and a non-manager', async () => {
    world = await startTestWorld();
    await world.run('add', { query: 'cat:cs.LG' });
    expect(world.text(await world.run('add', { query: 'cat:cs.LG' }))).toBe('This channel already has #1: `cat:cs.LG`.');
    expect(world.text(await world.run('add', { query: 'diffusion' }, member))).toBe('Only channel managers can change subscriptions or settings here.');
    expect(await world.radar.services.subscriptions.list(world.channel)).toHaveLength(1);
  });

  it('takes a query written another way but matching the same papers as the one the channel has', async () => {
    world = await startTestWorld();
    await world.run('add', { query: '"diffusion models" author:"Yinmin Zhong" cat:cs.LG' });
    for (const variant of ['"Diffusion Model" author:"yinmin zhong" cat:cs.lg', '"diffusion  models"   author:"Yinmin  Zhong" cat:CS.LG']) {
      expect(world.text(await world.run('add', { query: variant }))).toBe('This channel already has #1: `"diffusion models" author:"Yinmin Zhong" cat:cs.LG`.');
    }
    // a phrase and its words anywhere match different papers: two subscriptions
    expect(world.text(await world.run('add', { query: 'diffusion models author:"Yinmin Zhong" cat:cs.LG' }))).toBe('Subscribed #2: `diffusion models author:"Yinmin Zhong" cat:cs.LG`');
  });

  it('stores a query once when two people add it at the same moment (the other is told it is there)', async () => {
    world = await startTestWorld();
    const answers = await Promise.all([world.run('add', { query: '"graph transformers"' }), world.run('add', { query: '"graph transformers"' })]);
    expect(answers.map((a) => world.text(a)).sort()).toEqual(['Subscribed #1: `"graph transformers"`', 'This channel already has #1: `"graph transformers"`.']);
    expect(await world.radar.services.subscriptions.list(world.channel)).toHaveLength(1);
    // and the next one takes the next number: the refused add used none
    expect(world.text(await world.run('add', { query: 'cat:cs.LG' }))).toBe('Subscribed #2: `cat:cs.LG`');
  });

  it('refuses a category arXiv does not have, suggesting the nearest one, in the channel’s language', async () => {
    world = await startTestWorld();
    const typo = world.text(await world.run('add', { query: '"graph neural" AND cat:cs.LGG' }));
    expect(typo).toContain('`cat:cs.LGG` is not an arXiv category at column 20');
    expect(typo).toContain('Did you mean `cat:cs.LG`?');
    // a negated category is checked too: `-cat:hepth` would exclude nothing
    expect(world.text(await world.run('add', { query: 'diffusion -cat:hepth' }))).toContain('Did you mean `cat:hep-th`?');
    expect(world.text(await world.run('add', { query: 'cat:cs.XX' }))).toContain('https://arxiv.org/category_taxonomy');
    await world.run('settings', { name: 'language', value: 'zh' });
    const zh = world.text(await world.run('add', { query: 'cat:stat.MLL' }));
    expect(zh).toContain('`cat:stat.MLL` 不是 arXiv 的分类（第 1 列）');
    expect(zh).toContain('你是想写 `cat:stat.ML` 吗？');
    expect(await world.radar.services.subscriptions.list(world.channel)).toEqual([]);
  });

  it('takes categories in any case, archives, legacy archives and aliases', async () => {
    world = await startTestWorld();
    for (const query of ['cat:cs.lg', 'cat:math.*', 'cat:hep-th', 'cat:astro-ph', 'cat:math.IT', 'cat:q-bio.QM -cat:eess.SY']) {
      expect(world.text(await world.run('add', { query }))).toMatch(/^Subscribed #\d+/);
    }
  });
});


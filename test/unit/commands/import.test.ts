import { afterEach, describe, expect, it } from 'vitest';
import { channelKey } from '../../../src/chat/ports.js';
import { parseCommandText } from '../../../src/chat/parse-command-text.js';
import { MAX_SUBSCRIPTIONS_PER_CHANNEL } from '../../../src/app/subscription-service.js';
import { commandSpecs } from '../../../commands/index.js';
import { member } from '../../fakes/recording.js';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';
import { FIXTURE_PAPERS } from '../radar-fixture-papers.js';

let world: TestWorld;
afterEach(() => world?.stop());

const queriesOf = async () => (await world.radar.services.subscriptions.list(world.channel)).map((s) => `#${s.number} ${s.query}`);

describe('/radar import', () => {
  it('adds every query in order, numbered, and the matcher matches them at once', async () => {
    world = await startTestWorld();
    await world.run('add', { query: 'diffusion' });
    const r = await world.run('import', { queries: 'cat:math.OC; author:"Francesco Orabona";  ; "convex neural networks"' });
    expect(world.text(r)).toBe(
      ['Imported 3 subscriptions:', '• #2 `cat:math.OC`', '• #3 `author:"Francesco Orabona"`', '• #4 `"convex neural networks"`'].join('\n'),
    );
    expect(await queriesOf()).toEqual(['#1 diffusion', '#2 cat:math.OC', '#3 author:"Francesco Orabona"', '#4 "convex neural networks"']);
    const orabona = FIXTURE_PAPERS.find((p) => p.authors.some((a) => a.name === 'Francesco Orabona'))!;
    const ids = world.radar.services.matcher.match(orabona).map((m) => m.subscriptionId);
    expect(ids).toEqual(expect.arrayContaining([`${channelKey(world.channel)}#2`, `${channelKey(world.channel)}#3`]));
  });

  it('names the imported subscriptions made only of common words', async () => {
    world = await startTestWorld();
    const r = await world.run('import', { queries: 'the; diffusion; model OR method' });
    expect(world.text(r).split('\n')).toEqual([
      'Imported 3 subscriptions:', '• #1 `the`', '• #2 `diffusion`', '• #3 `model OR method`',
      '⚠️ Made only of very common words, so bringing most of each day’s papers: #1 `the`, #3 `model OR method`. `/radar edit <number> <query>` narrows one.',
    ]);
  });

  it('stores nothing when any query is refused, and says which and why', async () => {
    world = await startTestWorld();
    const r = await world.run('import', { queries: 'cat:cs.LG; author:; "graph neural" AND cat:cs.LGG; diffusion' });
    const text = world.text(r);
    expect(r.replies[0]!.ephemeral).toBe(true);
    expect(text).toContain('Nothing was imported: 2 of the queries cannot be used.');
    expect(text).toContain("2. `author:` — Missing value after 'author:' at column 1");
    expect(text).toContain('3. `"graph neural" AND cat:cs.LGG` — `cat:cs.LGG` is not an arXiv category');
    expect(text).toContain('Did you mean `cat:cs.LG`?');
    expect(text).not.toContain('1. `cat:cs.LG`');
    expect(await queriesOf()).toEqual([]);
    // in the channel's language
    await world.run('settings', { name: 'language', value: 'zh' });
    const zh = world.text(await world.run('import', { queries: 'cat:stat.MLL; cat:cs.LG' }));
    expect(zh).toContain('未导入任何订阅：其中 1 个查询无法使用。');
    expect(zh).toContain('1. `cat:stat.MLL` — `cat:stat.MLL` 不是 arXiv 的分类');
    expect(await queriesOf()).toEqual([]);
  });

  it('skips queries the channel has and repeats, and says so', async () => {
    world = await startTestWorld();
    await world.run('add', { query: 'cat:cs.LG' });
    const text = world.text(await world.run('import', { queries: 'cat:cs.LG; diffusion; diffusion; cat:math.OC' }));
    expect(text).toBe(
      ['Imported 2 subscriptions:', '• #2 `diffusion`', '• #3 `cat:math.OC`', 'Already here, skipped (2):', '• `cat:cs.LG` (#1)', '• `diffusion` (given twice)'].join('\n'),
    );
    expect(world.text(await world.run('import', { queries: 'diffusion; cat:cs.LG' }))).toContain('Nothing new to import');
    expect(await queriesOf()).toEqual(['#1 cat:cs.LG', '#2 diffusion', '#3 cat:math.OC']);
    // written another way but matching the same papers: the same subscription
    const variants = world.text(await world.run('import', { queries: 'cat:cs.lg; Diffusion; graph  models; "graph models"; Graph model' }));
    expect(variants).toBe(
      [
        'Imported 2 subscriptions:', '• #4 `graph  models`', '• #5 `"graph models"`',
        'Already here, skipped (3):', '• `cat:cs.lg` (#1)', '• `Diffusion` (#2)', '• `Graph model` (given twice)',
      ].join('\n'),
    );
  });

  it('refuses an import past the channel’s limit as a whole', async () => {
    world = await startTestWorld();
    const key = channelKey(world.channel);
    await world.radar.services.store.subscriptions.addMany(key, Array.from({ length: MAX_SUBSCRIPTIONS_PER_CHANNEL - 1 }, (_, i) => `term${i}`));
    const text = world.text(await world.run('import', { queries: 'alpha; beta' }));
    expect(text).toBe(`Importing 2 new subscriptions would bring this channel past its limit of ${MAX_SUBSCRIPTIONS_PER_CHANNEL} (it has ${MAX_SUBSCRIPTIONS_PER_CHANNEL - 1}). Nothing was imported; remove some first.`);
    expect(await world.radar.services.store.subscriptions.list(key)).toHaveLength(MAX_SUBSCRIPTIONS_PER_CHANNEL - 1);
    expect(world.text(await world.run('import', { queries: 'alpha' }))).toContain('Imported 1 subscription:');
  });

  it('refuses an empty import and a member who is not a manager', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('import', { queries: ' ; ;' }))).toMatch(/^Nothing to import\./);
    expect(world.text(await world.run('import', { queries: 'diffusion' }, member))).toBe('Only channel managers can change subscriptions or settings here.');
    expect(await queriesOf()).toEqual([]);
  });

  it('takes new lines from a text platform, and lines pasted from /radar list or written as /radar add', async () => {
    world = await startTestWorld();
    const line = ['/radar import • #3 `cat:cs.LG` ⚠️ note', '/radar add "mixture of experts" -survey', 'author:"Yinmin Zhong"; `title:diffusion`'].join('\n');
    const parsed = parseCommandText(line, commandSpecs);
    expect(parsed.name).toBe('import');
    await world.run('import', parsed.options as Record<string, string>);
    expect(await queriesOf()).toEqual(['#1 cat:cs.LG', '#2 "mixture of experts" -survey', '#3 author:"Yinmin Zhong"', '#4 title:diffusion']);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { channelKey } from '../../../src/chat/ports.js';
import { member } from '../../fakes/recording.js';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';
import { FIXTURE_PAPERS } from '../radar-fixture-papers.js';

let world: TestWorld;
afterEach(() => world?.stop());

const queriesOf = async () => (await world.radar.services.subscriptions.list(world.channel)).map((s) => `#${s.number} ${s.query}`);
const orabona = FIXTURE_PAPERS.find((p) => p.authors.some((a) => a.name === 'Francesco Orabona'))!;
const matchedIds = () => world.radar.services.matcher.match(orabona).map((m) => m.subscriptionId);

describe('/radar edit', () => {
  it('changes the query and keeps the number; the matcher follows at once', async () => {
    world = await startTestWorld();
    await world.run('add', { query: 'cat:cs.CV' });
    await world.run('add', { query: 'author:"Francesco Orabna"' });
    const id = `${channelKey(world.channel)}#2`;
    expect(matchedIds()).not.toContain(id);
    expect(world.text(await world.run('edit', { id: 2, query: 'author:"Francesco Orabona"' }))).toBe('Changed #2: `author:"Francesco Orabna"` → `author:"Francesco Orabona"`');
    expect(await queriesOf()).toEqual(['#1 cat:cs.CV', '#2 author:"Francesco Orabona"']);
    expect(matchedIds()).toContain(id);
    // the next subscription still gets the next number
    expect(world.text(await world.run('add', { query: 'diffusion' }))).toBe('Subscribed #3: `diffusion`');
  });

  it('says when the new query is made only of common words', async () => {
    world = await startTestWorld();
    await world.run('add', { query: 'diffusion' });
    expect(world.text(await world.run('edit', { id: 1, query: '"a new method"' })).split('\n')).toEqual([
      'Changed #1: `diffusion` → `"a new method"`',
      '⚠️ #1 is made only of very common words (`a new method`): it will bring most of each day’s papers. `/radar preview "a new method"` shows how many; `/radar edit 1 <query>` narrows it (add a phrase, an author or `cat:`).',
    ]);
    expect(world.text(await world.run('edit', { id: 1, query: '"a new method" cat:cs.LG' }))).toBe('Changed #1: `"a new method"` → `"a new method" cat:cs.LG`');
  });

  it('refuses a bad query, an unknown number, another subscription’s query and a member, changing nothing', async () => {
    world = await startTestWorld();
    await world.run('add', { query: 'cat:cs.LG' });
    await world.run('add', { query: 'diffusion' });
    expect(world.text(await world.run('edit', { id: 2, query: 'author:' }))).toContain("Missing value after 'author:'");
    expect(world.text(await world.run('edit', { id: 2, query: 'cat:cs.LGG' }))).toContain('Did you mean `cat:cs.LG`?');
    expect(world.text(await world.run('edit', { id: 9, query: 'graphs' }))).toContain('There is no subscription #9');
    expect(world.text(await world.run('edit', { id: 2, query: 'cat:cs.LG' }))).toBe('This channel already has #1: `cat:cs.LG`.');
    expect(world.text(await world.run('edit', { id: 2, query: 'cat:CS.lg' }))).toBe('This channel already has #1: `cat:cs.LG`.');
    expect(world.text(await world.run('edit', { id: 2, query: 'graphs' }, member))).toBe('Only channel managers can change subscriptions or settings here.');
    expect(world.text(await world.run('edit', { id: 2, query: ' diffusion ' }))).toBe('#2 is already `diffusion`.');
    expect(await queriesOf()).toEqual(['#1 cat:cs.LG', '#2 diffusion']);
  });

  it('offers the channel’s subscriptions for the number and categories in the query', async () => {
    world = await startTestWorld();
    await world.run('add', { query: 'diffusion' });
    const edit = (await import('../../../commands/edit.js')).editCommand;
    expect(await edit.autocomplete!({ command: 'edit', option: 'id', partial: 'diff', channel: world.channel }, world.radar.services)).toEqual([{ name: '#1 diffusion', value: '1' }]);
    const cats = await edit.autocomplete!({ command: 'edit', option: 'query', partial: 'x cat:cs.L', channel: world.channel }, world.radar.services);
    expect(cats.map((c) => c.value)).toContain('x cat:cs.LG');
  });
});

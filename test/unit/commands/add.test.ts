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
});

import { afterEach, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar remove', () => {
  it('removes by number and keeps the others', async () => {
    world = await startTestWorld();
    await world.run('add', { query: 'cat:cs.LG' });
    await world.run('add', { query: 'diffusion' });
    expect(world.text(await world.run('remove', { id: 1 }))).toBe('Removed #1: `cat:cs.LG`');
    expect((await world.radar.services.subscriptions.list(world.channel)).map((s) => s.number)).toEqual([2]);
  });

  it('says when the number does not exist, and when it is not a number', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('remove', { id: 7 }))).toBe('There is no subscription #7 in this channel. Use `/radar list` to see the numbers.');
    expect(world.text(await world.run('remove', { id: 'x' }))).toBe('Usage: /radar remove <id> (a number from /radar list)');
  });
});

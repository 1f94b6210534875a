import { afterEach, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar list', () => {
  it('says how to start when there is nothing, then lists subscriptions and settings', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('list'))).toMatch(/^This channel has no subscriptions yet\./);
    await world.run('add', { query: 'author:"Francesco Orabona"' });
    const text = world.text(await world.run('list'));
    expect(text).toContain('• #1 `author:"Francesco Orabona"`');
    expect(text).toContain('Digest: 10 papers at 08:00 (UTC), language en');
  });
});

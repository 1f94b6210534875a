import { afterEach, describe, expect, it } from 'vitest';
import { channelKey } from '../../../src/chat/ports.js';
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

  it('flags a stored subscription naming a category arXiv does not have (stored before categories were checked)', async () => {
    world = await startTestWorld();
    await world.radar.services.store.subscriptions.add(channelKey(world.channel), 'cat:cs.XX OR cat:astroph');
    await world.run('add', { query: 'cat:cs.LG' });
    const lines = world.text(await world.run('list')).split('\n');
    expect(lines).toContain('• #1 `cat:cs.XX OR cat:astroph` ⚠️ `cat:cs.XX`, `cat:astroph`: not an arXiv category, matches nothing — remove the subscription and add it again corrected');
    expect(lines).toContain('• #2 `cat:cs.LG`');
  });
});


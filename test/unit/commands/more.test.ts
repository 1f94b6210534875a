import { afterEach, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar more', () => {
  it('shows the next batch without repeating, then says there is no more', async () => {
    world = await startTestWorld();
    await world.run('settings', { name: 'size', value: '3' });
    await world.run('add', { query: 'cat:cs.LG' });
    const first = (await world.run('digest')).replies.flatMap((m) => m.cards ?? []).map((c) => c.paperId);
    const second = (await world.run('more')).replies.flatMap((m) => m.cards ?? []);
    expect(first).toHaveLength(3);
    expect(second).toHaveLength(3);
    expect(second[0]!.index).toBe(4);
    expect(second.map((c) => c.paperId).filter((id) => first.includes(id))).toEqual([]);
    await world.run('more');
    await world.run('more');
    expect(world.text(await world.run('more'))).toBe('No more papers in the current digest. Run `/radar digest` for a new one.');
  });
});

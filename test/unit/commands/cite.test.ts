import { afterEach, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar cite', () => {
  it('gives BibTeX for papers named by id or link, in a code block, saying which were not found', async () => {
    world = await startTestWorld();
    const text = world.text(await world.run('cite', { papers: '2604.26926 https://arxiv.org/abs/2604.26932v2 arXiv:2604.26926 2699.99999' }));
    expect(text.startsWith('```\n@misc{orabona2026note,')).toBe(true);
    expect(text).toContain('@misc{lin2026learning,');
    expect(text.match(/@misc/g)).toHaveLength(2);
    expect(text).toContain('```\nNot found, left out: `2699.99999`.');
  });

  it('refuses when nothing is found, and too many at once', async () => {
    world = await startTestWorld();
    const none = await world.run('cite', { papers: '2699.99999' });
    expect(none.replies[0]!.ephemeral).toBe(true);
    expect(world.text(none)).toContain('I cannot find the paper `2699.99999`');
    expect(world.text(await world.run('cite', { papers: Array.from({ length: 21 }, (_, i) => `2604.${26900 + i}`).join(' ') }))).toContain('at most 20');
  });
});

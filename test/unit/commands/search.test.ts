import { formatReason } from '../../../src/chat/message.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar search', () => {
  it('finds stored papers of the last 30 days, ranked, with why-matched chips', async () => {
    world = await startTestWorld();
    const r = await world.run('search', { query: '"mixture of experts"' });
    expect(r.replies[0]!.text).toBe('**Search** `"mixture of experts"` — top 1 of the last 30 days');
    expect(r.replies[0]!.cards!.map((c) => c.paperId)).toEqual(['arxiv:2604.26881']);
    expect(r.replies[0]!.cards![0]!.reasons.map(formatReason)).toContain('title: mixture of experts');
  });

  it('says when nothing matches, and refuses a bad query', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('search', { query: 'quantum gravity' }))).toBe('No stored paper of the last 30 days matches `quantum gravity`.');
    expect(world.text(await world.run('search', { query: '(diffusion' }))).toMatch(/^Unclosed '\(' at column 1/);
  });
});

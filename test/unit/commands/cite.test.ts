import { afterEach, describe, expect, it } from 'vitest';
import { channelKey, threadKeyOf } from '../../../src/chat/ports.js';
import { manager } from '../../fakes/recording.js';
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

  it('cites the thread’s paper when typed without ids in a paper’s thread', async () => {
    world = await startTestWorld();
    const thread = { channel: world.channel, id: 't1' };
    await world.radar.services.store.threads.bind(threadKeyOf(channelKey(world.channel), 't1'), 'arxiv:2604.26926');
    const responder = world.adapter.responder(world.channel);
    await world.radar.handlers.onCommand({ name: 'cite', options: {}, channel: world.channel, user: manager, thread }, responder);
    expect(world.text(responder)).toContain('@misc{orabona2026note,');
    // outside a thread it needs ids
    expect(world.text(await world.run('cite', {}))).toContain('/radar cite <paper>');
  });
});

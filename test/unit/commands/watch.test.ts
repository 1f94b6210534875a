import { afterEach, describe, expect, it } from 'vitest';
import { renderText } from '../../../adapters/shell/render-text.js';
import { manager, member } from '../../fakes/recording.js';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar watch', () => {
  it('names each watcher once under the digest, with the cards their subscriptions brought', async () => {
    world = await startTestWorld();
    await world.run('add', { query: 'convex' }); // #1: two papers
    await world.run('add', { query: '"mixture of experts"' }); // #2: FaaSMoE
    await world.run('add', { query: 'squint' }); // #3: nobody watches it
    const bob = await world.run('watch', { id: 1 }, member);
    expect(world.text(bob)).toBe('🔔 You will be named under each digest in which #1 `convex` brings papers. `/radar watch 1 off` stops it.');
    expect(bob.replies[0]!.ephemeral).toBe(true);
    expect(world.text(await world.run('watch', { id: 1 }, member))).toBe('You already watch #1 `convex`.');
    await world.run('watch', { id: 2 }, manager);
    await world.run('watch', { id: 1 }, manager);
    expect(world.text(await world.run('watch', {}, manager))).toBe('You watch: #1 `convex`, #2 `"mixture of experts"`. `/radar watch <id> off` stops one.');
    expect(world.text(await world.run('list'))).toContain('• #1 `convex` 🔔 2\n• #2 `"mixture of experts"` 🔔 1\n• #3 `squint`\n');

    const digest = (await world.run('digest')).replies.find((m) => m.cards?.length)!;
    const cardOf = (paperId: string) => digest.cards!.find((c) => c.paperId === paperId)!.index;
    const convex = [cardOf('arxiv:2604.26942'), cardOf('arxiv:2604.26932')].sort((a, b) => a - b);
    const moe = cardOf('arxiv:2604.26881');
    const mentions = new Map(digest.mentions!.map((m) => [m.userId, m.cards]));
    expect(mentions).toEqual(new Map([['u1', [...convex, moe].sort((a, b) => a - b)], ['u2', convex]]));
    // the terminal writes the line under the header
    const line = renderText(digest).split('\n')[1]!;
    expect(line).toMatch(/^🔔 @u[12] \d\d(, \d\d)* · @u[12] \d\d(, \d\d)*$/);
    expect(line).toContain(`@u2 ${convex.map((n) => String(n).padStart(2, '0')).join(', ')}`);
  });

  it('stops, refuses an unknown number and a bad word, and names nobody when nobody watches', async () => {
    world = await startTestWorld();
    await world.run('add', { query: 'convex' });
    await world.run('watch', { id: 1 }, member);
    expect(world.text(await world.run('watch', { id: 1, off: 'off' }, member))).toBe('You no longer watch #1 `convex`.');
    expect(world.text(await world.run('watch', { id: 1, off: 'off' }, member))).toBe('You do not watch #1. `/radar watch` lists the ones you do.');
    expect(world.text(await world.run('watch', {}, member))).toMatch(/^You watch none of this channel’s subscriptions\./);
    expect(world.text(await world.run('watch', { id: 7 }, member))).toBe('There is no subscription #7 in this channel. Use `/radar list` to see the numbers.');
    expect(world.text(await world.run('watch', { id: 1, off: 'maybe' }, member))).toBe('Usage: /radar watch [<id> [off]] (a number from /radar list)');
    const digest = (await world.run('digest')).replies.find((m) => m.cards?.length)!;
    expect(digest.mentions).toBeUndefined();
  });

  it('names the watchers under the batches `/radar more` shows, with those batches’ cards', async () => {
    world = await startTestWorld();
    await world.run('settings', { name: 'size', value: '1' });
    await world.run('add', { query: 'cat:cs.LG' }); // #1: many papers, nobody watches it
    await world.run('add', { query: 'convex' }); // #2: two papers, watched
    await world.run('watch', { id: 2 }, member);
    const batches = [(await world.run('digest')).replies.find((m) => m.cards?.length)!];
    for (let i = 0; i < 5; i++) batches.push((await world.run('more')).replies.find((m) => m.cards?.length)!);
    const convexIds = new Set(['arxiv:2604.26942', 'arxiv:2604.26932']);
    const named: number[] = [];
    for (const batch of batches) {
      const convexCards = batch.cards!.filter((c) => convexIds.has(c.paperId)).map((c) => c.index);
      expect(batch.mentions ?? []).toEqual(convexCards.length ? [{ userId: 'u2', cards: convexCards }] : []);
      named.push(...convexCards);
    }
    // both convex papers were shown and named, one of them in a batch of `/radar more`
    expect(named).toHaveLength(2);
    expect(Math.max(...named)).toBeGreaterThan(1);
  });
});

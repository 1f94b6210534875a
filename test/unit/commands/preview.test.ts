import { afterEach, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar preview', () => {
  it('counts papers per stored day and shows examples, storing nothing', async () => {
    world = await startTestWorld();
    const r = await world.run('preview', { query: 'convex' });
    const reply = r.replies[0]!;
    expect(reply.ephemeral).toBe(true);
    expect(reply.text.split('\n')).toEqual(['**Preview** `convex` — 2 papers over 1 stored day:', '• 2026-04-29: 2', 'Examples:']);
    expect(reply.cards!.map((c) => c.paperId).sort()).toEqual(['arxiv:2604.26932', 'arxiv:2604.26942']);
    expect(await world.radar.services.subscriptions.list(world.channel)).toEqual([]);
  });

  it('says when no day is stored yet', async () => {
    world = await startTestWorld({ papers: [] });
    expect(world.text(await world.run('preview', { query: 'convex' }))).toContain('• (no stored announcement days yet)');
  });

  it('says a misspelt category now, as adding the query would, instead of previewing zero papers', async () => {
    world = await startTestWorld();
    const r = world.text(await world.run('preview', { query: 'convex cat:math.OCC' }));
    expect(r).toContain('`cat:math.OCC` is not an arXiv category');
    expect(r).toContain('Did you mean `cat:math.OC`?');
  });
});


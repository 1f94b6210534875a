import { afterEach, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar brief', () => {
  it('says briefings are not enabled when the capability is absent', async () => {
    world = await startTestWorld();
    const r = await world.run('brief');
    expect(world.text(r)).toBe('Briefings are not enabled here.');
    expect(r.replies[0]!.ephemeral).toBe(true);
  });

  it('briefs the last 7 days matching a query, extractively without an LLM, citing the papers', async () => {
    world = await startTestWorld({ capabilities: { briefing: { llm: null } } });
    const text = world.text(await world.run('brief', { query: 'convex' }));
    expect(text).toContain('Cross-disciplinary briefing');
    expect(text).toContain('Produced without an LLM');
    expect(text).toContain('Hyper Input Convex Neural Networks');
    expect(text).toContain('Learning Over-Relaxation Policies for ADMM');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar usage', () => {
  it('says briefings are not enabled when the capability is absent', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('usage'))).toBe('Briefings are not enabled here.');
  });

  it('reports zero spend and the budget without an LLM', async () => {
    world = await startTestWorld({ capabilities: { briefing: { llm: null } }, env: { RADAR_LLM_DAILY_TOKENS: '5000' } });
    const text = world.text(await world.run('usage'));
    expect(text).toContain('**LLM usage of this channel**');
    expect(text).toMatch(/Today \(2026-04-30, UTC\): 0 tokens .* daily budget 5000, remaining 5000\./);
    expect(text).toContain('No LLM is configured');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar ask', () => {
  it('says briefings are not enabled when the capability is absent', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('ask', { paper: '2604.26881', question: 'What?' }))).toBe('Briefings are not enabled here.');
  });

  it('answers from the abstract of the paper named by any id form', async () => {
    world = await startTestWorld({ capabilities: { briefing: { llm: null } } });
    const text = world.text(await world.run('ask', { paper: 'https://arxiv.org/abs/2604.26881v1', question: 'Which model do they evaluate?' }));
    expect(text).toContain('FaaSMoE');
    expect(text).toContain('Qwen1.5-moe-2.7B');
  });

  it('says which paper it cannot find', async () => {
    world = await startTestWorld({ capabilities: { briefing: { llm: null } } });
    expect(world.text(await world.run('ask', { paper: '2501.00001', question: 'Why?' }))).toBe(
      'I cannot find the paper `2501.00001`. Use an arXiv id such as `2606.04101` or its link.',
    );
  });
});

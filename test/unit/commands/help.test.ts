import { afterEach, describe, expect, it } from 'vitest';
import { allCommands } from '../../../commands/index.js';
import { helpKeyOf } from '../../../commands/help.js';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar help', () => {
  it('lists every registered command with its usage, and the query language', async () => {
    world = await startTestWorld();
    const r = await world.run('help');
    expect(r.replies[0]!.ephemeral).toBe(true);
    const text = world.text(r);
    for (const c of allCommands) expect(text).toContain(`\`${c.spec.usage}\``);
    expect(text).toContain('**Query language**');
  });

  it('has a catalogue line for every command, so help is never half translated', () => {
    expect(allCommands.filter((c) => !helpKeyOf(c.spec.name)).map((c) => c.spec.name)).toEqual([]);
  });
});

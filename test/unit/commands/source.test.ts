import { afterEach, describe, expect, it } from 'vitest';
import { member } from '../../fakes/recording.js';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar source', () => {
  it('says journal feeds are not enabled when the capability is absent', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('source', { action: 'list' }))).toBe('Journal feeds are not enabled here.');
  });

  it('adds and removes a catalogue journal, and lists it with the built-in catalogue', async () => {
    world = await startTestWorld({ capabilities: { sources: { hf: false, crossref: false } } });
    expect(world.text(await world.run('source', { action: 'list' }))).toContain('• none yet — `/radar source add nature`');
    expect(world.text(await world.run('source', { action: 'add', target: 'nature' }))).toMatch(/^This channel now reads \*\*Nature\*\*/);
    const list = world.text(await world.run('source', { action: 'list' }));
    expect(list).toMatch(/• \*\*Nature\*\* \(`nature`\): https:\/\//);
    expect(list).toContain('**Built-in journals** (add by short name):');
    expect(world.text(await world.run('source', { action: 'remove', target: 'nature' }))).toBe('Removed journal feed **Nature**.');
  });

  it('refuses unknown targets, non-managers and unknown actions with clear words', async () => {
    world = await startTestWorld({ capabilities: { sources: { hf: false, crossref: false } } });
    expect(world.text(await world.run('source', { action: 'add', target: 'notajournal' }))).toMatch(/^`notajournal` is neither a built-in journal nor a URL\. Built-in: `nature`/);
    expect(world.text(await world.run('source', { action: 'add', target: 'nature' }, member))).toBe('Only channel managers can change subscriptions or settings here.');
    expect(world.text(await world.run('source', { action: 'remove', target: 'science' }))).toBe('This channel does not read `science`. See `/radar source list`.');
    expect(world.text(await world.run('source', { action: 'fly' }))).toBe('Usage: /radar source <add|remove|list> [journal or feed URL]');
  });
});

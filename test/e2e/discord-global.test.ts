/**
 * Without DISCORD_GUILD_ID the bot registers `/radar` globally (the application's commands), and the
 * globally registered command works in any guild.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandSpecs } from '../../commands/index.js';
import { startDiscordHarness, type DiscordHarness } from './discord-harness.js';

describe('Discord global registration', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ env: { DISCORD_GUILD_ID: '' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('PUTs /radar to the application commands, not to a guild', () => {
    const puts = h.discord.calls.filter((c) => c.method === 'PUT' && c.path.endsWith('/commands'));
    expect(puts.map((c) => c.path)).toEqual([`/applications/${h.discord.world.applicationId}/commands`]);
    expect(h.discord.rest.guildCommands.size).toBe(0);
    const radar = h.discord.rest.globalCommands[0]!;
    expect(radar.name).toBe('radar');
    expect(radar.options.map((o: { name: string }) => o.name)).toEqual(commandSpecs.map((s) => s.name));
  });

  it('answers the globally registered command', async () => {
    const answer = await h.command('help');
    expect(JSON.stringify(answer.bodies)).toContain('/radar add <query>');
  });
});

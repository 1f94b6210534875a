/**
 * The interaction responder's less common paths, through the real client: a slow command's progress
 * line edits the deferred reply; a user mistake after a public defer is answered privately (the public
 * "thinking…" is removed, an ephemeral follow-up sent); `npm run discord:deploy` registers the command.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RadarCommand } from '../../src/chat/command.js';
import { commandSpecs } from '../../commands/index.js';
import { UserError } from '../../src/errors.js';
import { startDiscordEmulator } from '../emulators/discord/discord-emulator.js';
import { startDiscordHarness, type DiscordHarness } from './discord-harness.js';

const EPHEMERAL = 64;

const slowProgress: RadarCommand = {
  spec: { name: 'slowprogress', description: 'test: progress then answer', usage: '/radar slowprogress', slow: true, options: [] },
  async execute({ responder }) {
    await responder.progress('working on it…');
    await responder.reply({ text: 'all done' });
  },
};
const slowMistake: RadarCommand = {
  spec: { name: 'slowmistake', description: 'test: a user mistake after a public defer', usage: '/radar slowmistake', slow: true, options: [] },
  async execute() {
    throw new UserError('bad_input', 'settings.bad', { name: 'size', reason: { key: 'settings.expectedSize' } });
  },
};

describe('discord responder paths', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ extraCommands: [slowProgress, slowMistake] });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('edits the deferred reply with progress, then with the answer', async () => {
    const a = await h.command('slowprogress');
    expect(a.callback.type).toBe(5);
    expect(a.bodies.map((b) => b.content)).toEqual(['working on it…', 'all done']);
    expect(a.record.original?.content).toBe('all done');
  });

  it('answers a mistake after a public defer with an ephemeral follow-up and removes the placeholder', async () => {
    const a = await h.command('slowmistake');
    expect(a.callback.type).toBe(5);
    expect(a.callback.data?.flags ?? 0).toBe(0);
    const token = a.record.token;
    const del = h.discord.calls.find((c) => c.method === 'DELETE' && c.path.endsWith(`/${token}/messages/@original`));
    expect(del?.status).toBe(204);
    expect(a.record.followups).toHaveLength(1);
    expect(a.record.followups[0]!.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(a.record.followups[0]!.content).toBe('Invalid value for size: a whole number from 1 to 25');
  });
});

describe('npm run discord:deploy', () => {
  it('registers /radar with every subcommand in the configured guild', async () => {
    const emu = await startDiscordEmulator();
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'adapters/discord/deploy-commands.ts'], {
        env: { ...process.env, DISCORD_TOKEN: emu.token, DISCORD_API_URL: emu.apiUrl, DISCORD_GUILD_ID: emu.world.guildId, LOG_LEVEL: 'silent' },
      });
      expect(stdout).toContain(`Registered /radar with ${commandSpecs.length} subcommands`);
      const [radar] = emu.rest.guildCommands.get(emu.world.guildId) ?? [];
      expect(radar?.options.map((o: { name: string }) => o.name)).toEqual(commandSpecs.map((s) => s.name));
      expect(emu.calls.every((c) => c.authorization === `Bot ${emu.token}`)).toBe(true);
    } finally {
      await emu.close();
    }
  });
});

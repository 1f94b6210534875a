/**
 * `npm run discord:deploy`: register `/radar` (all subcommands from the neutral registry) without starting
 * the bot. Guild-scoped when DISCORD_GUILD_ID is set (instant), else global (Discord may take a while).
 */
import { REST, Routes } from 'discord.js';
import { commandSpecs } from '../../commands/index.js';
import { loadConfig } from '../../src/config.js';
import { buildRadarCommand } from './command-json.js';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) throw new Error('DISCORD_TOKEN is not set');
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  const app = (await rest.get(Routes.currentApplication())) as { id: string; name?: string };
  const route = config.DISCORD_GUILD_ID ? Routes.applicationGuildCommands(app.id, config.DISCORD_GUILD_ID) : Routes.applicationCommands(app.id);
  const command = buildRadarCommand(commandSpecs);
  await rest.put(route, { body: [command] });
  const scope = config.DISCORD_GUILD_ID ? `guild ${config.DISCORD_GUILD_ID}` : 'globally';
  console.log(`Registered /radar with ${command.options.length} subcommands ${scope} for ${app.name ?? app.id}.`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});

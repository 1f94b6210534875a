/**
 * The Discord adapter's public face. `discordAdapterFactory` is what the program entry lists: it builds the
 * adapter when `DISCORD_TOKEN` is set and stays out of the way (undefined) when it is not.
 */
import type { AdapterFactory } from '../../src/app/start-radar.js';
import { createDiscordAdapter } from './discord-adapter.js';

export { createDiscordAdapter, DiscordAdapter, type DiscordAdapterOptions } from './discord-adapter.js';
export { renderMessage, type DiscordPayload } from './render.js';
export { buildRadarCommand } from './command-json.js';

export const discordAdapterFactory: AdapterFactory = ({ config, logger, pacer }) => {
  if (!config.DISCORD_TOKEN) return undefined;
  const log = logger.child({ platform: 'discord' });
  if (!config.RADAR_DISCORD_MANAGER_ONLY) log.warn('Discord: RADAR_DISCORD_MANAGER_ONLY=false lets every member change subscriptions, settings and feeds');
  return createDiscordAdapter({
    token: config.DISCORD_TOKEN,
    apiUrl: config.DISCORD_API_URL,
    guildId: config.DISCORD_GUILD_ID,
    managerOnly: config.RADAR_DISCORD_MANAGER_ONLY,
    logger: log,
    gateway: config.RADAR_ROLES.includes('gateway'),
    shardCount: config.RADAR_DISCORD_SHARDS,
    shardIds: config.RADAR_DISCORD_SHARD_IDS,
    pacer: pacer?.('discord'),
  });
};

/**
 * Discord sharding: the emulator serves 2 shards (a guild lives on shard `(guild_id >> 22) % 2`) and two
 * radar instances each hold one shard (RADAR_DISCORD_SHARDS=2, RADAR_DISCORD_SHARD_IDS=0 / 1) with the
 * real discord.js client. Each keeps its own in-memory store, so where a subscription lands shows which
 * instance answered: `/radar add` in a guild of each shard is answered once, by the instance holding it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordAdapterFactory, type DiscordAdapter } from '../../adapters/discord/index.js';
import { allCommands } from '../../commands/index.js';
import { startRadar, type RunningRadar } from '../../src/app/start-radar.js';
import { silentLogger } from '../../src/logger.js';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/discord-emulator.js';
import { shardOfGuild } from '../emulators/discord/gateway.js';

let discord: DiscordEmulator;
const radars: RunningRadar[] = [];
let guilds: { guildId: string; channelId: string }[];

async function holding(shard: number): Promise<RunningRadar> {
  const radar = await startRadar({
    env: {
      RADAR_DB: 'memory://', LOG_LEVEL: 'silent', DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl,
      RADAR_DISCORD_SHARDS: '2', RADAR_DISCORD_SHARD_IDS: String(shard), ARXIV_RSS_URL: 'http://127.0.0.1:9/rss',
    },
    commands: allCommands,
    logger: silentLogger(),
    scheduler: 'manual',
    catchUp: false,
    adapterFactories: [discordAdapterFactory],
  });
  radars.push(radar);
  return radar;
}

const adapterOf = (r: RunningRadar): DiscordAdapter => r.adapters.find((a) => a.platform === 'discord') as DiscordAdapter;

beforeAll(async () => {
  discord = await startDiscordEmulator({ shards: 2 });
  guilds = [discord.addGuild({ shard: 0, name: 'Shard Zero Lab' }), discord.addGuild({ shard: 1, name: 'Shard One Lab' })];
  await holding(0);
  await holding(1);
});

afterAll(async () => {
  for (const r of radars) await r.stop();
  await discord?.close();
});

describe('discord sharding across two instances', () => {
  it('each instance identified with its own shard of two', () => {
    const identifies = discord.gateway.received.filter((f) => f.op === 2).map((f) => (f.d as { shard: number[] }).shard);
    expect(identifies.sort()).toEqual([[0, 2], [1, 2]]);
    expect(guilds.map((g) => shardOfGuild(g.guildId, 2))).toEqual([0, 1]);
  });

  it.each([0, 1])('answers /radar add in a guild of shard %i once, from the instance holding that shard', async (shard) => {
    const { channelId } = guilds[shard]!;
    const record = discord.slash('add', { query: `cat:cs.LG moe-${shard}` }, { channelId });
    await discord.waitForCall((c) => c.path.startsWith(`/interactions/${record.id}/`));
    await Promise.all(radars.map((r) => adapterOf(r).idle()));
    const callbacks = discord.calls.filter((c) => c.path === `/interactions/${record.id}/${record.token}/callback`);
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]!.status).toBeLessThan(300);
    const stored = await Promise.all(radars.map((r) => r.services.store.subscriptions.list(`discord:${channelId}`)));
    expect(stored.map((list) => list.map((s) => s.query))).toEqual(shard === 0 ? [[`cat:cs.LG moe-0`], []] : [[], [`cat:cs.LG moe-1`]]);
  });
});

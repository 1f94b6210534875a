/**
 * The Discord emulator enforces Discord's limits (global 50/s per bot token, message create 5 per 5 s per
 * channel) with 429s and X-RateLimit headers — and the real discord.js REST client, having learned a bucket
 * from those headers, stays inside it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { REST, Routes } from 'discord.js';
import { startDiscordEmulator, type DiscordEmulator } from '../emulators/discord/discord-emulator.js';

let discord: DiscordEmulator | undefined;
afterEach(async () => {
  await discord?.close();
  discord = undefined;
});

async function raw(emu: DiscordEmulator, channelId: string): Promise<Response> {
  return fetch(`${emu.apiUrl}/v10/channels/${channelId}/messages`, {
    method: 'POST', headers: { authorization: `Bot ${emu.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ content: 'hi' }),
  });
}

describe('discord emulator rate limits', () => {
  it('answers the sixth message in a channel within 5 s with a 429 and bucket headers', async () => {
    discord = await startDiscordEmulator({ rateLimits: true });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await raw(discord, discord.world.channelId));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('5');
    expect(answers[4]!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(answers[5]!.headers.get('x-ratelimit-scope')).toBe('user');
    expect(((await answers[5]!.json()) as { retry_after: number }).retry_after).toBeGreaterThan(0);
  });

  it('answers past 50 requests in a second with global 429s', async () => {
    discord = await startDiscordEmulator({ rateLimits: true });
    const channels = Array.from({ length: 60 }, (_, i) => `${700000000000000000n + BigInt(i)}`);
    for (const id of channels) discord.rest.addTextChannel(id, `c${id}`);
    const answers = await Promise.all(channels.map((id) => raw(discord!, id)));
    const limited = answers.filter((a) => a.status === 429);
    // Fewer than 10 only if the burst straddled a window boundary, which a 60-request burst on loopback does not.
    expect(limited.length).toBeGreaterThanOrEqual(10);
    expect(limited.every((a) => a.headers.get('x-ratelimit-global') === 'true')).toBe(true);
  });

  it('sees no 429 from discord.js once it has learned the message bucket', async () => {
    discord = await startDiscordEmulator({ rateLimits: true });
    const rest = new REST({ api: discord.apiUrl }).setToken(discord.token);
    await rest.post(Routes.channelMessages(discord.world.channelId), { body: { content: 'first' } }); // learns the bucket
    await Promise.all(Array.from({ length: 7 }, (_, i) => rest.post(Routes.channelMessages(discord!.world.channelId), { body: { content: `m${i}` } })));
    expect(discord.messagesIn(discord.world.channelId)).toHaveLength(8);
    expect(discord.rateLimited).toEqual([]);
  });
});

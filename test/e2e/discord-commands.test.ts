/**
 * The real discord.js client, built by our adapter, against the loopback Discord: login over the gateway,
 * `/radar` registration from the neutral registry, and the subscription commands with their permissions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandSpecs } from '../../commands/index.js';
import { MEMBER } from '../emulators/discord/discord-emulator.js';
import { startDiscordHarness, type DiscordHarness } from './discord-harness.js';

const EPHEMERAL = 64;

describe('discord adapter: login, registration and subscription commands', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('logs in over the gateway with non-privileged intents and a bot token', () => {
    const identify = h.discord.gateway.received.find((f) => f.op === 2)?.d as { token: string; intents: number };
    expect(identify.token).toBe(h.discord.token);
    const GUILDS = 1 << 0;
    const GUILD_MESSAGES = 1 << 9;
    const MESSAGE_CONTENT = 1 << 15;
    expect(identify.intents & GUILDS).toBe(GUILDS);
    expect(identify.intents & GUILD_MESSAGES).toBe(GUILD_MESSAGES);
    expect(identify.intents & MESSAGE_CONTENT).toBe(0);
    const gatewayBot = h.discord.calls.find((c) => c.path === '/gateway/bot');
    expect(gatewayBot?.authorization).toBe(`Bot ${h.discord.token}`);
    expect(h.adapter.client.isReady()).toBe(true);
  });

  it('answers server heartbeat requests (op 1 → op 1 → op 11)', async () => {
    const before = h.discord.gateway.received.filter((f) => f.op === 1).length;
    h.discord.gateway.requestHeartbeat();
    await h.discord.gateway.waitForOp(1, before + 1);
  });

  it('registers /radar in the guild with one subcommand per spec', () => {
    const put = h.discord.calls.find((c) => c.method === 'PUT' && c.path.endsWith('/commands'));
    expect(put?.path).toBe(`/applications/${h.discord.world.applicationId}/guilds/${h.discord.world.guildId}/commands`);
    expect(put?.status).toBe(200);
    const radar = h.discord.rest.guildCommands.get(h.discord.world.guildId)![0]!;
    expect(radar.name).toBe('radar');
    expect(radar.options.map((o: { name: string }) => o.name)).toEqual(commandSpecs.map((s) => s.name));
    for (const spec of commandSpecs) {
      const sub = radar.options.find((o: { name: string }) => o.name === spec.name);
      expect(sub.type).toBe(1);
      expect(sub.description.length).toBeLessThanOrEqual(100);
      expect((sub.options ?? []).map((o: { name: string }) => o.name).sort()).toEqual(spec.options.map((o) => o.name).sort());
      for (const o of spec.options) {
        const opt = sub.options.find((x: { name: string }) => x.name === o.name);
        expect(opt.type).toBe({ string: 3, integer: 4, boolean: 5 }[o.type]);
        expect(Boolean(opt.required)).toBe(Boolean(o.required));
        if (o.choices) expect(opt.choices.map((c: { value: unknown }) => String(c.value))).toEqual(o.choices.map((c) => c.value));
        if (o.autocomplete && !o.choices) expect(opt.autocomplete).toBe(true);
      }
    }
  });

  it('stores /radar add for a member with Manage Channels and confirms publicly', async () => {
    const a = await h.command('add', { query: '"mixture of experts"' });
    expect(a.callback.type).toBe(4);
    expect(a.callback.data.flags ?? 0).toBe(0);
    expect(a.callback.data.content).toContain('mixture of experts');
    expect(a.callback.data.allowed_mentions).toEqual({ parse: [] });
    const subs = await h.radar.services.subscriptions.list({ platform: 'discord', id: h.discord.world.channelId });
    expect(subs.map((s) => s.query)).toEqual(['"mixture of experts"']);
  });

  it('refuses /radar add ephemerally for a member without Manage Channels', async () => {
    const a = await h.command('add', { query: 'diffusion' }, { manager: false, user: MEMBER });
    expect(a.callback.type).toBe(4);
    expect(a.callback.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    const subs = await h.radar.services.subscriptions.list({ platform: 'discord', id: h.discord.world.channelId });
    expect(subs).toHaveLength(1);
  });

  it("returns the query parser's message ephemerally for a bad query", async () => {
    const a = await h.command('add', { query: '"unclosed quote' });
    expect(a.callback.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(a.callback.data.content.length).toBeGreaterThan(0);
    const subs = await h.radar.services.subscriptions.list({ platform: 'discord', id: h.discord.world.channelId });
    expect(subs).toHaveLength(1);
  });

  it('lists the subscription', async () => {
    const a = await h.command('list');
    expect(JSON.stringify(a.bodies)).toContain('mixture of experts');
  });

  it('offers the subscription in /radar remove autocomplete, as an integer choice', async () => {
    const a = await h.autocomplete('remove', 'id', '');
    expect(a.callback.type).toBe(8);
    expect(a.callback.data.choices).toEqual([{ name: expect.stringContaining('mixture of experts'), value: 1 }]);
  });

  it('completes arXiv categories in /radar add while one is typed', async () => {
    const a = await h.autocomplete('add', 'query', 'diffusion cat:cs.C');
    expect(a.callback.type).toBe(8);
    expect(a.callback.data.choices!.map((c: { value: unknown }) => c.value)).toEqual(
      ['CC', 'CE', 'CG', 'CL', 'CR', 'CV', 'CY'].map((c) => `diffusion cat:cs.${c}`),
    );
  });

  it('completes /radar settings values for the setting named first (time zones, digest days)', async () => {
    const zones = await h.autocomplete('settings', 'value', 'shang', { name: 'timezone' });
    expect(zones.callback.type).toBe(8);
    expect(zones.callback.data.choices).toEqual([{ name: 'Asia/Shanghai', value: 'Asia/Shanghai' }]);
    const days = await h.autocomplete('settings', 'value', 'mon,t', { name: 'days' });
    expect(days.callback.data.choices!.map((c: { value: unknown }) => c.value)).toEqual(['mon,tue', 'mon,thu']);
    // no setting named yet: nothing to offer
    expect((await h.autocomplete('settings', 'value', 'mon')).callback.data.choices).toEqual([]);
  });

  it('imports many queries in one command and exports them as a line to paste elsewhere', async () => {
    const a = await h.command('import', { queries: 'cat:cs.LG; author:"Yinmin Zhong"; "mixture of experts"' });
    expect(a.callback.data.flags ?? 0).toBe(0);
    expect(a.callback.data.content).toContain('Imported 2 subscriptions:\n• #2 `cat:cs.LG`\n• #3 `author:"Yinmin Zhong"`');
    expect(a.callback.data.content).toContain('• `"mixture of experts"` (#1)');
    const refused = await h.command('import', { queries: 'diffusion' }, { manager: false, user: MEMBER });
    expect(refused.callback.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    const e = await h.command('export');
    expect(JSON.stringify(e.bodies)).toContain(JSON.stringify('/radar import "mixture of experts"; cat:cs.LG; author:"Yinmin Zhong"').slice(1, -1));
    const subs = await h.radar.services.subscriptions.list({ platform: 'discord', id: h.discord.world.channelId });
    expect(subs.map((s) => s.query)).toEqual(['"mixture of experts"', 'cat:cs.LG', 'author:"Yinmin Zhong"']);
  });

  it('routes every call but interaction callbacks and webhooks through the bot token', () => {
    for (const c of h.discord.calls) {
      if (/^\/(interactions|webhooks)\//.test(c.path)) continue;
      expect(c.authorization, `${c.method} ${c.path}`).toBe(`Bot ${h.discord.token}`);
    }
    expect(h.discord.calls.filter((c) => c.status === 401)).toEqual([]);
  });
});

describe('discord adapter: RADAR_DISCORD_MANAGER_ONLY=false', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ env: { RADAR_DISCORD_MANAGER_ONLY: 'false' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lets a member without Manage Channels subscribe the channel', async () => {
    const a = await h.command('add', { query: 'diffusion' }, { manager: false, user: MEMBER });
    expect(a.callback.data.flags ?? 0).toBe(0);
    const subs = await h.radar.services.subscriptions.list({ platform: 'discord', id: h.discord.world.channelId });
    expect(subs.map((s) => s.query)).toEqual(['diffusion']);
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { commandSpecs } from '../../commands/index.js';
import { buildSlackManifest, SLACK_BOT_SCOPES } from '../../adapters/slack/manifest.js';

type Manifest = {
  features: { slash_commands: { command: string; usage_hint: string; url?: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean; interactivity: { is_enabled: boolean; request_url?: string }; event_subscriptions: { bot_events: string[]; request_url?: string } };
};

function expectComplete(m: Manifest): void {
  const radar = m.features.slash_commands.find((c) => c.command === '/radar');
  expect(radar).toBeDefined();
  const words = radar!.usage_hint.split(' | ').map((part) => part.split(' ')[0]);
  for (const spec of commandSpecs) expect(words).toContain(spec.name);
  expect(m.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'app_mentions:read', 'channels:history', 'groups:history', 'users:read', 'channels:read', 'groups:read']));
  expect(m.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'message.channels']));
  expect(m.settings.interactivity.is_enabled).toBe(true);
}

describe('Slack app manifest', () => {
  it('lists every /radar subcommand in the usage hint and enables Socket Mode by default', () => {
    const m = JSON.parse(JSON.stringify(buildSlackManifest(commandSpecs))) as Manifest;
    expectComplete(m);
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.features.slash_commands[0]!.url).toBeUndefined();
    expect([...SLACK_BOT_SCOPES]).toEqual(m.oauth_config.scopes.bot);
  });

  it('points every request URL at /slack/events in HTTP mode', () => {
    const m = buildSlackManifest(commandSpecs, { httpBaseUrl: 'https://radar.example.org/' }) as unknown as Manifest;
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.features.slash_commands[0]!.url).toBe('https://radar.example.org/slack/events');
    expect(m.settings.interactivity.request_url).toBe('https://radar.example.org/slack/events');
    expect(m.settings.event_subscriptions.request_url).toBe('https://radar.example.org/slack/events');
  });

  it('`npm run slack:manifest` (the real script via tsx) prints parseable JSON with every subcommand', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'adapters/slack/print-manifest.ts'], { cwd: process.cwd(), timeout: 60_000 });
    expectComplete(JSON.parse(stdout) as Manifest);
  });
});

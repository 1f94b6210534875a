/** .env.example documents every variable the config schema reads, and nothing it does not. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const root = resolve(import.meta.dirname, '../..');

describe('.env.example', () => {
  const text = readFileSync(resolve(root, '.env.example'), 'utf8');
  const documented = [...text.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!);

  it('lists every configuration variable', () => {
    const known = Object.keys(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', DISCORD_TOKEN: 't', DISCORD_GUILD_ID: '1', OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://x', SLACK_SIGNING_SECRET: 's', RADAR_CONTACT_EMAIL: 'a@b.co', RADAR_SHELL: 'true' }));
    const missing = known.filter((k) => k !== 'NODE_ENV' && !documented.includes(k));
    expect(missing).toEqual([]);
  });

  it('is itself a valid configuration', () => {
    const env = Object.fromEntries(
      text.split('\n').filter((l) => /^[A-Z]/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(() => loadConfig(env)).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadConfig, redactConfig } from '../../src/config.js';

describe('config', () => {
  it('runs on the embedded defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c.RADAR_DB).toBe('sqlite://./data/radar.sqlite');
    expect(c.RADAR_CATEGORIES).toEqual(['cs.AI', 'cs.LG', 'cs.CL', 'cs.CV']);
    expect(c.ARXIV_MIN_INTERVAL_MS).toBe(3000);
    expect(c.RADAR_DISCORD_MANAGER_ONLY).toBe(true);
    expect(c.DISCORD_TOKEN).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('names every bad variable in one message', () => {
    let error: unknown;
    try {
      loadConfig({
        RADAR_DB: 'mysql://x',
        RADAR_TIMEZONE: 'Mars/Olympus',
        RADAR_DIGEST_TIME: '25:00',
        ARXIV_RSS_URL: 'not a url',
        SLACK_BOT_TOKEN: 'xoxb-1',
        RADAR_DISCORD_MANAGER_ONLY: 'maybe',
        RADAR_CATEGORIES: 'cs.LG,cs.LGG,astroph',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['RADAR_DB', 'RADAR_TIMEZONE', 'RADAR_DIGEST_TIME', 'ARXIV_RSS_URL', 'SLACK_SIGNING_SECRET', 'RADAR_DISCORD_MANAGER_ONLY', 'RADAR_CATEGORIES']) {
      expect(message).toContain(name);
    }
    // a misspelt category would make arXiv refuse the whole listing request
    expect(message).toContain('"cs.LGG" is not an arXiv category or archive (did you mean cs.LG?)');
    expect(message).toContain('"astroph" is not an arXiv category or archive (did you mean astro-ph?)');
    expect((error as ConfigError).problems).toHaveLength(8);
  });

  it('treats blank values as unset and parses lists and booleans', () => {
    const c = loadConfig({ DISCORD_TOKEN: '  ', RADAR_CATEGORIES: 'cs.LG, math.OC ,', RADAR_DISCORD_MANAGER_ONLY: 'false' });
    expect(c.DISCORD_TOKEN).toBeUndefined();
    expect(c.RADAR_CATEGORIES).toEqual(['cs.LG', 'math.OC']);
    expect(c.RADAR_DISCORD_MANAGER_ONLY).toBe(false);
  });

  it('never prints secrets', () => {
    const c = loadConfig({ DISCORD_TOKEN: 'discord-secret', OPENAI_API_KEY: 'sk-secret', SLACK_BOT_TOKEN: 'xoxb-secret', SLACK_APP_TOKEN: 'xapp-secret' });
    const shown = JSON.stringify(redactConfig(c));
    expect(shown).not.toMatch(/secret/);
    expect(shown).toContain('***');
  });
});

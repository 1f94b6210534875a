/** Credentials inside URL-valued variables never reach a log line, the logged config or a logged error. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig, redactConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { maskCredentials } from '../../src/secrets.js';

/** Every optional variable set, so the URL-valued ones can be found by their parsed value. */
const FULL = { OPENAI_BASE_URL: 'http://x', OPENAI_API_KEY: 'k', RADAR_SHELL: 'true' };

/** The URL-valued variables and a credential-bearing value for each. */
const URL_VARIABLES: Record<string, string> = {
  RADAR_DB: 'postgres://radar:PW@db.internal:5432/radar',
  ARXIV_RSS_URL: 'https://user:PW@rss.arxiv.org/rss',
  ARXIV_API_URL: 'https://user:PW@export.arxiv.org/api/query',
  HF_API_URL: 'https://user:PW@huggingface.co/api',
  CROSSREF_API_URL: 'https://user:PW@api.crossref.org',
  DISCORD_API_URL: 'https://user:PW@discord.com/api',
  SLACK_API_URL: 'https://user:PW@slack.com/api/',
  OPENAI_BASE_URL: 'https://proxy:PW@llm-proxy.internal/v1',
};

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('credentials in URL variables', () => {
  it('the list covers every URL-valued variable of the schema', () => {
    const config = loadConfig(FULL) as Record<string, unknown>;
    const urlValued = Object.keys(config).filter((k) => typeof config[k] === 'string' && /^[a-z]+:\/\//.test(config[k] as string));
    expect(urlValued.sort()).toEqual(Object.keys(URL_VARIABLES).sort());
  });

  it.each(Object.entries(URL_VARIABLES))('%s: masked in the logged config, in a log line and in a logged error', (name, value) => {
    const secret = `PW-${name}`;
    const config = loadConfig({ ...FULL, [name]: value.replace('PW', secret) });
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).not.toContain(secret);
    expect(shown).toContain(':***@');

    const out = capture();
    const logger = createLogger('debug', { destination: out.stream });
    logger.debug({ config }, 'configuration, unredacted by mistake');
    logger.error({ err: new Error(`connect ECONNREFUSED ${value.replace('PW', secret)}`) }, 'store failed');
    logger.warn(`retrying ${value.replace('PW', secret)}`);
    expect(out.text().split('\n').filter(Boolean)).toHaveLength(3);
    expect(out.text()).not.toContain(secret);
    for (const line of out.text().split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });
});

describe('maskCredentials', () => {
  it.each([
    ['postgres://radar:pw@localhost/db', 'postgres://radar:***@localhost/db'],
    ['redis://:pw@127.0.0.1:6379', 'redis://:***@127.0.0.1:6379'],
    ['rediss://default:p@ss@cache:6380/0', 'rediss://default:***@cache:6380/0'],
    ['https://ghp_token@github.com/x', 'https://***@github.com/x'],
    ['https://api.example.org/v1?api_key=abc123&q=x', 'https://api.example.org/v1?api_key=***&q=x'],
    ['see https://example.org/a and mail a@b.co', 'see https://example.org/a and mail a@b.co'],
    ['{"u":"postgres://a:b@h/d","v":"x@y"}', '{"u":"postgres://a:***@h/d","v":"x@y"}'],
  ])('%s → %s', (input, expected) => {
    expect(maskCredentials(input)).toBe(expected);
  });
});

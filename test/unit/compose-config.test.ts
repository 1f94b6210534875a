/**
 * The deployment files agree with the config schema: every variable compose.yaml sets for a radar
 * container is one src/config.ts knows (a typo would silently fall back to a default), the values parse,
 * they make cluster mode, and the Dockerfile builds production dependencies in its own stage and runs as
 * a non-root user.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_KEYS, isClusterMode, loadConfig } from '../../src/config.js';

const root = resolve(import.meta.dirname, '../..');
type Service = { image?: string; build?: unknown; environment?: Record<string, string | number | boolean>; deploy?: { replicas?: number } };
const compose = parse(readFileSync(resolve(root, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const radarServices = Object.entries(compose.services).filter(([, s]) => s.build !== undefined || s.image?.startsWith('academichub'));

/** `${DISCORD_TOKEN:-}` and friends as an operator would fill them in. */
const filled = (env: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{[A-Z_]+:-\}/, k === 'SLACK_BOT_TOKEN' ? 'xoxb-1' : k === 'SLACK_APP_TOKEN' ? 'xapp-1' : 'set')]));

describe('compose.yaml and Dockerfile', () => {
  it('has radar services on postgres and redis, the workers with three replicas', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'radar']));
    expect(compose.services.radar!.deploy?.replicas).toBe(3);
    expect(radarServices.length).toBeGreaterThan(0);
  });

  it.each(radarServices.map(([name, s]) => [name, s] as const))('%s sets only variables the config schema knows, valid and in cluster mode', (_name, service) => {
    const env = service.environment ?? {};
    expect(Object.keys(env).filter((k) => !CONFIG_KEYS.includes(k))).toEqual([]);
    const config = loadConfig(filled(env));
    expect(isClusterMode(config)).toBe(true);
  });

  it('builds production dependencies in a separate stage and runs as a non-root user', () => {
    const docker = readFileSync(resolve(root, 'Dockerfile'), 'utf8');
    expect(docker.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(docker).toMatch(/npm ci --omit=dev/);
    expect(docker).toMatch(/^USER node$/m);
    expect(docker).toMatch(/COPY --from=deps/);
  });
});

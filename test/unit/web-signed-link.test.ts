import { describe, expect, it } from 'vitest';
import { createLinkSigner, FEED_TTL_MS, LINK_TTL_MS, resolveWebSecret } from '../../src/web/signed-link.js';
import type { KeyValueStore } from '../../src/store/ports.js';

const now = new Date('2026-04-28T10:00:00Z');
const grant = { channel: 'shell:terminal', role: 'view' as const, user: 'u1' };

function memoryKv(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async <T>(k: string) => data.get(k) as T | undefined,
    set: async (k, v) => void data.set(k, v),
    delete: async (k) => data.delete(k),
  };
}

describe('signed page links', () => {
  const signer = createLinkSigner('s3cret');

  it('accepts its own token for the same channel until it expires', () => {
    const token = signer.sign(grant, now);
    expect(signer.verify(token, 'shell:terminal', now)).toMatchObject({ ...grant, expires: now.getTime() + LINK_TTL_MS });
    expect(signer.verify(token, 'shell:terminal', new Date(now.getTime() + LINK_TTL_MS - 1))).toBeDefined();
    expect(signer.verify(token, 'shell:terminal', new Date(now.getTime() + LINK_TTL_MS))).toBeUndefined();
  });

  it('gives a feed link a year and says it is one; an unknown role is refused', () => {
    const token = signer.sign({ ...grant, role: 'feed' }, now);
    expect(signer.verify(token, 'shell:terminal', now)).toMatchObject({ ...grant, role: 'feed', expires: now.getTime() + FEED_TTL_MS });
    expect(signer.verify(token, 'shell:terminal', new Date(now.getTime() + FEED_TTL_MS))).toBeUndefined();
    const other = createLinkSigner('s3cret');
    const body = Buffer.from(JSON.stringify({ c: 'shell:terminal', r: 'x', u: 'u1', e: now.getTime() + 1000 })).toString('base64url');
    const mac = token.split('.')[1]!;
    expect(other.verify(`${body}.${mac}`, 'shell:terminal', now)).toBeUndefined();
  });

  it('refuses another channel, another secret, an altered payload or MAC, and garbage', () => {
    const token = signer.sign(grant, now);
    expect(signer.verify(token, 'discord:1', now)).toBeUndefined();
    expect(createLinkSigner('other').verify(token, 'shell:terminal', now)).toBeUndefined();
    const [body, mac] = token.split('.') as [string, string];
    const forgedBody = Buffer.from(JSON.stringify({ c: 'shell:terminal', r: 'm', u: 'u1', e: now.getTime() + 1e12 })).toString('base64url');
    expect(signer.verify(`${forgedBody}.${mac}`, 'shell:terminal', now)).toBeUndefined();
    expect(signer.verify(`${body}.${mac.slice(0, -2)}AA`, 'shell:terminal', now)).toBeUndefined();
    for (const bad of [undefined, '', '.', 'abc', `${body}.`, `.${mac}`, 'x'.repeat(5000)]) {
      expect(signer.verify(bad, 'shell:terminal', now)).toBeUndefined();
    }
  });

  it('keeps the manager role only in manager tokens', () => {
    expect(signer.verify(signer.sign({ ...grant, role: 'manage' }, now), 'shell:terminal', now)?.role).toBe('manage');
    expect(signer.verify(signer.sign(grant, now), 'shell:terminal', now)?.role).toBe('view');
  });

  it('generates the secret once, stores it, and prefers the configured one', async () => {
    const kv = memoryKv();
    const first = await resolveWebSecret(undefined, kv);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(await resolveWebSecret(undefined, kv)).toBe(first);
    expect(kv.data.get('secret')).toBe(first);
    expect(await resolveWebSecret('configured', kv)).toBe('configured');
  });
});

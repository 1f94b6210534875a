import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedReason, createSafeFetch, vetUrl, type ResolveHost } from '../../src/sources/safe-fetch.js';
import { SourceError } from '../../src/errors.js';
import { parseJournalFeed } from '../../src/sources/journal-feed.js';
import { startJournalEmulator, type JournalEmulator } from '../emulators/journal/journal-emulator.js';

const fakeDns =
  (table: Record<string, string[]>): ResolveHost =>
  async (host) => {
    const addrs = table[host];
    if (!addrs) throw new Error(`ENOTFOUND ${host}`);
    return addrs.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

async function refusal(p: Promise<unknown>): Promise<SourceError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceError);
  return err as SourceError;
}

describe('blockedReason', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.8.9.10', 'a loopback address'],
    ['10.0.0.5', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['169.254.169.254', 'the cloud metadata address'],
    ['169.254.1.1', 'a link-local address'],
    ['0.0.0.0', 'an unspecified (0.0.0.0/8) address'],
    ['100.64.0.1', 'a shared (carrier-grade NAT) address'],
    ['::1', 'a loopback address'],
    ['::', 'an unspecified (::) address'],
    ['fc00::1', 'a private (unique local) address'],
    ['fd12:3456::1', 'a private (unique local) address'],
    ['fd00:ec2::254', 'the cloud metadata address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['::ffff:127.0.0.1', 'a loopback address (IPv4 embedded in IPv6)'],
    ['::ffff:7f00:1', 'a loopback address (IPv4 embedded in IPv6)'],
    ['::ffff:a9fe:a9fe', 'the cloud metadata address (IPv4 embedded in IPv6)'],
    ['::127.0.0.1', 'a loopback address (IPv4 embedded in IPv6)'],
    ['64:ff9b::10.0.0.1', 'a private address (IPv4 embedded in IPv6)'],
    ['2002:c0a8:0101::1', 'a private address (6to4)'],
  ])('%s is %s', (ip, reason) => {
    expect(blockedReason(ip)).toBe(reason);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is public', (ip) => {
    expect(blockedReason(ip)).toBeUndefined();
  });
});

describe('vetUrl', () => {
  it.each([
    ['http://127.0.0.1/', /127\.0\.0\.1 is a loopback address/],
    ['http://localhost/', /localhost is a loopback name/],
    ['http://10.0.0.5/', /10\.0\.0\.5 is a private address/],
    ['http://[::1]/', /::1 is a loopback address/],
    ['http://169.254.169.254/latest/meta-data/', /cloud metadata address/],
    ['http://[fd00:ec2::254]/', /cloud metadata address/],
    ['http://0.0.0.0:8080/', /unspecified/],
    ['http://[::ffff:127.0.0.1]/', /IPv4 embedded in IPv6/],
    ['http://2130706433/', /127\.0\.0\.1 is a loopback address/],
    ['http://0x7f.1/', /127\.0\.0\.1 is a loopback address/],
    ['ftp://example.org/feed', /Only http and https/],
    ['file:///etc/passwd', /Only http and https/],
    ['http://user:pw@example.org/', /user name or password/],
    ['not a url', /not a valid URL/],
  ])('refuses %s', async (url, message) => {
    const err = await refusal(vetUrl(url, { resolve: fakeDns({ 'example.org': ['93.184.216.34'] }) }));
    expect(err.code).toBe('unsafe_url');
    expect(err.message).toMatch(message);
  });

  it('refuses a public-looking name that resolves to loopback (or has any private address)', async () => {
    const dns = fakeDns({ 'feeds.example-journal.org': ['127.0.0.1'], 'mixed.example.org': ['93.184.216.34', '10.1.2.3'] });
    expect((await refusal(vetUrl('https://feeds.example-journal.org/rss', { resolve: dns }))).message).toBe(
      'Refusing to fetch https://feeds.example-journal.org/: feeds.example-journal.org resolves to 127.0.0.1, a loopback address.',
    );
    expect((await refusal(vetUrl('https://mixed.example.org/rss', { resolve: dns }))).message).toMatch(/10\.1\.2\.3, a private address/);
  });

  it('accepts a public name and an allow-listed host:port', async () => {
    const dns = fakeDns({ 'example.org': ['93.184.216.34'] });
    await expect(vetUrl('https://example.org/rss', { resolve: dns })).resolves.toMatchObject({ address: '93.184.216.34' });
    await expect(vetUrl('http://127.0.0.1:4567/x', { allowHosts: ['127.0.0.1:4567'] })).resolves.toMatchObject({ address: '127.0.0.1' });
    await refusal(vetUrl('http://127.0.0.1:4568/x', { allowHosts: ['127.0.0.1:4567'] }));
  });
});

describe('createSafeFetch against the loopback journal emulator', () => {
  let emu: JournalEmulator;
  beforeAll(async () => {
    emu = await startJournalEmulator();
    emu.setRedirect('/to-private', 'http://10.0.0.5/feed.rss');
    emu.setRedirect('/to-metadata', 'http://169.254.169.254/latest/meta-data/');
    emu.setRedirect('/to-allowed', '/nature.rss');
    emu.setRedirect('/loop', '/loop');
    emu.setFault('/huge.rss', 'oversize', { bytes: 10 * 1024 * 1024 });
  });
  afterAll(() => emu.close());

  const safe = (extra: Partial<Parameters<typeof createSafeFetch>[0]> = {}) =>
    createSafeFetch({ allowHosts: [emu.host], maxBytes: 5_000_000, timeoutMs: 10_000, ...extra });

  it('fetches an allowed emulator feed', async () => {
    const res = await safe()(emu.feedUrl('/nature.rss'));
    expect(res.status).toBe(200);
    expect(parseJournalFeed(res.body).items).toHaveLength(75);
  });

  it('refuses loopback when the emulator is not allow-listed', async () => {
    const err = await refusal(createSafeFetch()(emu.feedUrl('/nature.rss')));
    expect(err.message).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(emu.server.requests.filter((r) => r.path === '/nature.rss')).toHaveLength(1);
  });

  it('follows a redirect on the allowed host, refuses one to a private or metadata address', async () => {
    expect((await safe()(emu.feedUrl('/to-allowed'))).url).toBe(emu.feedUrl('/nature.rss'));
    const priv = await refusal(safe()(emu.feedUrl('/to-private')));
    expect(priv.message).toMatch(/^Refusing to follow a redirect from .*\/to-private: .*10\.0\.0\.5 is a private address/);
    expect((await refusal(safe()(emu.feedUrl('/to-metadata')))).message).toMatch(/cloud metadata address/);
  });

  it('stops after 5 redirects', async () => {
    expect((await refusal(safe()(emu.feedUrl('/loop')))).message).toMatch(/Too many redirects \(more than 5\)/);
  });

  it('caps the body while streaming (a 10 MB feed against a 5 MB limit)', async () => {
    const err = await refusal(safe()(emu.feedUrl('/huge.rss')));
    expect(err.code).toBe('too_large');
  });

  it('reports HTTP errors with a retryable flag', async () => {
    emu.setFault('/gone.rss', '404');
    emu.setFault('/busy.rss', '429');
    expect(await refusal(safe()(emu.feedUrl('/gone.rss')))).toMatchObject({ code: 'feed_http', retryable: false });
    expect(await refusal(safe()(emu.feedUrl('/busy.rss')))).toMatchObject({ code: 'feed_http', retryable: true });
  });

  it('connects to the vetted address, not a second DNS answer (pinned lookup)', async () => {
    // `feeds.test` does not exist in real DNS: the fetch can only succeed through the injected answer.
    const port = emu.host.split(':')[1];
    const res = await safe({ allowHosts: [`feeds.test:${port}`], resolve: fakeDns({ 'feeds.test': ['127.0.0.1'] }) })(
      `http://feeds.test:${port}/nature.rss`,
    );
    expect(res.status).toBe(200);
    expect(emu.server.requests.at(-1)?.headers.host).toBe(`feeds.test:${port}`);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSafeFetch, vetUrl, type ResolveHost } from '../../src/sources/safe-fetch.js';
import { blockedReason, REFUSED_RANGES, refusedRange } from '../../src/sources/refused-ranges.js';
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

/** The operator-facing detail of a refusal (the user-facing message never carries it). */
function detailOf(err: unknown): string {
  const parts: string[] = [];
  for (let e = err as Error | undefined; e; e = e.cause as Error | undefined) parts.push(e.message);
  return parts.join(' ← ');
}

/** One example per row of the refused-ranges table (and the row it must hit). */
const ROW_EXAMPLES: [cidr: string, address: string, label: string][] = [
  ['169.254.169.254/32', '169.254.169.254', 'the cloud metadata address'],
  ['0.0.0.0/8', '0.0.0.0', 'an unspecified (0.0.0.0/8) address'],
  ['127.0.0.0/8', '127.8.9.10', 'a loopback address'],
  ['10.0.0.0/8', '10.0.0.5', 'a private address'],
  ['172.16.0.0/12', '172.31.255.255', 'a private address'],
  ['192.168.0.0/16', '192.168.1.1', 'a private address'],
  ['169.254.0.0/16', '169.254.1.1', 'a link-local address'],
  ['100.64.0.0/10', '100.64.0.1', 'a shared (carrier-grade NAT) address'],
  ['192.0.0.0/24', '192.0.0.8', 'a reserved address'],
  ['198.18.0.0/15', '198.19.1.1', 'a reserved (benchmarking) address'],
  ['224.0.0.0/4', '239.1.2.3', 'a multicast address'],
  ['240.0.0.0/4', '255.255.255.255', 'a reserved address'],
  ['::/128', '::', 'an unspecified (::) address'],
  ['::1/128', '::1', 'a loopback address'],
  ['::ffff:0:0/96', '::ffff:127.0.0.1', 'a loopback address (IPv4-mapped)'],
  ['::/96', '::127.0.0.1', 'a loopback address (IPv4-compatible)'],
  ['::ffff:0:0:0/96', '::ffff:0:127.0.0.1', 'an IPv4-translated (SIIT) address'],
  ['64:ff9b::/96', '64:ff9b::10.0.0.1', 'a private address (NAT64)'],
  ['64:ff9b:1::/48', '64:ff9b:1:abcd::8.8.8.8', 'a local-use NAT64 address'],
  ['2002::/16', '2002:c0a8:0101::1', 'a private address (6to4)'],
  ['2001::/32', '2001:0:4136:e378:8000:63bf:3fff:fdd2', 'a Teredo tunnel address'],
  ['fd00:ec2::254/128', 'fd00:ec2::254', 'the cloud metadata address'],
  ['fc00::/7', 'fd12:3456::1', 'a private (unique local) address'],
  ['fe80::/10', 'fe80::1%eth0', 'a link-local address'],
  ['fec0::/10', 'fec0::1', 'a private (site-local) address'],
  ['ff00::/8', 'ff02::1', 'a multicast address'],
];

describe('the refused-ranges table', () => {
  it.each(ROW_EXAMPLES)('%s refuses %s as %s', (cidr, address, label) => {
    const hit = refusedRange(address);
    expect(hit?.range?.cidr).toBe(cidr);
    expect(hit?.why).toBe(label);
  });

  it('has an example for every row, and every row the hardening named is present', () => {
    expect(REFUSED_RANGES.map((r) => r.cidr).sort()).toEqual(ROW_EXAMPLES.map((r) => r[0]).sort());
    for (const cidr of ['::ffff:0:0/96', '::ffff:0:0:0/96', '64:ff9b:1::/48', '2001::/32']) {
      expect(REFUSED_RANGES.some((r) => r.cidr === cidr)).toBe(true);
    }
  });

  it.each([
    ['::ffff:7f00:1', 'a loopback address (IPv4-mapped)'],
    ['::ffff:a9fe:a9fe', 'the cloud metadata address (IPv4-mapped)'],
    ['::ffff:0:7f00:1', 'an IPv4-translated (SIIT) address'],
    ['::ffff:0:8.8.8.8', 'an IPv4-translated (SIIT) address'],
    ['64:ff9b:1::1', 'a local-use NAT64 address'],
    ['2001::1', 'a Teredo tunnel address'],
    ['not-an-ip', 'not an IP address'],
  ])('%s is %s', (ip, reason) => {
    expect(blockedReason(ip)).toBe(reason);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2002:0808:0808::1', '2001:db9::1', '64:ff9b:2::1'])(
    '%s is public',
    (ip) => {
      expect(blockedReason(ip)).toBeUndefined();
    },
  );
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
    ['http://[::ffff:127.0.0.1]/', /IPv4-mapped/],
    ['http://[::ffff:0:127.0.0.1]/', /SIIT/],
    ['http://[64:ff9b:1::a00:1]/', /local-use NAT64/],
    ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', /Teredo/],
    ['http://2130706433/', /127\.0\.0\.1 is a loopback address/],
    ['http://0x7f.1/', /127\.0\.0\.1 is a loopback address/],
  ])('refuses %s saying only that the address is not allowed', async (url, detail) => {
    const err = await refusal(vetUrl(url, { resolve: fakeDns({ 'example.org': ['93.184.216.34'] }) }));
    expect(err.code).toBe('unsafe_url');
    expect(err.message).toBe(`Refusing to fetch ${new URL(url).origin}/: that address is not allowed.`);
    expect(detailOf(err)).toMatch(detail);
  });

  it.each([
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
    const loop = await refusal(vetUrl('https://feeds.example-journal.org/rss', { resolve: dns }));
    expect(loop.message).toBe('Refusing to fetch https://feeds.example-journal.org/: that address is not allowed.');
    expect(detailOf(loop)).toMatch(/feeds\.example-journal\.org resolves to 127\.0\.0\.1, a loopback address/);
    const mixed = await refusal(vetUrl('https://mixed.example.org/rss', { resolve: dns }));
    expect(mixed.message).not.toMatch(/10\.1\.2\.3|private/);
    expect(detailOf(mixed)).toMatch(/10\.1\.2\.3, a private address/);
    const missing = await refusal(vetUrl('https://nowhere.example.org/rss', { resolve: dns }));
    expect(missing.message).toBe('Cannot resolve nowhere.example.org.');
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
    expect(err.message).toMatch(/that address is not allowed/);
    expect(detailOf(err)).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(emu.server.requests.filter((r) => r.path === '/nature.rss')).toHaveLength(1);
  });

  it('follows a redirect on the allowed host, refuses one to a private or metadata address', async () => {
    expect((await safe()(emu.feedUrl('/to-allowed'))).url).toBe(emu.feedUrl('/nature.rss'));
    const priv = await refusal(safe()(emu.feedUrl('/to-private')));
    expect(priv.message).toMatch(/^Refusing to follow a redirect from .*\/to-private: that address is not allowed\.$/);
    expect(detailOf(priv)).toMatch(/10\.0\.0\.5 is a private address/);
    expect(detailOf(await refusal(safe()(emu.feedUrl('/to-metadata'))))).toMatch(/cloud metadata address/);
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

/**
 * The one table of address ranges a user-supplied feed URL must never reach (SSRF): loopback, private,
 * link-local, cloud metadata, unspecified, multicast/reserved, and the IPv6 forms that embed or translate
 * to IPv4 (IPv4-mapped, IPv4-compatible, NAT64 well-known and local-use, SIIT, 6to4, Teredo). First match
 * wins, so a narrow row (the metadata address) precedes the wide one containing it. The labels are for
 * operators' logs; users are only told "that address is not allowed".
 */
import { ipToBigInt } from './ip-address.js';

export interface RefusedRange {
  /** `10.0.0.0/8`, `fc00::/7`, … */
  readonly cidr: string;
  /** Why (logs and tests only). */
  readonly why: string;
  /**
   * For IPv6 ranges that embed an IPv4 address: the bit offset of that address from the top. Such an
   * address is refused only when the embedded IPv4 address is (`::ffff:8.8.8.8` is public).
   */
  readonly embedsV4At?: number;
}

export const REFUSED_RANGES: readonly RefusedRange[] = [
  { cidr: '169.254.169.254/32', why: 'the cloud metadata address' },
  { cidr: '0.0.0.0/8', why: 'an unspecified (0.0.0.0/8) address' },
  { cidr: '127.0.0.0/8', why: 'a loopback address' },
  { cidr: '10.0.0.0/8', why: 'a private address' },
  { cidr: '172.16.0.0/12', why: 'a private address' },
  { cidr: '192.168.0.0/16', why: 'a private address' },
  { cidr: '169.254.0.0/16', why: 'a link-local address' },
  { cidr: '100.64.0.0/10', why: 'a shared (carrier-grade NAT) address' },
  { cidr: '192.0.0.0/24', why: 'a reserved address' },
  { cidr: '198.18.0.0/15', why: 'a reserved (benchmarking) address' },
  { cidr: '224.0.0.0/4', why: 'a multicast address' },
  { cidr: '240.0.0.0/4', why: 'a reserved address' },
  { cidr: '::/128', why: 'an unspecified (::) address' },
  { cidr: '::1/128', why: 'a loopback address' },
  { cidr: '::ffff:0:0/96', why: 'IPv4-mapped', embedsV4At: 96 },
  { cidr: '::/96', why: 'IPv4-compatible', embedsV4At: 96 },
  { cidr: '::ffff:0:0:0/96', why: 'an IPv4-translated (SIIT) address' },
  { cidr: '64:ff9b::/96', why: 'NAT64', embedsV4At: 96 },
  { cidr: '64:ff9b:1::/48', why: 'a local-use NAT64 address' },
  { cidr: '2002::/16', why: '6to4', embedsV4At: 16 },
  { cidr: '2001::/32', why: 'a Teredo tunnel address' },
  { cidr: 'fd00:ec2::254/128', why: 'the cloud metadata address' },
  { cidr: 'fc00::/7', why: 'a private (unique local) address' },
  { cidr: 'fe80::/10', why: 'a link-local address' },
  { cidr: 'fec0::/10', why: 'a private (site-local) address' },
  { cidr: 'ff00::/8', why: 'a multicast address' },
];

interface CompiledRange {
  readonly row: RefusedRange;
  readonly v6: boolean;
  readonly base: bigint;
  readonly mask: bigint;
}

function compile(row: RefusedRange): CompiledRange {
  const [addr, bitsText] = row.cidr.split('/');
  const ip = ipToBigInt(addr!);
  if (ip === undefined) throw new Error(`bad range ${row.cidr}`);
  const width = ip.v6 ? 128n : 32n;
  const bits = BigInt(bitsText!);
  const mask = ((1n << bits) - 1n) << (width - bits);
  return { row, v6: ip.v6, base: ip.value & mask, mask };
}

const COMPILED = REFUSED_RANGES.map(compile);

export interface Refusal {
  /** The row that matched (for an embedded IPv4 address: the IPv6 row), absent for a non-address. */
  readonly range?: RefusedRange;
  readonly why: string;
}

/** The table row refusing this address, or undefined when it is public. */
export function refusedRange(address: string): Refusal | undefined {
  const ip = ipToBigInt(address);
  if (ip === undefined) return { why: 'not an IP address' };
  for (const r of COMPILED) {
    if (r.v6 !== ip.v6 || (ip.value & r.mask) !== r.base) continue;
    if (r.row.embedsV4At === undefined) return { range: r.row, why: r.row.why };
    const v4 = Number((ip.value >> BigInt(128 - 32 - r.row.embedsV4At)) & 0xffffffffn);
    const inner = refusedRange(`${v4 >>> 24}.${(v4 >>> 16) & 255}.${(v4 >>> 8) & 255}.${v4 & 255}`);
    return inner === undefined ? undefined : { range: r.row, why: `${inner.why} (${r.row.why})` };
  }
  return undefined;
}

/**
 * Why this address must not be fetched (`a loopback address`, …), or undefined when it is public.
 * Anything that does not parse as an IP counts as unsafe: callers only pass resolved addresses.
 */
export function blockedReason(address: string): string | undefined {
  return refusedRange(address)?.why;
}

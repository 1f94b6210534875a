/** Parsing of textual IP addresses (dotted IPv4; IPv6 with `::`, an IPv4 tail and a zone id). */
import { isIP } from 'node:net';

/** Parse dotted IPv4 to an unsigned 32-bit number; undefined when not plain dotted-quad. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    value = value * 256 + Number(p);
  }
  return value;
}

/** Parse IPv6 (with `::`, an embedded IPv4 tail and an optional zone id) into eight 16-bit groups. */
export function parseIpv6(text: string): number[] | undefined {
  let s = text.replace(/^\[|\]$/g, '');
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (isIP(s) !== 6) return undefined;
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    // `::ffff:127.0.0.1` → `::ffff:7f00:1`, then parse as plain hex groups.
    const v4 = parseIpv4(maybeV4);
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const toGroups = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const double = s.indexOf('::');
  if (double < 0) {
    const groups = toGroups(s);
    return groups.length === 8 ? groups : undefined;
  }
  const head = toGroups(s.slice(0, double));
  const rest = toGroups(s.slice(double + 2));
  const zeros = 8 - head.length - rest.length;
  if (zeros < 0) return undefined;
  return [...head, ...new Array<number>(zeros).fill(0), ...rest];
}

/** The address as a 128-bit number (IPv4 as its 32-bit value) and its family; undefined when not an IP. */
export function ipToBigInt(text: string): { readonly value: bigint; readonly v6: boolean } | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { value: BigInt(v4), v6: false };
  const g = parseIpv6(text);
  if (g === undefined) return undefined;
  return { value: g.reduce((acc, x) => (acc << 16n) | BigInt(x), 0n), v6: true };
}

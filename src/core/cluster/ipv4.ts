/** IPv4 addresses and CIDR ranges of the virtual network settings. Internal. */
import { ProblemCollector } from '../errors';
import { checkString } from '../validation';
import { label } from './rules';

export function parseIpv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let n = 0;
  for (const part of m.slice(1)) {
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const v = Number(part);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

export interface Cidr {
  readonly base: number;
  readonly prefix: number;
  readonly size: number;
}

export function parseCidr(s: string): Cidr | undefined {
  const m = /^([0-9.]{7,15})\/(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  const base = parseIpv4(m[1]);
  const prefix = Number(m[2]);
  if (base === undefined || prefix > 32 || (m[2].length > 1 && m[2].startsWith('0'))) return undefined;
  return { base, prefix, size: 2 ** (32 - prefix) };
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/**
 * Checks an IPv4 range. With `hostAddressAllowed` the address may be a host of the
 * range (Docker's bridge CIDR is the bridge's own address, e.g. "172.17.0.1/16", as in
 * Microsoft's v1 VNet example); the range returned then starts at its network address.
 */
export function checkCidr(c: ProblemCollector, prop: string, value: unknown, opts: { hostAddressAllowed?: boolean } = {}): Cidr | undefined {
  if (!checkString(c, label(prop), value, { maxLength: 64 })) return undefined;
  const cidr = parseCidr(value as string);
  if (!cidr) {
    c.add(label(prop), value, 'must be an IPv4 range in CIDR notation, e.g. "10.0.0.0/16"');
    return undefined;
  }
  if (cidr.base % cidr.size !== 0 && opts.hostAddressAllowed) {
    return { ...cidr, base: cidr.base - (cidr.base % cidr.size) };
  }
  if (cidr.base % cidr.size !== 0) {
    const network = cidr.base - (cidr.base % cidr.size);
    c.add(label(prop), value, `must start at a network address: did you mean "${formatIpv4(network)}/${cidr.prefix}"?`);
    return undefined;
  }
  return cidr;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

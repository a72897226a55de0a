import * as net from 'net';

/** A parsed CIDR: address as a big integer, prefix length and family. */
export interface Cidr {
  readonly family: 4 | 6;
  readonly address: bigint;
  readonly prefix: number;
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR; returns the reason it is invalid as a string. */
export function parseCidr(s: string): Cidr | string {
  const slash = s.indexOf('/');
  if (slash < 0) {
    const fam = net.isIP(s);
    return fam
      ? `CIDR mask is missing; did you mean "${s}/${fam === 4 ? 32 : 128}"?`
      : 'must be a valid CIDR like 10.0.0.0/8 or fd00::/8';
  }
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(bits)) return `the prefix length ${JSON.stringify(bits)} is not a number`;
  const prefix = Number(bits);
  if (/^[0-9.]+$/.test(ip)) {
    const parts = ip.split('.');
    if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255))
      return `${JSON.stringify(ip)} is not a valid IPv4 address`;
    if (prefix > 32) return `an IPv4 prefix length must be 0-32, got ${prefix}`;
    return { family: 4, prefix, address: parts.reduce((a, p) => (a << 8n) | BigInt(Number(p)), 0n) };
  }
  if (!net.isIPv6(ip)) return `${JSON.stringify(ip)} is not a valid IP address`;
  if (prefix > 128) return `an IPv6 prefix length must be 0-128, got ${prefix}`;
  return { family: 6, prefix, address: ipv6ToBigInt(ip) };
}

function ipv6ToBigInt(ip: string): bigint {
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const p = v4[1].split('.').map(Number);
    text = text.slice(0, v4.index) + `${((p[0] << 8) | p[1]).toString(16)}:${((p[2] << 8) | p[3]).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

/** Whether `inner` is a strict subset of `outer` (same family, longer prefix, same network). */
export function isStrictSubset(inner: Cidr, outer: Cidr): boolean {
  if (inner.family !== outer.family || inner.prefix <= outer.prefix) return false;
  const width = inner.family === 4 ? 32 : 128;
  const shift = BigInt(width - outer.prefix);
  return inner.address >> shift === outer.address >> shift;
}

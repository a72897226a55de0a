/**
 * Private: parses and checks CIDR blocks (IPv4 and IPv6) for network policy `ipBlock` peers.
 * Messages say what is wrong and suggest the corrected block.
 */

/** A parsed CIDR block. */
export interface Cidr {
  readonly family: 4 | 6;
  /** The address as a big integer. */
  readonly address: bigint;
  readonly prefix: number;
  readonly text: string;
}

function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseIpv6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): string[] | undefined => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const words: number[] = [];
  const push = (gs: string[]): boolean => {
    for (let i = 0; i < gs.length; i++) {
      const g = gs[i];
      if (g.includes('.')) {
        // an embedded IPv4 address, only as the last group
        const v4 = i === gs.length - 1 ? parseIpv4(g) : undefined;
        if (v4 === undefined) return false;
        words.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) {
        words.push(parseInt(g, 16));
      } else {
        return false;
      }
    }
    return true;
  };
  if (!push(head)) return undefined;
  const headLen = words.length;
  if (!push(tail)) return undefined;
  const tailWords = words.splice(headLen);
  if (halves.length === 2) {
    const missing = 8 - headLen - tailWords.length;
    if (missing < 1) return undefined;
    for (let i = 0; i < missing; i++) words.push(0);
  }
  words.push(...tailWords);
  if (words.length !== 8) return undefined;
  return words.reduce((acc, w) => (acc << 16n) | BigInt(w), 0n);
}

function formatIpv4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
}

function formatIpv6(n: bigint): string {
  const words = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => Number((n >> s) & 0xffffn));
  // RFC 5952: compress the longest run (length >= 2) of zero groups.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = words.map((w) => w.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Why a text is not a CIDR block, and how to write it. */
export class CidrError extends Error {
  public constructor(
    public readonly reason: string,
    public readonly fix: string,
  ) {
    super(`${reason}. ${fix}`);
    this.name = 'CidrError';
  }
}

/** Parses `text` as a CIDR block; throws a {@link CidrError} that explains the problem. */
export function parseCidr(text: string): Cidr {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new CidrError('not a CIDR block', 'Write an address and a mask, e.g. "10.0.0.0/8".');
  }
  const slash = text.indexOf('/');
  const addr = slash >= 0 ? text.slice(0, slash) : text;
  const v4 = parseIpv4(addr);
  const v6 = v4 === undefined ? parseIpv6(addr) : undefined;
  if (v4 === undefined && v6 === undefined) {
    throw new CidrError(`"${addr}" is not an IPv4 or IPv6 address`, 'Write a block like "10.0.0.0/8" or "fd00::/8".');
  }
  const family: 4 | 6 = v4 !== undefined ? 4 : 6;
  const bits = family === 4 ? 32 : 128;
  if (slash < 0) {
    throw new CidrError('the mask is missing', `Did you mean "${text}/${bits}"?`);
  }
  const maskText = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(maskText) || Number(maskText) > bits) {
    throw new CidrError(
      `the mask "${maskText}" is not a number from 0 to ${bits} (IPv${family})`,
      `Use a mask from 0 to ${bits}.`,
    );
  }
  const prefix = Number(maskText);
  const address = (v4 ?? v6)!;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((address & hostMask) !== 0n) {
    const network = address & ~hostMask & ((1n << BigInt(bits)) - 1n);
    const fixed = `${family === 4 ? formatIpv4(network) : formatIpv6(network)}/${prefix}`;
    throw new CidrError(
      `host bits are set: a /${prefix} block starts at its network address`,
      `Did you mean "${fixed}"?`,
    );
  }
  return { family, address, prefix, text };
}

/** Whether `inner` lies inside `outer` (same family, longer or equal prefix, same network bits). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  const bits = outer.family === 4 ? 32 : 128;
  const shift = BigInt(bits - outer.prefix);
  return outer.address >> shift === inner.address >> shift;
}

/** IPv4 CIDR arithmetic for validation and subnet derivation (no dependency, no deploy-time values). */

export interface Ipv4Cidr {
  readonly base: number;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const LEADING_ZERO = /(^|[./])0\d/;

/**
 * Parses `a.b.c.d/n` in canonical form; returns an error text when malformed, written with leading
 * zeros (Go's net.ParseCIDR, which the AWS provider validates with, rejects `010.2.0.0/16` since Go
 * 1.17, and older parsers read such octets as octal) or when host bits are set (the provider requires
 * the network address: `cidr_block` must equal its canonical form).
 */
export function parseCidr(text: string): Ipv4Cidr | string {
  const m = CIDR_PATTERN.exec(text);
  if (!m) return 'an IPv4 CIDR such as 10.2.0.0/16';
  if (LEADING_ZERO.test(text))
    return `an IPv4 CIDR without leading zeros (${text.replace(/\d+/g, (d) => String(Number(d)))})`;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return 'an IPv4 CIDR with octets 0..255 and a prefix 0..32';
  const base = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  if ((base & mask) >>> 0 !== base) {
    return `a network address without host bits (did you mean ${formatCidr({ base: (base & mask) >>> 0, prefix })}?)`;
  }
  return { base, prefix };
}

export function formatCidr(c: Ipv4Cidr): string {
  const b = c.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`;
}

/** True when the two ranges share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const size = (c: Ipv4Cidr) => 2 ** (32 - c.prefix);
  return a.base < b.base + size(b) && b.base < a.base + size(a);
}

/** Terraform's cidrsubnet(prefix, newbits, netnum). */
export function cidrSubnet(parent: Ipv4Cidr, newBits: number, netNum: number): Ipv4Cidr {
  const prefix = parent.prefix + newBits;
  if (prefix > 32 || netNum < 0 || netNum >= 2 ** newBits) {
    throw new RangeError(`cannot take subnet ${netNum} of ${formatCidr(parent)} with ${newBits} new bits`);
  }
  return { base: parent.base + netNum * 2 ** (32 - prefix), prefix };
}

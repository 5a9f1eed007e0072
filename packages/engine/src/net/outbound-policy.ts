import ipaddr from 'ipaddr.js';

/**
 * Which destinations a task may reach over HTTP. By default only public unicast addresses: loopback, private,
 * link-local (cloud metadata at 169.254.169.254 included), carrier-grade NAT, unique-local, multicast and reserved
 * ranges are refused, so a submitted URL cannot probe the server's own network. `SWITCHYARD_HTTP_ALLOW` opens
 * named hosts or CIDR ranges (comma-separated), e.g. `127.0.0.1,10.1.0.0/16,status.internal`.
 */
export interface OutboundPolicy {
  /** Whether a URL's hostname is allowed by name (an allowlisted host), before any address is known. */
  allowsHost(hostname: string): boolean;
  /** Whether a resolved (or literal) address may be connected to, for a host not allowed by name. */
  allowsAddress(address: string): boolean;
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

const policies = new Map<string, OutboundPolicy>();

/** The policy for an allowlist (SWITCHYARD_HTTP_ALLOW's syntax); parsed once per distinct value. */
export function outboundPolicy(allow = process.env.SWITCHYARD_HTTP_ALLOW ?? ''): OutboundPolicy {
  let policy = policies.get(allow);
  if (!policy) policies.set(allow, (policy = parsePolicy(allow)));
  return policy;
}

function parsePolicy(allow: string): OutboundPolicy {
  const hosts = new Set<string>();
  const ranges: Cidr[] = [];
  for (const entry of allow
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean)) {
    if (entry.includes('/')) ranges.push(normalisedCidr(ipaddr.parseCIDR(entry)));
    else if (ipaddr.isValid(stripBrackets(entry))) {
      const address = normalised(ipaddr.parse(stripBrackets(entry)));
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else hosts.add(entry);
  }
  return {
    allowsHost: (hostname) => hosts.has(stripBrackets(hostname.toLowerCase())),
    allowsAddress: (text) => {
      if (!ipaddr.isValid(text)) return false;
      const address = normalised(ipaddr.parse(text));
      if (ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits))) return true;
      return address.range() === 'unicast';
    },
  };
}

/** `::ffff:10.0.0.1` is 10.0.0.1: judged as the IPv4 address it maps to. */
function normalised(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

function normalisedCidr([address, bits]: [ipaddr.IPv4 | ipaddr.IPv6, number]): Cidr {
  const mapped = normalised(address);
  return [mapped, mapped === address ? bits : Math.max(0, bits - 96)];
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

// Where outbound webhooks may go. A tenant admin picks the URL, so without a check the server
// would POST to whatever it can reach: its own loopback services, the cloud metadata endpoint
// (169.254.169.254), the private network. Literal hosts are checked when a webhook is created
// and again at delivery; on Node the delivery also checks what the host name resolves to (the
// fetch then resolves it again, so a DNS server that answers differently the second time could
// still get through; pinning the checked address would need a custom HTTP agent). Redirects are
// never followed. EDGETUNE_ALLOW_PRIVATE_WEBHOOKS=true turns the check off (local development).

// IPv4 blocks that are not globally reachable (IANA special-purpose registry), as [base, bits, kind].
const V4_BLOCKS: [string, number, string][] = [
  ['0.0.0.0', 8, '"this network"'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** Why an IP address is not a public destination, or undefined when it is (or is not an IP). */
export function privateAddressKind(ip: string): string | undefined {
  const v4 = parseIPv4(ip);
  if (v4 !== undefined) return v4Kind(v4);
  const v6 = parseIPv6(ip.replace(/^\[|\]$/g, ''));
  if (!v6) return undefined;
  const zeros = (from: number, to: number) => v6.slice(from, to).every((g) => g === 0);
  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && v6[7] === 1) return 'loopback';
  // IPv4 inside IPv6: mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach that IPv4 host
  if ((zeros(0, 5) && v6[5] === 0xffff) || (v6[0] === 0x64 && v6[1] === 0xff9b && zeros(2, 6))) return v4Kind(((v6[6]! << 16) | v6[7]!) >>> 0);
  if ((v6[0]! & 0xfe00) === 0xfc00) return 'unique local';
  if ((v6[0]! & 0xffc0) === 0xfe80) return 'link-local';
  if ((v6[0]! & 0xffc0) === 0xfec0) return 'site-local';
  if ((v6[0]! & 0xff00) === 0xff00) return 'multicast';
  return undefined;
}

/** Why a webhook URL's host is refused from its text alone (no DNS), or undefined. */
export function refusedWebhookHost(url: string): string | undefined {
  return refusedHost(webhookHost(url));
}

/** A webhook URL's host as the URL parser normalizes it, lower-case, without a trailing dot. */
export function webhookHost(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
}

/** Why a host (as webhookHost gives it) is refused from its text alone, or undefined. */
export function refusedHost(host: string): string | undefined {
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is a loopback name`;
  const kind = privateAddressKind(host);
  return kind ? `${host} is a ${kind} address` : undefined;
}

/** An IPv4 or IPv6 address literal (a URL's IPv6 host may keep its brackets). */
export function isIpAddress(host: string): boolean {
  return parseIPv4(host) !== undefined || parseIPv6(host.replace(/^\[|\]$/g, '')) !== undefined;
}

export const ALLOW_PRIVATE_HINT = 'outbound webhooks go to public hosts only (EDGETUNE_ALLOW_PRIVATE_WEBHOOKS=true allows others, e.g. for local development)';

// [base, mask, kind] with base and mask as uint32
const V4_MASKS = V4_BLOCKS.map(([base, bits, kind]) => [parseIPv4(base)!, (~0 << (32 - bits)) >>> 0, kind] as const);

function v4Kind(a: number): string | undefined {
  for (const [base, mask, kind] of V4_MASKS) if (((a & mask) >>> 0) === base) return kind;
  return undefined;
}

function parseIPv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/** Eight 16-bit groups, or undefined; accepts "::" and a dotted IPv4 tail, drops a zone (%eth0). */
function parseIPv6(s: string): number[] | undefined {
  s = s.replace(/%.*$/, '');
  if (!s.includes(':')) return undefined;
  const tail = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (tail) {
    const v4 = parseIPv4(tail[1]!);
    if (v4 === undefined) return undefined;
    s = s.slice(0, -tail[1]!.length) + `${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...rest];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return all.map((g) => parseInt(g, 16));
}

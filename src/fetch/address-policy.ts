/**
 * Which network addresses Pressroom may fetch from (issue 6, "Fetching is safe").
 *
 * Only public unicast addresses are allowed by default. Refused: loopback, private
 * (RFC 1918), carrier-grade NAT (RFC 6598), link-local (incl. the 169.254.169.254 cloud
 * metadata address), unique-local (RFC 4193), multicast, unspecified, broadcast, reserved
 * and special-purpose ranges (IANA registries as encoded by ipaddr.js), and the IPv6 forms
 * that embed an IPv4 address (IPv4-mapped, IPv4-translated, NAT64, 6to4) when the embedded
 * address is itself refused. An allow list (`PRESSROOM_FETCH_ALLOW` or the `allow` option)
 * lets chosen hosts or CIDR ranges through, e.g. loopback in tests.
 */
import ipaddr from "ipaddr.js";
import { PressroomError } from "../core/errors.js";

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

/** A parsed allow list: host names (lower case, no brackets) and CIDR ranges. */
export interface AllowList {
  hosts: Set<string>;
  ranges: [Addr, number][];
}

/**
 * Parse allow-list entries: each a host name (`feeds.example.org`), an address
 * (`127.0.0.1`, `::1`, taken as a single-address range) or a CIDR range (`10.0.0.0/8`).
 * Empty entries are ignored.
 * @throws PressroomError `PRESSROOM_E_CONFIG` for an entry that is a malformed range.
 */
export function parseAllowList(entries: readonly string[]): AllowList {
  const out: AllowList = { hosts: new Set(), ranges: [] };
  for (const raw of entries) {
    const e = raw.trim().toLowerCase().replace(/^\[(.*)\]$/, "$1");
    if (!e) continue;
    if (e.includes("/")) {
      try {
        out.ranges.push(ipaddr.parseCIDR(e));
      } catch {
        throw new PressroomError("PRESSROOM_E_CONFIG", `fetch allow list: "${raw.trim()}" is not a valid CIDR range`);
      }
    } else if (ipaddr.isValid(e)) {
      const a = ipaddr.parse(e);
      out.ranges.push([a, a.kind() === "ipv4" ? 32 : 128]);
    } else {
      out.hosts.add(e.replace(/\.$/, ""));
    }
  }
  return out;
}

/** Parse the comma-separated `PRESSROOM_FETCH_ALLOW` value (undefined → empty list). */
export function allowListFromEnv(value: string | undefined): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/** True when `host` (a URL host name, any case, brackets allowed) is named in the allow list. */
export function hostAllowed(host: string, allow: AllowList): boolean {
  return allow.hosts.has(host.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.$/, ""));
}

const DESCRIPTIONS: Record<string, string> = {
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT (shared) address",
  private: "a private address",
  uniqueLocal: "a unique-local address",
  reserved: "a reserved address",
};

/** The IPv4 address an IPv6 address embeds (mapped, translated, NAT64, 6to4), or null. */
function embeddedIPv4(a: ipaddr.IPv6, range: string): ipaddr.IPv4 | null {
  const p = a.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (range === "ipv4Mapped" || range === "rfc6145" || range === "rfc6052") return v4(p[6]!, p[7]!);
  if (range === "6to4") return v4(p[1]!, p[2]!);
  return null;
}

/**
 * Why `address` must not be fetched from, or null when it may be. `address` is an IP
 * literal (brackets allowed); a value that is not an IP address is refused.
 * @returns a phrase such as `"a private address"`, for messages like
 *   `refused: 10.0.0.5 is a private address`.
 */
export function refusalReason(address: string, allow: AllowList): string | null {
  const bare = address.replace(/^\[(.*)\]$/, "$1");
  if (!ipaddr.isValid(bare)) return "not an IP address";
  const parsed = ipaddr.parse(bare);
  if (allow.ranges.some(([net, bits]) => inRange(parsed, net, bits))) return null;
  let a: Addr = parsed;
  let range: string = a.range();
  if (a.kind() === "ipv6") {
    const v4 = embeddedIPv4(a as ipaddr.IPv6, range);
    if (v4) {
      if (allow.ranges.some(([net, bits]) => inRange(v4, net, bits))) return null;
      a = v4;
      range = v4.range();
      if (range !== "unicast") return (DESCRIPTIONS[range] ?? "a special-purpose address") + " (embedded in IPv6)";
      return null;
    }
  }
  if (range === "unicast") return null;
  if (range === "linkLocal" && a.toString() === "169.254.169.254") return "a link-local cloud metadata address";
  return DESCRIPTIONS[range] ?? `a special-purpose address (${range})`;
}

function inRange(a: Addr, net: Addr, bits: number): boolean {
  if (a.kind() !== net.kind()) {
    // Let an IPv4 range match the IPv4-mapped IPv6 form and the other way round.
    if (a.kind() === "ipv6" && (a as ipaddr.IPv6).isIPv4MappedAddress()) return inRange((a as ipaddr.IPv6).toIPv4Address(), net, bits);
    if (a.kind() === "ipv4" && net.kind() === "ipv6") return inRange((a as ipaddr.IPv4).toIPv4MappedAddress(), net, bits);
    return false;
  }
  return a.match(net, bits);
}

/**
 * Throw unless `address` may be fetched from.
 * @param label what to name in the message (the address itself, or `host (address)`).
 * @throws PressroomError `PRESSROOM_E_FETCH`, message `refused: <label> is <reason>`.
 */
export function assertAddressAllowed(address: string, allow: AllowList, label = address): void {
  const why = refusalReason(address, allow);
  if (why) throw new PressroomError("PRESSROOM_E_FETCH", `refused: ${label} is ${why}`, { address });
}

/**
 * Why a URL host that needs no DNS look-up (an IP literal, `localhost`, `*.localhost`, any of
 * them with a trailing dot) must be refused, or null when it may be fetched or when only DNS
 * can tell (names are checked again at connect time by `safeFetch`). For checks at the time a
 * URL is saved (sources, webhooks), so a plainly internal target is refused at once.
 * @param host `URL.hostname` (WHATWG-normalised: `0x7f000001` is already `127.0.0.1`).
 */
export function literalHostRefusal(host: string, allow: AllowList): string | null {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, "$1").replace(/\.+$/, "");
  if (hostAllowed(h, allow)) return null;
  const address = h === "localhost" || h.endsWith(".localhost") ? "127.0.0.1" : ipaddr.isValid(h) ? h : null;
  return address ? refusalReason(address, allow) : null;
}

/**
 * WebSub (W3C Recommendation, 2018) subscriber side: when a polled feed advertises a hub
 * (`Link: <…>; rel="hub"` header, or `<atom:link rel="hub">` / Atom `<link rel="hub">` in
 * the feed), Pressroom subscribes to it with a callback on this wire; the hub verifies the
 * subscription (GET with `hub.challenge`) and then pushes new content (POST, signed with
 * `X-Hub-Signature` under the secret we gave). Pushed content goes through the same path as
 * a poll. Polling continues at the source's interval as the fallback.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { safeFetch, type SafeFetchOptions } from "../fetch/safe-fetch.js";
import type { Source, WebSubSubscription } from "../store/sources.js";
import type { Store } from "../store/store.js";
import { HostGate } from "./host-gate.js";

/** Lease asked of hubs (s): 10 days. */
export const LEASE_SECONDS = 10 * 24 * 3600;
/** Renew this long before the lease ends, and retry a refused/failed request after this long (ms). */
export const RENEW_MARGIN_MS = 24 * 3600 * 1000;

/** A hub and the topic (the feed's self URL) to subscribe to. */
export interface HubLink {
  hub: string;
  topic: string;
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, "i").exec(tag);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function absoluteHttp(u: string | null, base: string): string | null {
  if (!u) return null;
  try {
    const url = new URL(u.replace(/&amp;/g, "&"), base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The hub a feed advertises, and its topic (rel="self", else the URL it was fetched from),
 * from the HTTP `Link` header first, then the feed's `<link>` elements (JSON Feed: `hubs`
 * of type WebSub and `feed_url`). Null when none. Pure.
 */
export function discoverHub(body: string, linkHeader: string | undefined, fetchedUrl: string): HubLink | null {
  let hub: string | null = null;
  let self: string | null = null;
  for (const part of (linkHeader ?? "").split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (!m) continue;
    const rels = (/\brel\s*=\s*"?([^";]*)"?/i.exec(m[2] ?? "")?.[1] ?? "").toLowerCase().split(/\s+/);
    if (rels.includes("hub") && !hub) hub = absoluteHttp(m[1] ?? null, fetchedUrl);
    if (rels.includes("self") && !self) self = absoluteHttp(m[1] ?? null, fetchedUrl);
  }
  if (/^\s*\{/.test(body)) {
    // JSON Feed 1.1: "hubs": [{"type": "WebSub", "url": …}], "feed_url".
    try {
      const j = JSON.parse(body) as { hubs?: { type?: unknown; url?: unknown }[]; feed_url?: unknown };
      const h = Array.isArray(j.hubs) ? j.hubs.find((x) => typeof x?.type === "string" && x.type.toLowerCase() === "websub") : undefined;
      if (!hub && typeof h?.url === "string") hub = absoluteHttp(h.url, fetchedUrl);
      if (!self && typeof j.feed_url === "string") self = absoluteHttp(j.feed_url, fetchedUrl);
    } catch { /* cut off or not JSON: no hub */ }
  }
  const head = body.slice(0, 32_768);
  for (const m of head.matchAll(/<(?:atom:|atom10:)?link\b[^>]*>/gi)) {
    const rel = (attr(m[0], "rel") ?? "").toLowerCase();
    if (rel === "hub" && !hub) hub = absoluteHttp(attr(m[0], "href"), fetchedUrl);
    if (rel === "self" && !self) self = absoluteHttp(attr(m[0], "href"), fetchedUrl);
  }
  return hub ? { hub, topic: self ?? fetchedUrl } : null;
}

/** What subscribing needs: the wire's public base URL (callbacks) and the fetch settings. */
export interface WebSubDeps {
  /** Public base URL of this wire, e.g. `https://wire.example.org`; the hub must reach it. */
  callbackBase: string;
  gate: HostGate;
  fetchOptions?: Pick<SafeFetchOptions, "allow" | "maxBytes" | "timeoutMs" | "maxRedirects">;
  log?: (message: string) => void;
}

/**
 * The base URL to give hubs for callbacks, or null when `base` cannot be reached from
 * outside (unset, not http(s), `localhost` or a loopback address): hubs could never verify.
 */
export function publicCallbackBase(base: string | null | undefined): string | null {
  if (!base) return null;
  try {
    const u = new URL(base);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    const host = u.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
    if (host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "::1" || host === "0.0.0.0") return null;
    return u.href.replace(/\/+$/, "");
  } catch {
    return null;
  }
}

/** The callback URL of a subscription. */
export function callbackUrl(base: string, token: string): string {
  return `${base.replace(/\/+$/, "")}/websub/callback/${token}`;
}

/**
 * Subscribe `source` to `link.hub` unless a subscription for the same hub and topic is
 * active and not near its end, or was asked for (or refused) less than a day ago. The
 * request goes through `safeFetch`; a failure is recorded (state `failed`) and logged,
 * never thrown. Returns the subscription as stored, or null when nothing was needed.
 */
export async function ensureSubscription(store: Store, source: Source, link: HubLink, now: number, deps: WebSubDeps): Promise<WebSubSubscription | null> {
  const cur = await store.sources.getWebSub(source.id);
  const same = cur !== null && cur.hub === link.hub && cur.topic === link.topic;
  if (same) {
    if (cur.state === "active" && (cur.leaseUntil === null || cur.leaseUntil - now > RENEW_MARGIN_MS)) return null;
    if (now - cur.requestedAt < (cur.state === "active" ? RENEW_MARGIN_MS / 24 : RENEW_MARGIN_MS)) return null;
  }
  // A renewal keeps the token and the secret, so content signed before and after it verifies.
  const sub: WebSubSubscription = {
    sourceId: source.id,
    hub: link.hub,
    topic: link.topic,
    token: same ? cur.token : randomBytes(18).toString("base64url"),
    secret: same ? cur.secret : randomBytes(32).toString("hex"),
    state: same && cur.state === "active" ? "active" : "requested",
    requestedAt: now,
    verifiedAt: same ? cur.verifiedAt : null,
    leaseUntil: same ? cur.leaseUntil : null,
  };
  const form = new URLSearchParams({
    "hub.mode": "subscribe",
    "hub.topic": link.topic,
    "hub.callback": callbackUrl(deps.callbackBase, sub.token),
    "hub.secret": sub.secret,
    "hub.lease_seconds": String(LEASE_SECONDS),
  }).toString();
  try {
    const r = await deps.gate.run(HostGate.hostOf(link.hub), () => safeFetch(link.hub, { ...deps.fetchOptions, method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form }));
    if (r.status < 200 || r.status > 299) {
      if (sub.state !== "active") sub.state = "failed";
      deps.log?.(`source ${source.id} (${source.name}): WebSub hub ${link.hub} answered HTTP ${r.status} to the subscription request`);
    }
  } catch (e) {
    if (sub.state !== "active") sub.state = "failed";
    deps.log?.(`source ${source.id} (${source.name}): WebSub subscription to ${link.hub} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  await store.sources.putWebSub(sub);
  return sub;
}

/**
 * Check an `X-Hub-Signature` header (`sha1=…`, `sha256=…`, `sha384=…`, `sha512=…`, hex)
 * against the HMAC of `body` under `secret`. False for a missing, malformed or wrong signature.
 */
export function signatureValid(secret: string, header: string | undefined, body: Buffer): boolean {
  const m = /^(sha1|sha256|sha384|sha512)=([0-9a-f]+)$/i.exec((header ?? "").trim());
  if (!m) return false;
  const want = createHmac(m[1]!.toLowerCase(), secret).update(body).digest();
  const got = Buffer.from(m[2]!, "hex");
  return got.length === want.length && timingSafeEqual(got, want);
}

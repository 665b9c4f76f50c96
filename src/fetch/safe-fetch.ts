/**
 * `safeFetch`: the one way Pressroom fetches a URL from the network (feeds, index pages,
 * webhooks). See {@link safeFetch}.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP } from "node:net";
import { Agent, request } from "undici";
import { PressroomError, isPressroomError } from "../core/errors.js";
import { allowListFromEnv, assertAddressAllowed, hostAllowed, parseAllowList, refusalReason, type AllowList } from "./address-policy.js";

/** Options of {@link safeFetch}. Every limit has a safe default. */
export interface SafeFetchOptions {
  /** HTTP method (default `GET`). A 303 redirect, or a 301/302 after `POST`, continues as `GET` without a body. */
  method?: string;
  /** Request headers (names in any case). `user-agent` defaults to `Pressroom/0.1 (+feed fetcher)`. */
  headers?: Record<string, string>;
  /** Request body (for `POST`/`PUT`; webhooks). */
  body?: string | Buffer;
  /** Most redirects to follow (default 5); one more is an error. Each hop is checked again. */
  maxRedirects?: number;
  /** Largest response body accepted, in bytes (default 10 MiB); a larger one is an error. */
  maxBytes?: number;
  /** Total time for the whole exchange including redirects and the body, in ms (default 30 000). */
  timeoutMs?: number;
  /**
   * Hosts or CIDR ranges let through despite the address policy (e.g. `["127.0.0.1"]` in
   * tests). Added to `PRESSROOM_FETCH_ALLOW` (comma-separated, read at each call).
   */
  allow?: readonly string[];
  /** Aborts the fetch from outside. */
  signal?: AbortSignal;
}

/** What {@link safeFetch} returns: the final response after redirects. */
export interface SafeFetchResponse {
  /** HTTP status of the final response (any status; only network/policy problems throw). */
  status: number;
  /** Response headers, names in lower case; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The whole response body (empty for 204/304/HEAD). */
  body: Buffer;
  /** The URL of the final response, after redirects. */
  url: string;
  /** The URLs redirected through, in order, not counting the final one. */
  redirects: string[];
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);
/** Default size cap: 10 MiB. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** Default total time cap (ms). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Default redirect limit. */
export const DEFAULT_MAX_REDIRECTS = 5;

const fail = (message: string, detail?: Record<string, unknown>) => new PressroomError("PRESSROOM_E_FETCH", message, detail);

/**
 * Fetch `url` safely: only `http:`/`https:`; the host is resolved and every address
 * checked against the address policy (see `address-policy.ts`: loopback, private,
 * CGNAT, link-local/metadata, unique-local, multicast, unspecified, reserved and their
 * IPv4-mapped IPv6 forms are refused unless allowed by `PRESSROOM_FETCH_ALLOW` or
 * `opts.allow`). The socket connects to the very address that was checked (the check is
 * the connection's DNS lookup), so DNS rebinding between check and connect is impossible.
 * Redirects are followed by hand, at most `maxRedirects`, each hop checked the same way.
 * The body is capped at `maxBytes` and the whole exchange at `timeoutMs`.
 *
 * Non-2xx statuses are returned, not thrown.
 * @throws PressroomError `PRESSROOM_E_FETCH` for a bad or non-http(s) URL, a refused
 *   address (`refused: 10.0.0.5 is a private address`), a DNS failure, too many
 *   redirects, a body over the cap, a timeout, or a network error.
 */
export async function safeFetch(url: string | URL, opts: SafeFetchOptions = {}): Promise<SafeFetchResponse> {
  const allow = parseAllowList([...allowListFromEnv(process.env.PRESSROOM_FETCH_ALLOW), ...(opts.allow ?? [])]);
  const maxRedirects = opts.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const agent = new Agent({
    connect: { lookup: checkedLookup(allow), timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  let method = (opts.method ?? "GET").toUpperCase();
  let body = opts.body;
  const headers: Record<string, string> = { "user-agent": "Pressroom/0.1 (+feed fetcher)" };
  for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = v;
  const redirects: string[] = [];
  let current = parseUrl(url);
  try {
    for (;;) {
      checkLiteralHost(current, allow);
      let res;
      try {
        res = await request(current, { method: method as "GET", headers, body, dispatcher: agent, signal });
      } catch (e) {
        throw translate(e, current, timeout, timeoutMs);
      }
      const status = res.statusCode;
      const location = headerValue(res.headers["location"]);
      if (REDIRECT.has(status) && location) {
        res.body.resume();
        await res.body.dump().catch(() => undefined);
        if (redirects.length >= maxRedirects) throw fail(`too many redirects (more than ${maxRedirects}) fetching ${String(url)}`);
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          throw fail(`bad redirect location "${location}" from ${current.href}`);
        }
        redirects.push(current.href);
        if (status === 303 || ((status === 301 || status === 302) && method === "POST")) {
          if (method !== "HEAD") method = "GET";
          body = undefined;
          delete headers["content-type"];
          delete headers["content-length"];
        }
        if (next.origin !== current.origin) delete headers["authorization"];
        current = parseUrl(next);
        continue;
      }
      const declared = Number(headerValue(res.headers["content-length"]) ?? NaN);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.body.destroy();
        throw fail(`response from ${current.href} is ${declared} bytes, over the ${maxBytes}-byte limit`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of res.body) {
          const b = chunk as Buffer;
          size += b.length;
          if (size > maxBytes) {
            res.body.destroy();
            throw fail(`response from ${current.href} is over the ${maxBytes}-byte limit`);
          }
          chunks.push(b);
        }
      } catch (e) {
        throw translate(e, current, timeout, timeoutMs);
      }
      const outHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) outHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
      }
      return { status, headers: outHeaders, body: Buffer.concat(chunks), url: current.href, redirects };
    }
  } finally {
    void agent.destroy().catch(() => undefined);
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function parseUrl(u: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(String(u));
  } catch {
    throw fail(`not a valid URL: ${String(u)}`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw fail(`refused: only http and https URLs are fetched, not ${parsed.protocol.replace(/:$/, "")}`);
  }
  if (parsed.username || parsed.password) parsed.username = parsed.password = "";
  return parsed;
}

/** A host that is an IP literal is never looked up, so it is checked here. */
function checkLiteralHost(u: URL, allow: AllowList): void {
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIP(host) && !hostAllowed(host, allow)) assertAddressAllowed(host, allow);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `dns.lookup` replacement for the socket: resolves, drops every refused address, and
 * hands the socket only addresses that passed, so what is checked is what is connected to.
 */
function checkedLookup(allow: AllowList) {
  return (hostname: string, options: LookupOptions | number, callback: LookupCallback) => {
    const o: LookupOptions = typeof options === "number" ? { family: options } : (options ?? {});
    dnsLookup(hostname, { ...o, all: true }, (err, addresses) => {
      if (err) {
        callback(Object.assign(fail(`could not resolve ${hostname}: ${err.code ?? err.message}`), { code: "PRESSROOM_E_FETCH" }) as NodeJS.ErrnoException, []);
        return;
      }
      const list = addresses as LookupAddress[];
      const passed = hostAllowed(hostname, allow) ? list : list.filter((a) => refusalReason(a.address, allow) === null);
      if (passed.length === 0) {
        const first = list[0];
        const why = first ? refusalReason(first.address, allow) : "unresolvable";
        const e = fail(`refused: ${hostname} resolves to ${first?.address ?? "nothing"}, ${why}`, { host: hostname, address: first?.address });
        callback(e as unknown as NodeJS.ErrnoException, []);
        return;
      }
      if (o.all) callback(null, passed);
      else callback(null, passed[0]!.address, passed[0]!.family);
    });
  };
}

/** Turn an undici/network error into a PressroomError, keeping our own refusals as they are. */
function translate(e: unknown, u: URL, timeout: AbortSignal, timeoutMs: number): PressroomError {
  if (isPressroomError(e)) return e;
  const err = e as { cause?: unknown; code?: string; name?: string; message?: string };
  if (isPressroomError(err.cause)) return err.cause;
  if (timeout.aborted || err.code === "UND_ERR_HEADERS_TIMEOUT" || err.code === "UND_ERR_BODY_TIMEOUT" || err.code === "UND_ERR_CONNECT_TIMEOUT") {
    return fail(`timed out after ${timeoutMs} ms fetching ${u.href}`);
  }
  if (err.name === "AbortError") return fail(`fetch of ${u.href} was aborted`);
  const reason = err.code ? `${err.code}${err.message ? ` (${err.message})` : ""}` : (err.message ?? String(e));
  return fail(`could not fetch ${u.href}: ${reason}`);
}

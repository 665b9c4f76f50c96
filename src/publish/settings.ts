/**
 * Optional publishing settings beyond the store, clock and base URL. Every field has a
 * safe default; modules add their own fields here (each documented with its default).
 */
export interface PublishSettings {
  /**
   * Send cookies with the `Secure` attribute. Default: true when the base URL is https,
   * false for plain-http development on loopback.
   */
  secureCookies?: boolean;
  /** Failed sign-ins per user name within {@link loginWindowMs} before sign-in answers 429. Default 5. */
  loginMaxFailures?: number;
  /** Failed sign-ins per client address within {@link loginWindowMs} before sign-in answers 429. Default 20. */
  loginMaxFailuresPerIp?: number;
  /** Sign-in throttling window in ms. Default 900000 (15 min). */
  loginWindowMs?: number;
  /** WebSub hub URL advertised in feeds (`<link rel="hub">`), or none. */
  websubHub?: string;
  /**
   * Largest request body accepted, in bytes; a larger one is refused with 413
   * `PRESSROOM_E_TOO_LARGE`. Default: {@link DEFAULT_BODY_LIMIT} (1 MiB).
   */
  bodyLimit?: number;
  /**
   * Rate limit of every `/api/` route, per client IP: at most `max` requests per
   * `timeWindowMs` (ms), then 429 `PRESSROOM_E_RATE_LIMITED` with `Retry-After` (seconds).
   * `false` turns it off (e.g. for load tests). Default: {@link DEFAULT_API_RATE_LIMIT}.
   */
  apiRateLimit?: { max: number; timeWindowMs: number } | false;
  /**
   * Addresses of reverse proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed
   * (IP addresses, CIDR ranges, or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`),
   * so the login throttle, rate limits and audit log see the reader's address. Default: none
   * (the headers are ignored: anyone could send them).
   */
  trustProxy?: string[];
  /** URLs per sitemap file before `/sitemap.xml` becomes an index (1..50,000). Default: 50,000 (the protocol's limit). */
  sitemapMaxUrls?: number;
}

/** Default request body limit: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Default API rate limit: 600 requests per minute per IP. */
export const DEFAULT_API_RATE_LIMIT = { max: 600, timeWindowMs: 60_000 } as const;

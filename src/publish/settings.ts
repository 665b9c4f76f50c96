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
  /** WebSub hub URL advertised in feeds (`<link rel="hub">`), or none. */
  websubHub?: string;
}

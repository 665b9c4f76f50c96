import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseHTML } from "linkedom";
import { startWire, type Running } from "../publish/fixtures.js";
import { wire } from "../exports/helpers.js";

const EXPECTED = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
} as const;

describe("security headers and inert pages", () => {
  let w: Running;
  before(async () => {
    w = await startWire();
  });
  after(() => w.close());

  const paths = () => [
    "/",
    `/items/${w.ids.release}`,
    `/items/${w.ids.transcript}`,
    `/items/${w.ids.hostile}`,
    "/search?q=lanternfish",
    "/sections/transport-office",
    "/questioners",
    "/outlets",
    "/no-such-page",
    "/api/v1/items",
    `/api/v1/items/${w.ids.hostile}`,
    "/api/v1/items/no-such-item",
    "/feeds/rss.xml",
    "/sitemap.xml",
    `/items/${w.ids.release}/newsml.xml`,
    "/robots.txt",
  ];

  it("every response carries the security headers, a CSP without inline scripts, and HSTS on an https site", async () => {
    for (const url of paths()) {
      const res = await w.app.inject({ method: "GET", url });
      for (const [name, value] of Object.entries(EXPECTED)) assert.equal(res.headers[name], value, `${name} on ${url}`);
      const csp = res.headers["content-security-policy"] as string;
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /object-src 'none'/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/, url);
      assert.doesNotMatch(csp, /default-src[^;]*'unsafe-inline'/, url);
      // The fixture's base URL is https://wire.example.org.
      assert.equal(res.headers["strict-transport-security"], "max-age=31536000", url);
    }
  });

  it("no page has an inline script, an event-handler attribute or a javascript: URL (the hostile item included)", async () => {
    for (const url of paths().filter((p) => !p.startsWith("/api/") && !p.endsWith(".xml") && !p.endsWith(".txt"))) {
      const res = await w.app.inject({ method: "GET", url });
      assert.match(res.headers["content-type"] as string, /^text\/html/, url);
      const { document } = parseHTML(res.body);
      for (const s of Array.from(document.querySelectorAll("script"))) {
        assert.ok(s.getAttribute("src"), `inline <script> on ${url}`);
        assert.doesNotMatch(s.getAttribute("src")!, /^(?:[a-z]+:)?\/\//i, `third-party script on ${url}`);
      }
      for (const el of Array.from(document.querySelectorAll("*"))) {
        for (const a of Array.from(el.attributes)) {
          assert.doesNotMatch(a.name, /^on/i, `${el.localName}[${a.name}] on ${url}`);
          if (a.name === "href" || a.name === "src" || a.name === "action") assert.doesNotMatch(a.value.trim(), /^(javascript|data|vbscript):/i, `${a.name}=${a.value} on ${url}`);
        }
      }
      assert.equal(document.querySelectorAll("img, iframe, object, embed, svg").length, 0, `embedded content on ${url}`);
    }
    const hostile = await w.app.inject({ method: "GET", url: `/items/${w.ids.hostile}` });
    assert.match(hostile.body, /&lt;img src=x onerror=alert\(1\)(?:>|&gt;) markup/, "the hostile body is shown as text");
  });

  it("a plain-http site sends no Strict-Transport-Security", async () => {
    const plain = await wire({ baseUrl: "http://127.0.0.1:8080" });
    try {
      const res = await plain.app.inject({ method: "GET", url: "/" });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers["strict-transport-security"], undefined);
      assert.equal(res.headers["cross-origin-opener-policy"], "same-origin");
    } finally {
      await plain.close();
    }
  });
});

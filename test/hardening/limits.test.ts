import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { H, input, T0, wire, type Wire } from "../exports/helpers.js";

/** Adds a POST route under the API and one on the web, as editor and login routes will be. */
function addEchoRoutes(w: Wire): void {
  w.app.post("/api/v1/test-echo", async (req) => ({ size: JSON.stringify(req.body).length }));
  w.app.post("/test-form", async () => "ok");
}

describe("request size limit", () => {
  let w: Wire;
  before(async () => {
    w = await wire({ settings: { bodyLimit: 1000 } });
    addEchoRoutes(w);
  });
  after(() => w.close());

  it("a body over the limit is refused with 413 in our error format; one under it passes", async () => {
    const big = await w.app.inject({ method: "POST", url: "/api/v1/test-echo", headers: { "content-type": "application/json" }, payload: JSON.stringify({ text: "x".repeat(2000) }) });
    assert.equal(big.statusCode, 413);
    assert.match(big.headers["content-type"] as string, /^application\/json/);
    assert.deepEqual(big.json(), { error: { code: "PRESSROOM_E_TOO_LARGE", message: "request is too large" } });
    assert.equal(big.headers["cache-control"], "no-store");
    const small = await w.app.inject({ method: "POST", url: "/api/v1/test-echo", headers: { "content-type": "application/json" }, payload: JSON.stringify({ text: "x".repeat(500) }) });
    assert.equal(small.statusCode, 200);
    assert.equal(small.json().size, JSON.stringify({ text: "x".repeat(500) }).length);
  });

  it("a web form over the limit gets the HTML error page with status 413", async () => {
    const res = await w.app.inject({ method: "POST", url: "/test-form", headers: { "content-type": "application/json" }, payload: JSON.stringify({ a: "y".repeat(5000) }) });
    assert.equal(res.statusCode, 413);
    assert.match(res.headers["content-type"] as string, /^text\/html/);
    assert.match(res.body, /PRESSROOM_E_TOO_LARGE|too large/);
  });

  it("the default limit is 1 MiB", async () => {
    const d = await wire();
    try {
      addEchoRoutes(d);
      const over = await d.app.inject({ method: "POST", url: "/api/v1/test-echo", headers: { "content-type": "application/json" }, payload: JSON.stringify({ t: "z".repeat(1024 * 1024) }) });
      assert.equal(over.statusCode, 413);
      const under = await d.app.inject({ method: "POST", url: "/api/v1/test-echo", headers: { "content-type": "application/json" }, payload: JSON.stringify({ t: "z".repeat(1000 * 1000) }) });
      assert.equal(under.statusCode, 200);
    } finally {
      await d.close();
    }
  });
});

describe("API rate limit", () => {
  let w: Wire;
  let id = "";
  before(async () => {
    w = await wire({
      settings: { apiRateLimit: { max: 4, timeWindowMs: 60_000 } },
      fill: async (store, clock) => {
        clock.set(T0 - H);
        id = (await store.upsert(input({ identity: "guid:limits", headline: "Harbour dues for 2026" }))).id;
        clock.set(T0);
      },
    });
    addEchoRoutes(w);
    w.app.get("/test-login-limited", { config: { rateLimit: { max: 2, timeWindow: 60_000 } } }, async () => "ok");
  });
  after(() => w.close());

  it("counts every /api/ route together per IP and answers 429 with Retry-After and our error body", async () => {
    const urls = ["/api/v1/items", `/api/v1/items/${id}`, "/api/v1/stats", "/api/v1/search?q=harbour"];
    for (const url of urls) {
      const ok = await w.app.inject({ method: "GET", url, remoteAddress: "192.0.2.10" });
      assert.equal(ok.statusCode, 200, url);
      assert.equal(ok.headers["x-ratelimit-remaining"], undefined, "ordinary answers carry no counters");
    }
    const res = await w.app.inject({ method: "GET", url: `/api/v1/items/${id}`, remoteAddress: "192.0.2.10" });
    assert.equal(res.statusCode, 429);
    assert.match(res.headers["content-type"] as string, /^application\/json/);
    const body = res.json();
    assert.equal(body.error.code, "PRESSROOM_E_RATE_LIMITED");
    assert.match(body.error.message, /^too many requests; try again in \d+ (?:seconds?|minutes?)$/);
    const retry = Number(res.headers["retry-after"]);
    assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 60, `Retry-After ${res.headers["retry-after"]}`);
    assert.equal(res.headers["cache-control"], "no-store");
    assert.equal(res.headers["x-ratelimit-limit"], "4");
    assert.equal(res.headers["x-ratelimit-remaining"], "0");
    // A POST under the API counts against the same budget.
    const post = await w.app.inject({ method: "POST", url: "/api/v1/test-echo", headers: { "content-type": "application/json" }, payload: "{}", remoteAddress: "192.0.2.10" });
    assert.equal(post.statusCode, 429);
  });

  it("another client, and the web pages, are not affected; nothing stored is lost", async () => {
    const other = await w.app.inject({ method: "GET", url: `/api/v1/items/${id}`, remoteAddress: "198.51.100.7" });
    assert.equal(other.statusCode, 200);
    assert.equal(other.json().headlines[0].value, "Harbour dues for 2026");
    for (let i = 0; i < 6; i++) {
      const page = await w.app.inject({ method: "GET", url: `/items/${id}`, remoteAddress: "192.0.2.10" });
      assert.equal(page.statusCode, 200);
    }
  });

  it("a non-API route can use the same plugin through its own config (as the login does), with an HTML 429 page", async () => {
    for (let i = 0; i < 2; i++) assert.equal((await w.app.inject({ method: "GET", url: "/test-login-limited", remoteAddress: "203.0.113.5" })).statusCode, 200);
    const res = await w.app.inject({ method: "GET", url: "/test-login-limited", remoteAddress: "203.0.113.5" });
    assert.equal(res.statusCode, 429);
    assert.match(res.headers["content-type"] as string, /^text\/html/);
    assert.ok(Number(res.headers["retry-after"]) > 0);
  });

  it("apiRateLimit: false turns the API limit off; a bad setting is refused at start", async () => {
    const off = await wire({ settings: { apiRateLimit: false } });
    try {
      for (let i = 0; i < 30; i++) assert.equal((await off.app.inject({ method: "GET", url: "/api/v1/stats" })).statusCode, 200);
    } finally {
      await off.close();
    }
    await assert.rejects(wire({ settings: { apiRateLimit: { max: 0, timeWindowMs: 1000 } } }), /apiRateLimit/);
  });
});

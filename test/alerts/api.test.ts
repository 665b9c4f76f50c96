/** The saved-search API and the /account/alerts page: access, bad input, deletion. */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildServer } from "../../src/publish/server.js";
import { addUser, bearer, login } from "../auth-helpers.js";
import { BASE_URL, openWire, type TestWire } from "./fixtures.js";

interface Ctx { wire: TestWire; app: FastifyInstance; alice: string; bob: string; admin: string }

async function setUp(): Promise<Ctx> {
  const wire = await openWire();
  const app = await buildServer({ store: wire.store, clock: wire.clock, baseUrl: BASE_URL });
  await addUser(wire.store, "alice", "reader");
  await addUser(wire.store, "bob", "editor");
  await addUser(wire.store, "root", "admin");
  return { wire, app, alice: await bearer(wire.store, "alice"), bob: await bearer(wire.store, "bob"), admin: await bearer(wire.store, "root") };
}

async function tearDown(c: Ctx) {
  await c.app.close();
  await c.wire.close();
}

const post = (c: Ctx, auth: string | null, payload: unknown, contentType = "application/json") =>
  c.app.inject({
    method: "POST",
    url: "/api/v1/saved-searches",
    headers: { ...(auth ? { authorization: auth } : {}), "content-type": contentType },
    payload: typeof payload === "string" ? payload : JSON.stringify(payload),
  });

const good = { name: "Reuters on Fordow", query: 'outlet:Reuters "Fordow"', webhook_url: "https://hooks.example.org/pressroom?k=1" };

test("create, read, list and delete a saved search through the API", async () => {
  const c = await setUp();
  try {
    const r = await post(c, c.alice, good);
    assert.equal(r.statusCode, 201, r.body);
    const j = r.json() as Record<string, unknown>;
    assert.match(String(j.secret), /^whsec_[A-Za-z0-9_-]{43}$/);
    assert.equal(r.headers.location, `${BASE_URL}/api/v1/saved-searches/${j.id}`);
    assert.equal(r.headers["cache-control"], "private, no-store");
    const { secret, ...rest } = j;
    void secret;
    assert.deepEqual(rest, {
      id: j.id,
      name: "Reuters on Fordow",
      query: 'outlet:Reuters "Fordow"',
      text: '"Fordow"',
      filters: { outlet: "Reuters" },
      webhook_url: "https://hooks.example.org/pressroom?k=1",
      active: true,
      owner: "alice",
      created: "2025-03-01T12:00:00.000Z",
      deliveries_url: `${BASE_URL}/api/v1/saved-searches/${j.id}/deliveries`,
    });

    const one = await c.app.inject({ method: "GET", url: `/api/v1/saved-searches/${j.id}`, headers: { authorization: c.alice } });
    assert.equal(one.statusCode, 200);
    assert.deepEqual(one.json(), rest, "the secret is never shown again");
    assert.ok(!one.body.includes(String(j.secret)));
    const list = await c.app.inject({ method: "GET", url: "/api/v1/saved-searches", headers: { authorization: c.alice } });
    assert.deepEqual(list.json(), { saved_searches: [rest] });
    const deliveries = await c.app.inject({ method: "GET", url: `/api/v1/saved-searches/${j.id}/deliveries`, headers: { authorization: c.alice } });
    assert.deepEqual(deliveries.json(), { total: 0, deliveries: [] });

    // The creation is in the audit log (without the secret or the webhook path).
    const audit = await c.wire.store.accounts.audit.list({ action: "alert.create" });
    assert.equal(audit.entries.length, 1);
    assert.equal(audit.entries[0]!.actor, "alice");
    assert.deepEqual(audit.entries[0]!.detail, { saved_search: j.id, name: "Reuters on Fordow", query: 'outlet:Reuters "Fordow"', webhook_host: "hooks.example.org" });

    const del = await c.app.inject({ method: "DELETE", url: `/api/v1/saved-searches/${j.id}`, headers: { authorization: c.alice } });
    assert.equal(del.statusCode, 204);
    const gone = await c.app.inject({ method: "GET", url: `/api/v1/saved-searches/${j.id}`, headers: { authorization: c.alice } });
    assert.equal(gone.statusCode, 404);
    assert.deepEqual((await c.app.inject({ method: "GET", url: "/api/v1/saved-searches", headers: { authorization: c.alice } })).json(), { saved_searches: [] });
    assert.equal((await c.wire.store.accounts.audit.list({ action: "alert.delete" })).entries.length, 1);
  } finally {
    await tearDown(c);
  }
});

test("bad input answers 400 with a code and a reason, and stores nothing", async () => {
  const c = await setUp();
  try {
    const cases: [unknown, string, RegExp, string?][] = [
      [{ query: "ferry", webhook_url: good.webhook_url }, "PRESSROOM_E_BAD_REQUEST", /name/],
      [{ ...good, name: "   " }, "PRESSROOM_E_BAD_REQUEST", /name must not be empty/],
      [{ ...good, name: "x".repeat(101) }, "PRESSROOM_E_BAD_REQUEST", /longer than 100/],
      [{ ...good, name: "a\u0007b" }, "PRESSROOM_E_BAD_REQUEST", /control characters/],
      [{ ...good, query: "" }, "PRESSROOM_E_BAD_QUERY", /empty/],
      [{ ...good, query: "   " }, "PRESSROOM_E_BAD_QUERY", /empty/],
      [{ ...good, query: "-wheat" }, "PRESSROOM_E_BAD_QUERY", /only excludes/],
      [{ ...good, query: "*** ???" }, "PRESSROOM_E_BAD_QUERY", /no words/],
      [{ ...good, query: "kind:memo ferry" }, "PRESSROOM_E_BAD_QUERY", /not a kind/],
      [{ ...good, query: "outlet:AP outlet:Reuters" }, "PRESSROOM_E_BAD_QUERY", /given twice/],
      [{ ...good, query: { q: "x" } }, "PRESSROOM_E_BAD_REQUEST", /query/],
      [{ ...good, webhook_url: "not a url" }, "PRESSROOM_E_BAD_REQUEST", /not a valid URL/],
      [{ ...good, webhook_url: "ftp://hooks.example.org/x" }, "PRESSROOM_E_BAD_REQUEST", /http or https, not ftp/],
      [{ ...good, webhook_url: "javascript:alert(1)" }, "PRESSROOM_E_BAD_REQUEST", /http or https/],
      [{ ...good, webhook_url: "https://user:pw@hooks.example.org/x" }, "PRESSROOM_E_BAD_REQUEST", /user name or password/],
      [{ ...good, webhook_url: "http://10.0.0.5/hook" }, "PRESSROOM_E_BAD_REQUEST", /10\.0\.0\.5 is a private address/],
      [{ ...good, webhook_url: "http://169.254.169.254/latest" }, "PRESSROOM_E_BAD_REQUEST", /metadata/],
      [{ ...good, webhook_url: "http://127.0.0.1:9/hook" }, "PRESSROOM_E_BAD_REQUEST", /loopback/],
      [{ ...good, webhook_url: "http://localhost:9/hook" }, "PRESSROOM_E_BAD_REQUEST", /loopback/],
      [{ ...good, webhook_url: "http://[::1]/hook" }, "PRESSROOM_E_BAD_REQUEST", /loopback/],
      ["{not json", "PRESSROOM_E_BAD_REQUEST", /./],
      [[1, 2], "PRESSROOM_E_BAD_REQUEST", /./],
    ];
    for (const [body, code, re] of cases) {
      const r = await post(c, c.alice, body);
      assert.equal(r.statusCode, 400, `${JSON.stringify(body)} → ${r.body}`);
      const e = (r.json() as { error: { code: string; message: string } }).error;
      assert.equal(e.code, code, JSON.stringify(body));
      assert.match(e.message, re, JSON.stringify(body));
    }
    const wrongType = await post(c, c.alice, "name=x&query=y&webhook_url=https://a.example/", "text/plain");
    assert.equal(wrongType.statusCode, 400, "a body that is not a JSON object");
    assert.equal((wrongType.json() as { error: { code: string } }).error.code, "PRESSROOM_E_BAD_REQUEST");
    assert.deepEqual((await c.wire.store.alerts.listSavedSearches()), []);

    // Still working afterwards; a private address passes when the allow list names it.
    process.env.PRESSROOM_FETCH_ALLOW = "10.0.0.0/8";
    try {
      assert.equal((await post(c, c.alice, { ...good, webhook_url: "http://10.0.0.5/hook" })).statusCode, 201);
    } finally {
      delete process.env.PRESSROOM_FETCH_ALLOW;
    }
    assert.equal((await post(c, c.alice, { ...good, query: "outlet:Reuters" })).statusCode, 201, "field prefixes alone are a query");
    const bad = await c.app.inject({ method: "GET", url: "/api/v1/saved-searches/1/deliveries?limit=0", headers: { authorization: c.alice } });
    assert.equal(bad.statusCode, 400);
  } finally {
    await tearDown(c);
  }
});

test("another user's saved search answers like one that never existed; admins see all; the public must sign in", async () => {
  const c = await setUp();
  try {
    const id = (await post(c, c.alice, good)).json().id as number;
    const never = await c.app.inject({ method: "GET", url: "/api/v1/saved-searches/999999", headers: { authorization: c.bob } });
    assert.equal(never.statusCode, 404);
    for (const [method, url] of [["GET", `/api/v1/saved-searches/${id}`], ["GET", `/api/v1/saved-searches/${id}/deliveries`], ["DELETE", `/api/v1/saved-searches/${id}`]] as const) {
      const r = await c.app.inject({ method, url, headers: { authorization: c.bob } });
      assert.equal(r.statusCode, 404, `${method} ${url}`);
      assert.equal(r.body, never.body);
    }
    for (const url of ["/api/v1/saved-searches/abc", "/api/v1/saved-searches/0", "/api/v1/saved-searches/-1"]) {
      assert.equal((await c.app.inject({ method: "GET", url, headers: { authorization: c.alice } })).statusCode, 404, url);
    }
    assert.deepEqual((await c.app.inject({ method: "GET", url: "/api/v1/saved-searches", headers: { authorization: c.bob } })).json(), { saved_searches: [] });
    const all = (await c.app.inject({ method: "GET", url: "/api/v1/saved-searches", headers: { authorization: c.admin } })).json() as { saved_searches: { id: number; owner: string }[] };
    assert.deepEqual(all.saved_searches.map((s) => [s.id, s.owner]), [[id, "alice"]]);
    assert.equal((await c.app.inject({ method: "GET", url: `/api/v1/saved-searches/${id}`, headers: { authorization: c.admin } })).statusCode, 200);

    for (const [method, url] of [["GET", "/api/v1/saved-searches"], ["POST", "/api/v1/saved-searches"], ["GET", `/api/v1/saved-searches/${id}`], ["DELETE", `/api/v1/saved-searches/${id}`]] as const) {
      const r = await c.app.inject({ method, url, ...(method === "POST" ? { payload: good } : {}) });
      assert.equal(r.statusCode, 401, `${method} ${url}`);
      assert.equal((r.json() as { error: { code: string } }).error.code, "PRESSROOM_E_UNAUTHORIZED");
    }
    assert.equal((await c.wire.store.alerts.listSavedSearches()).length, 1, "nothing was lost");

    // A removed user's searches are gone from every list and stop matching.
    await c.wire.store.accounts.removeUser("alice");
    assert.deepEqual(await c.wire.store.alerts.listSavedSearches(), []);
    assert.deepEqual(await c.wire.store.alerts.searchesBehind(), []);
  } finally {
    await tearDown(c);
  }
});

test("the /account/alerts page: list, create (secret shown once), delete; CSRF checked", async () => {
  const c = await setUp();
  try {
    const anon = await c.app.inject({ method: "GET", url: "/account/alerts" });
    assert.equal(anon.statusCode, 303);
    assert.equal(anon.headers.location, "/login?next=%2Faccount%2Falerts");
    const anonPost = await c.app.inject({ method: "POST", url: "/account/alerts", headers: { "content-type": "application/x-www-form-urlencoded" }, payload: "name=x&query=y&webhook_url=https%3A%2F%2Fh.example%2F" });
    assert.equal(anonPost.statusCode, 401);
    const s = await login(c.app, "alice");
    const page = await c.app.inject({ method: "GET", url: "/account/alerts", headers: { cookie: s.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /You have no saved searches yet/);
    assert.match(page.body, /name="_csrf" value="[^"]+"/);

    const form = (extra: Record<string, string>) => new URLSearchParams({ name: "Ferries", query: "ferry kind:press_release", webhook_url: "https://hooks.example.org/f", ...extra }).toString();
    const noCsrf = await c.app.inject({ method: "POST", url: "/account/alerts", headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded" }, payload: form({}) });
    assert.equal(noCsrf.statusCode, 403);
    assert.deepEqual(await c.wire.store.alerts.listSavedSearches(), []);

    const badQuery = await c.app.inject({ method: "POST", url: "/account/alerts", headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded" }, payload: form({ _csrf: s.csrf, query: "-ferry" }) });
    assert.equal(badQuery.statusCode, 400);
    assert.match(badQuery.body, /PRESSROOM_E_BAD_QUERY/);
    assert.match(badQuery.body, /value="Ferries"/, "what was typed is kept");

    const ok = await c.app.inject({ method: "POST", url: "/account/alerts", headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded" }, payload: form({ _csrf: s.csrf }) });
    assert.equal(ok.statusCode, 201);
    const secret = /<code>(whsec_[A-Za-z0-9_-]{43})<\/code>/.exec(ok.body)?.[1];
    assert.ok(secret, "the secret is on the answer");
    const [saved] = await c.wire.store.alerts.listSavedSearches();
    assert.equal(saved!.query, "ferry kind:press_release");
    const again = await c.app.inject({ method: "GET", url: "/account/alerts", headers: { cookie: s.cookie } });
    assert.match(again.body, /Ferries/);
    assert.ok(!again.body.includes(secret!), "and never again");

    const del = await c.app.inject({ method: "POST", url: `/account/alerts/${saved!.id}/delete`, headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded" }, payload: `_csrf=${encodeURIComponent(s.csrf)}` });
    assert.equal(del.statusCode, 303);
    assert.equal(del.headers.location, "/account/alerts?deleted=1");
    assert.deepEqual(await c.wire.store.alerts.listSavedSearches(), []);
  } finally {
    await tearDown(c);
  }
});

test("the OpenAPI document describes the saved-search endpoints under the alerts tag", async () => {
  const c = await setUp();
  try {
    const r = await c.app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    assert.equal(r.statusCode, 200);
    const doc = r.json() as { paths: Record<string, Record<string, { tags?: string[]; requestBody?: unknown }>> };
    assert.deepEqual(Object.keys(doc.paths["/api/v1/saved-searches"] ?? {}).sort(), ["get", "post"]);
    assert.deepEqual(Object.keys(doc.paths["/api/v1/saved-searches/{id}"] ?? {}).sort(), ["delete", "get"]);
    assert.deepEqual(Object.keys(doc.paths["/api/v1/saved-searches/{id}/deliveries"] ?? {}), ["get"]);
    assert.deepEqual(doc.paths["/api/v1/saved-searches"]!.post!.tags, ["alerts"]);
    assert.ok(doc.paths["/api/v1/saved-searches"]!.post!.requestBody);
    assert.equal(doc.paths["/account/alerts"], undefined, "pages are not in the API document");
  } finally {
    await tearDown(c);
  }
});

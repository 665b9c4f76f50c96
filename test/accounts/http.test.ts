/** Sign-in, sessions, CSRF, bearer tokens and admin pages over a real fastify server and SQLite file. */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { fixedClock } from "../../src/core/clock.js";
import { buildServer } from "../../src/publish/server.js";
import { openTestStore } from "../db.js";
import type { Store } from "../../src/store/store.js";
import { tempDir } from "../helpers.js";
import { release } from "../publish/fixtures.js";
import { DEFAULT_PASSWORD, addUser, bearer, login } from "../auth-helpers.js";

const T0 = Date.parse("2026-05-05T14:00:00Z");
const FORM = { "content-type": "application/x-www-form-urlencoded" };

let app: FastifyInstance;
let store: Store;
let itemId: string;
const clock = fixedClock(T0);
const tmp = tempDir("pressroom-auth-");

before(async () => {
  store = await openTestStore({ clock });
  itemId = (await store.upsert(release)).id;
  await addUser(store, "lena", "admin");
  await addUser(store, "mara", "editor");
  await addUser(store, "quinn", "reader");
  await addUser(store, "victim", "reader");
  await addUser(store, "bot", "reader", null);
  app = await buildServer({ store, clock, baseUrl: "https://wire.example.org" });
});

after(async () => {
  await app.close();
  await store.close();
  tmp.cleanup();
});

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

test("GET /login is a form; the public header offers 'Sign in'", async () => {
  const r = await app.inject({ url: "/login?next=/items/x" });
  assert.equal(r.statusCode, 200);
  assert.match(r.body, /<form class="search" method="post" action="\/login">/);
  assert.match(r.body, /name="next" value="\/items\/x"/);
  assert.match(r.body, /autocomplete="current-password"/);
  assert.match(r.body, /<li class="account-slot"><a href="\/login">Sign in<\/a><\/li>/);
  assert.equal(r.headers["cache-control"], "no-store");
  const home = await app.inject({ url: "/" });
  assert.match(home.body, /<a href="\/login">Sign in<\/a>/);
  assert.equal(home.headers["cache-control"], "public, max-age=5, must-revalidate");
  assert.match(String(home.headers.vary), /Cookie, Authorization/);
});

test("sign-in sets an HttpOnly, SameSite=Lax, Secure session cookie, redirects to next, and is audited", async () => {
  const r = await app.inject({ method: "POST", url: "/login", headers: FORM, payload: form({ name: "mara", password: DEFAULT_PASSWORD, next: "/latest" }) });
  assert.equal(r.statusCode, 303);
  assert.equal(r.headers.location, "/latest");
  const set = String(r.headers["set-cookie"]);
  assert.match(set, /^pressroom_session=[A-Za-z0-9_-]{43};/);
  assert.match(set, /; HttpOnly/);
  assert.match(set, /; SameSite=Lax/);
  assert.match(set, /; Secure/);
  assert.match(set, /; Path=\//);
  const entry = (await store.accounts.audit.list({ action: "login.ok", actor: "mara" })).entries[0]!;
  assert.equal(entry.at, T0);
  assert.equal(entry.detail.ip, "127.0.0.1");
});

test("a sign-in form posted from another site is refused (login CSRF); this site's origin is fine", async () => {
  const payload = form({ name: "mara", password: DEFAULT_PASSWORD });
  const evil = await app.inject({ method: "POST", url: "/login", headers: { ...FORM, origin: "https://evil.example" }, payload });
  assert.equal(evil.statusCode, 403);
  assert.equal(evil.headers["set-cookie"], undefined);
  assert.match(evil.body, /PRESSROOM_E_FORBIDDEN/);
  const own = await app.inject({ method: "POST", url: "/login", headers: { ...FORM, origin: "https://wire.example.org" }, payload });
  assert.equal(own.statusCode, 303);
  const local = await app.inject({ method: "POST", url: "/login", headers: { ...FORM, host: "127.0.0.1:8080", origin: "http://127.0.0.1:8080" }, payload });
  assert.equal(local.statusCode, 303);
});

test("an off-site next is ignored (no open redirect)", async () => {
  for (const next of ["https://evil.example/", "//evil.example/", "/\\evil.example"]) {
    const r = await app.inject({ method: "POST", url: "/login", headers: FORM, payload: form({ name: "mara", password: DEFAULT_PASSWORD, next }) });
    assert.equal(r.headers.location, "/", next);
  }
});

test("a signed-in page is private, no-store, names the user and carries a sign-out form", async () => {
  const s = await login(app, "mara");
  for (const url of ["/", "/latest", `/items/${itemId}`, "/search?q=ferry"]) {
    const r = await app.inject({ url, headers: { cookie: s.cookie } });
    assert.equal(r.statusCode, 200, url);
    assert.equal(r.headers["cache-control"], "private, no-store", url);
    assert.match(String(r.headers.vary), /Cookie/, url);
    assert.equal(r.headers.etag, undefined, url);
    assert.match(r.body, /<span class="account">mara \(editor\)<\/span> · <a href="\/editor">Editor<\/a> · <a href="\/account\/alerts">Alerts<\/a> · <form method="post" action="\/logout"/, url);
    assert.ok(r.body.includes(`name="_csrf" value="${s.csrf}"`), url);
  }
  // The public page of the same item, served from the shared cache, names no one.
  const pub = await app.inject({ url: `/items/${itemId}` });
  assert.equal(pub.headers["cache-control"], "public, max-age=5, must-revalidate");
  assert.ok(!pub.body.includes("mara"));
  assert.ok(!pub.body.includes(s.csrf));
  // A conditional request with the public validator still gets the signed-in page.
  const cond = await app.inject({ url: `/items/${itemId}`, headers: { cookie: s.cookie, "if-none-match": String(pub.headers.etag) } });
  assert.equal(cond.statusCode, 200);
  assert.match(cond.body, /mara \(editor\)/);
  // The style sheet is the same for everyone: public, immutable, revalidated, no Vary, even signed in.
  const href = /<link rel="stylesheet" href="([^"]+)"/.exec(cond.body)![1]!;
  const css = await app.inject({ url: href, headers: { cookie: s.cookie } });
  assert.equal(css.statusCode, 200);
  assert.equal(css.headers["cache-control"], "public, max-age=31536000, immutable");
  assert.equal(css.headers.vary, undefined);
  assert.ok(css.headers.etag);
  const again = await app.inject({ url: href, headers: { cookie: s.cookie, "if-none-match": String(css.headers.etag) } });
  assert.equal(again.statusCode, 304);
});

test("wrong password → 401 page with the form again, audited as login.fail", async () => {
  const r = await app.inject({ method: "POST", url: "/login", headers: FORM, payload: form({ name: "quinn", password: "not the password" }) });
  assert.equal(r.statusCode, 401);
  assert.match(r.headers["content-type"] as string, /^text\/html/);
  assert.match(r.body, /Wrong name or password\./);
  assert.match(r.body, /PRESSROOM_E_UNAUTHORIZED/);
  assert.match(r.body, /name="name"[^>]*value="quinn"/);
  assert.equal(r.headers["set-cookie"], undefined);
  const e = (await store.accounts.audit.list({ action: "login.fail" })).entries[0]!;
  assert.deepEqual(e.detail, { name: "quinn", ip: "127.0.0.1", reason: "bad_credentials" });
  // A token-only user cannot sign in on the web; an unknown name reads the same.
  for (const name of ["bot", "nobody"]) {
    const x = await app.inject({ method: "POST", url: "/login", headers: FORM, payload: form({ name, password: DEFAULT_PASSWORD }) });
    assert.equal(x.statusCode, 401, name);
    assert.match(x.body, /Wrong name or password\./);
  }
  const empty = await app.inject({ method: "POST", url: "/login", headers: FORM, payload: form({ name: "quinn" }) });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Enter your name and password\./);
});

test("the 6th failed sign-in for a name within 15 minutes → 429 with Retry-After, even with the right password", async () => {
  clock.set(T0 + 3_600_000);
  try {
    for (let i = 1; i <= 5; i++) {
      const r = await app.inject({ method: "POST", url: "/login", headers: FORM, remoteAddress: `10.0.0.${i}`, payload: form({ name: "victim", password: `guess number ${i}` }) });
      assert.equal(r.statusCode, 401, `attempt ${i}`);
    }
    const sixth = await app.inject({ method: "POST", url: "/login", headers: FORM, remoteAddress: "10.0.0.9", payload: form({ name: "victim", password: DEFAULT_PASSWORD }) });
    assert.equal(sixth.statusCode, 429);
    assert.equal(sixth.headers["retry-after"], "900");
    assert.match(sixth.body, /PRESSROOM_E_RATE_LIMITED/);
    assert.equal(sixth.headers["set-cookie"], undefined);
    const audited = (await store.accounts.audit.list({ action: "login.fail" })).entries[0]!;
    assert.equal(audited.detail.reason, "rate_limited");
    // Other names are not locked out by it.
    const other = await app.inject({ method: "POST", url: "/login", headers: FORM, remoteAddress: "10.0.0.9", payload: form({ name: "quinn", password: DEFAULT_PASSWORD }) });
    assert.equal(other.statusCode, 303);
    // Once the window has passed, the right password works again.
    clock.set(T0 + 3_600_000 + 15 * 60_000 + 1);
    const later = await app.inject({ method: "POST", url: "/login", headers: FORM, remoteAddress: "10.0.0.9", payload: form({ name: "victim", password: DEFAULT_PASSWORD }) });
    assert.equal(later.statusCode, 303);
  } finally {
    clock.set(T0);
  }
});

test("concurrent guesses cannot slip under the limit: of 10 at once, 5 are checked and 5 refused", async () => {
  await addUser(store, "target", "reader");
  const rs = await Promise.all(Array.from({ length: 10 }, (_, i) =>
    app.inject({ method: "POST", url: "/login", headers: FORM, remoteAddress: `10.1.0.${i}`, payload: form({ name: "target", password: `parallel guess ${i}` }) })));
  assert.deepEqual(rs.map((r) => r.statusCode).sort(), [401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
});

test("state-changing posts with a session need the CSRF token: none or wrong → 403, right → done", async () => {
  const s = await login(app, "lena");
  const add = (extra: Record<string, string>, headers: Record<string, string> = {}) =>
    app.inject({ method: "POST", url: "/admin/users", headers: { ...FORM, cookie: s.cookie, ...headers }, payload: form({ name: "newcomer", role: "reader", password: "", ...extra }) });
  const none = await add({});
  assert.equal(none.statusCode, 403);
  assert.match(none.body, /PRESSROOM_E_FORBIDDEN/);
  assert.equal(await store.accounts.getUser("newcomer"), null);
  const other = await login(app, "mara");
  assert.equal((await add({ _csrf: other.csrf })).statusCode, 403, "another session's token does not fit");
  const ok = await add({ _csrf: s.csrf });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, "/admin/users?added=newcomer");
  assert.equal((await store.accounts.getUser("newcomer"))?.role, "reader");
  const audit = (await store.accounts.audit.list({ action: "user.add", actor: "lena" })).entries[0]!;
  assert.deepEqual(audit.detail, { name: "newcomer", role: "reader", password: false });
  // The header form of fetch() clients works too.
  const viaHeader = await add({ name: "newcomer2" }, { "x-csrf-token": s.csrf });
  assert.equal(viaHeader.statusCode, 303);
  // Sign-out needs it as well.
  assert.equal((await app.inject({ method: "POST", url: "/logout", headers: { cookie: s.cookie } })).statusCode, 403);
});

test("admin pages: users (add with errors, remove), tokens (list, revoke), audit (filter, paging)", async () => {
  const s = await login(app, "lena");
  const h = { ...FORM, cookie: s.cookie };
  const page = await app.inject({ url: "/admin/users", headers: { cookie: s.cookie } });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<th scope="row">quinn<\/th><td>reader<\/td><td>password<\/td>/);
  assert.match(page.body, /<th scope="row">bot<\/th><td>reader<\/td><td>tokens only<\/td>/);
  const dup = await app.inject({ method: "POST", url: "/admin/users", headers: h, payload: form({ _csrf: s.csrf, name: "Quinn", role: "reader", password: "" }) });
  assert.equal(dup.statusCode, 409);
  assert.match(dup.body, /PRESSROOM_E_CONFLICT/);
  const short = await app.inject({ method: "POST", url: "/admin/users", headers: h, payload: form({ _csrf: s.csrf, name: "shorty", role: "editor", password: "2short" }) });
  assert.equal(short.statusCode, 400);
  assert.match(short.body, /at least 12 characters/);
  const badRole = await app.inject({ method: "POST", url: "/admin/users", headers: h, payload: form({ _csrf: s.csrf, name: "x", role: "owner", password: "" }) });
  assert.equal(badRole.statusCode, 400);

  await addUser(store, "leaver", "editor");
  const leaverToken = await bearer(store, "leaver");
  const leaverSession = await login(app, "leaver");
  assert.equal((await app.inject({ url: "/api/v1/me", headers: { authorization: leaverToken } })).statusCode, 200);
  const rm = await app.inject({ method: "POST", url: "/admin/users/leaver/remove", headers: h, payload: form({ _csrf: s.csrf }) });
  assert.equal(rm.statusCode, 303);
  assert.equal((await app.inject({ url: "/api/v1/me", headers: { authorization: leaverToken } })).statusCode, 401);
  const after = await app.inject({ url: "/", headers: { cookie: leaverSession.cookie } });
  assert.match(after.body, /<a href="\/login">Sign in<\/a>/, "the removed user's session is over");
  assert.match(String(after.headers["set-cookie"]), /pressroom_session=;/, "and the stale cookie is cleared");
  const self = await app.inject({ method: "POST", url: "/admin/users/lena/remove", headers: h, payload: form({ _csrf: s.csrf }) });
  assert.equal(self.statusCode, 409);

  const t = await store.accounts.createToken("quinn", "laptop");
  const tokens = await app.inject({ url: "/admin/tokens", headers: { cookie: s.cookie } });
  assert.match(tokens.body, new RegExp(`<th scope="row">${t.id}</th><td>quinn</td><td>laptop</td>`));
  assert.ok(!tokens.body.includes(t.token));
  const rv = await app.inject({ method: "POST", url: `/admin/tokens/${t.id}/revoke`, headers: h, payload: form({ _csrf: s.csrf }) });
  assert.equal(rv.statusCode, 303);
  assert.equal((await app.inject({ url: "/api/v1/me", headers: { authorization: `Bearer ${t.token}` } })).statusCode, 401);
  assert.equal((await app.inject({ method: "POST", url: "/admin/tokens/99999/revoke", headers: h, payload: form({ _csrf: s.csrf }) })).statusCode, 404);

  const audit = await app.inject({ url: "/admin/audit?actor=lena&action=token.revoke", headers: { cookie: s.cookie } });
  assert.equal(audit.statusCode, 200);
  assert.match(audit.body, /Entries 1-1 of 1, newest first\./);
  assert.match(audit.body, /<td>lena<\/td><td><code>token.revoke<\/code><\/td>/);
  const byItem = await app.inject({ url: `/admin/audit?item=${itemId}`, headers: { cookie: s.cookie } });
  assert.match(byItem.body, /No entries\./);
  assert.equal((await app.inject({ url: "/admin/audit?offset=-3", headers: { cookie: s.cookie } })).statusCode, 400);
});

test("admin pages refuse the public (401) and lower roles (403)", async () => {
  const reader = await login(app, "quinn");
  for (const url of ["/admin", "/admin/users", "/admin/tokens", "/admin/audit"]) {
    assert.equal((await app.inject({ url })).statusCode, 401, url);
    assert.equal((await app.inject({ url, headers: { cookie: reader.cookie } })).statusCode, 403, url);
  }
  const post = await app.inject({ method: "POST", url: "/admin/users", headers: FORM, payload: form({ name: "sneaky", role: "admin", password: "" }) });
  assert.equal(post.statusCode, 401);
  assert.equal(await store.accounts.getUser("sneaky"), null);
});

test("bearer tokens: /api/v1/me; missing, malformed, unknown or revoked → 401 in the API error format", async () => {
  const auth = await bearer(store, "bot");
  const me = await app.inject({ url: "/api/v1/me", headers: { authorization: auth } });
  assert.equal(me.statusCode, 200);
  const body = me.json();
  assert.deepEqual({ ...body, token_id: 0 }, { name: "bot", role: "reader", via: "token", token_id: 0 });
  assert.ok(Number.isInteger(body.token_id) && body.token_id > 0);
  assert.equal(me.headers["cache-control"], "private, no-store");
  assert.match(String(me.headers.vary), /Authorization/);

  const pub = await app.inject({ url: "/api/v1/me" });
  assert.equal(pub.statusCode, 401);
  assert.equal(pub.json().error.code, "PRESSROOM_E_UNAUTHORIZED");
  for (const h of ["Bearer prt_" + "A".repeat(43), "Bearer nonsense", "Basic bWFyYTpwdw==", "Bearer"]) {
    const r = await app.inject({ url: "/api/v1/stats", headers: { authorization: h } });
    assert.equal(r.statusCode, 401, h);
    assert.equal(r.json().error.code, "PRESSROOM_E_UNAUTHORIZED", h);
    assert.match(String(r.headers["www-authenticate"]), /^Bearer /);
  }
  // A bad token on a page answers 401 too (an HTML page there), never the public page.
  const page = await app.inject({ url: "/", headers: { authorization: "Bearer prt_" + "B".repeat(43) } });
  assert.equal(page.statusCode, 401);
  assert.match(page.headers["content-type"] as string, /^text\/html/);

  await store.accounts.revokeToken(body.token_id);
  assert.equal((await app.inject({ url: "/api/v1/me", headers: { authorization: auth } })).statusCode, 401);
});

test("bearer requests need no CSRF token; /api/v1/audit is for admins", async () => {
  const adminAuth = await bearer(store, "lena");
  const r = await app.inject({ url: "/api/v1/audit?limit=2&action=login.ok", headers: { authorization: adminAuth } });
  assert.equal(r.statusCode, 200);
  const j = r.json();
  assert.ok(j.total >= 2);
  assert.equal(j.entries.length, 2);
  assert.equal(j.entries[0].action, "login.ok");
  assert.match(j.entries[0].at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.equal((await app.inject({ url: "/api/v1/audit?limit=0", headers: { authorization: adminAuth } })).statusCode, 400);
  const readerAuth = await bearer(store, "quinn");
  const denied = await app.inject({ url: "/api/v1/audit", headers: { authorization: readerAuth } });
  assert.equal(denied.statusCode, 403);
  assert.equal(denied.json().error.code, "PRESSROOM_E_FORBIDDEN");
  assert.equal((await app.inject({ url: "/api/v1/audit" })).statusCode, 401);
  // A form post with a bearer token and no _csrf is fine (no cookie to ride on).
  const add = await app.inject({ method: "POST", url: "/admin/users", headers: { ...FORM, authorization: adminAuth }, payload: form({ name: "api-made", role: "reader", password: "" }) });
  assert.equal(add.statusCode, 303);
});

test("the OpenAPI document describes /api/v1/me and /api/v1/audit (tag accounts), not the pages", async () => {
  const r = await app.inject({ url: "/api/v1/openapi.json" });
  assert.equal(r.statusCode, 200, r.body.slice(0, 200));
  const openapi = r.json();
  assert.deepEqual(openapi.paths["/api/v1/me"]?.get?.tags, ["accounts"]);
  assert.deepEqual(openapi.paths["/api/v1/audit"]?.get?.tags, ["accounts"]);
  assert.deepEqual(openapi.paths["/api/v1/audit"].get.parameters.map((p: { name: string }) => p.name).sort(), ["action", "actor", "item_id", "limit", "offset"]);
  assert.equal(openapi.paths["/login"], undefined);
  assert.equal(openapi.paths["/admin/users"], undefined);
});

test("sign-out ends the session server-side", async () => {
  const s = await login(app, "quinn");
  const out = await app.inject({ method: "POST", url: "/logout", headers: { ...FORM, cookie: s.cookie }, payload: form({ _csrf: s.csrf }) });
  assert.equal(out.statusCode, 303);
  assert.equal(out.headers.location, "/");
  assert.match(String(out.headers["set-cookie"]), /pressroom_session=;.*Expires=Thu, 01 Jan 1970/);
  // Replaying the old cookie gets the public site.
  const r = await app.inject({ url: "/", headers: { cookie: s.cookie } });
  assert.match(r.body, /<a href="\/login">Sign in<\/a>/);
  assert.equal((await store.accounts.audit.list({ action: "logout", actor: "quinn" })).total, 1);
});

test("bad throttle settings stop the server from being built, with PRESSROOM_E_CONFIG", async () => {
  for (const settings of [{ loginMaxFailures: 0 }, { loginWindowMs: -5 }, { loginMaxFailuresPerIp: 1.5 }]) {
    await assert.rejects(buildServer({ store, clock, baseUrl: "https://wire.example.org", settings }), (e: unknown) => (e as { code?: string }).code === "PRESSROOM_E_CONFIG", JSON.stringify(settings));
  }
});

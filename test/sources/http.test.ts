/** The e-mail drop (`POST /api/v1/inbox`) and the admin page `/admin/sources`, on a real server and store. */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { buildServer } from "../../src/publish/server.js";
import type { Store } from "../../src/store/store.js";
import { addUser, bearer, login, type SignedIn } from "../auth-helpers.js";
import { T0, tempStore, BODIES, message } from "./helpers.js";

let app: FastifyInstance;
let store: Store;
let cleanup: () => Promise<void>;
let editor = "";
let reader = "";
let adminSession: SignedIn;
let editorSession: SignedIn;

before(async () => {
  const t = await tempStore();
  store = t.store;
  cleanup = t.cleanup;
  await addUser(store, "admin1", "admin");
  await addUser(store, "ed1", "editor");
  await addUser(store, "rd1", "reader");
  editor = await bearer(store, "ed1");
  reader = await bearer(store, "rd1");
  app = await buildServer({ store, clock: t.clock, baseUrl: "https://wire.example.org/", siteName: "Harbour Wire" });
  adminSession = await login(app, "admin1");
  editorSession = await login(app, "ed1");
});

after(async () => {
  await app.close();
  await cleanup();
});

const post = (raw: string | Buffer, headers: Record<string, string>) => app.inject({ method: "POST", url: "/api/v1/inbox", headers: { "content-type": "message/rfc822", ...headers }, payload: raw });

test("an editor posts a plain-text release by e-mail: Subject, Date and From become headline, published and source", async () => {
  const raw = message({ subject: "Fwd: Second Ferry Berth Approved", id: "m1", body: `WASHINGTON - ${BODIES[0]}\r\n\r\nThe berth will\r\nopen in June.\r\n\r\n-- \r\nPress Office\r\n` });
  const r = await post(raw, { authorization: editor });
  assert.equal(r.statusCode, 201, r.body);
  const j = r.json() as { status: string; id: string; version: number; headline: string };
  assert.equal(j.status, "imported");
  assert.equal(j.headline, "Second Ferry Berth Approved");
  const item = await store.get(j.id);
  assert.equal(item?.published, "2026-03-02T08:15:00+00:00");
  assert.equal(item?.source.name, "Harbour Board Press Office");
  assert.equal(item?.source.format, "email");
  assert.equal(item?.source.guid, "mid:m1@harbour.example.org");
  assert.match(item?.body ?? "", /The berth will open in June\./);
  assert.doesNotMatch(item?.body ?? "", /Press Office$/);
  // The same message again: unchanged.
  const again = await post(raw, { authorization: editor });
  assert.equal((again.json() as { status: string }).status, "unchanged");
});

test("an HTML-only message is reduced to text; scripts and markup do not survive", async () => {
  const raw = message({ subject: "Keepers Elect a New Chair", id: "m2", html: `<html><body><script>alert(1)</script><p>${BODIES[2]}</p><p><b>Contact:</b> press office</p></body></html>` });
  const r = await post(raw, { authorization: editor });
  assert.equal(r.statusCode, 201, r.body);
  const item = await store.get((r.json() as { id: string }).id);
  assert.ok(item?.body.includes(BODIES[2]!));
  assert.doesNotMatch(item?.body ?? "", /<|alert\(1\)/);
});

test("text/plain is preferred over HTML in a multipart message", async () => {
  const raw = message({ subject: "Dredging Closes Marina", id: "m3", body: BODIES[3]!, html: "<p>HTML version that should not be used for the body text at all.</p>" });
  const r = await post(raw, { authorization: editor });
  const item = await store.get((r.json() as { id: string }).id);
  assert.ok(item?.body.includes(BODIES[3]!));
  assert.doesNotMatch(item?.body ?? "", /HTML version/);
});

test("a message stating an embargo still in the future is held until it lifts", async () => {
  const raw = message({ subject: "Harbour Budget for 2027", id: "m4", body: `EMBARGOED UNTIL 10:00 A.M. EDT, TUESDAY, MAY 5, 2026\r\n\r\n${BODIES[1]}` });
  const r = await post(raw, { authorization: editor });
  assert.equal(r.statusCode, 201, r.body);
  const j = r.json() as { status: string; id: string; release_at?: string };
  assert.equal(j.status, "held");
  assert.equal(j.release_at, "2026-05-05T14:00:00.000Z");
  assert.equal(await store.get(j.id), null);
  assert.ok(!(await store.list({ limit: 100 })).items.some((i) => i.headline === "Harbour Budget for 2027"));
});

test("bad input to the inbox: clear errors, nothing stored", async () => {
  const before = (await store.list({ limit: 100 })).items.length;
  const anon = await post(message({ subject: "X", id: "x1" }), {});
  assert.equal(anon.statusCode, 401);
  assert.equal((anon.json() as { error: { code: string } }).error.code, "PRESSROOM_E_UNAUTHORIZED");
  const rd = await post(message({ subject: "X", id: "x2" }), { authorization: reader });
  assert.equal(rd.statusCode, 403);
  const wrongType = await app.inject({ method: "POST", url: "/api/v1/inbox", headers: { authorization: editor, "content-type": "text/plain" }, payload: "hello" });
  assert.equal(wrongType.statusCode, 415);
  assert.equal((wrongType.json() as { error: { code: string } }).error.code, "PRESSROOM_E_UNSUPPORTED");
  const notMail = await post("just some words, no headers at all\n", { authorization: editor });
  assert.equal(notMail.statusCode, 415);
  assert.match((notMail.json() as { error: { message: string } }).error.message, /not an e-mail message/);
  const empty = await post(message({ subject: "Empty", id: "x3", body: "   " }), { authorization: editor });
  assert.equal(empty.statusCode, 422);
  assert.equal((empty.json() as { error: { code: string } }).error.code, "PRESSROOM_E_EMPTY");
  const big = await post(Buffer.alloc(11 * 1024 * 1024, 97), { authorization: editor });
  assert.equal(big.statusCode, 413);
  assert.equal((await store.list({ limit: 100 })).items.length, before);
});

test("/admin/sources: admins list, add and remove sources; bad input keeps the form; others are refused", async () => {
  const anon = await app.inject({ method: "GET", url: "/admin/sources" });
  assert.equal(anon.statusCode, 401);
  const ed = await app.inject({ method: "GET", url: "/admin/sources", headers: { cookie: editorSession.cookie } });
  assert.equal(ed.statusCode, 403);

  const form = (fields: Record<string, string>, csrf = adminSession.csrf) => app.inject({
    method: "POST", url: "/admin/sources",
    headers: { cookie: adminSession.cookie, "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
  const added = await form({ target: "https://harbour.example.org/feed.xml", name: "Harbour <Board>", section: "Harbour Board", interval: "600" });
  assert.equal(added.statusCode, 303);
  const list = await store.sources.list();
  const src = list.find((s) => s.location === "https://harbour.example.org/feed.xml");
  assert.ok(src);
  assert.equal(src.kind, "feed");
  assert.equal(src.intervalS, 600);
  assert.equal(src.state.nextPollAt, T0);
  const page = await app.inject({ method: "GET", url: added.headers.location as string, headers: { cookie: adminSession.cookie } });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`Added source ${src.id}`));
  assert.match(page.body, /Harbour &lt;Board>/);
  assert.match(page.body, /never polled/);

  const bad = await form({ target: "ftp://harbour.example.org/feed", interval: "abc" });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /only http and https URLs can be polled/);
  assert.match(bad.body, /value="ftp:\/\/harbour.example.org\/feed"/);
  // The web form never adds a folder of the server's own files, nor an internal address.
  const before = (await store.sources.list()).length;
  const etc = await form({ target: "/etc" });
  assert.equal(etc.statusCode, 400);
  assert.match(etc.body, /can only be added on the server itself/);
  const relative = await form({ target: "not a url" });
  assert.equal(relative.statusCode, 400);
  assert.doesNotMatch(relative.body, new RegExp(process.cwd().replace(/[/.]/g, "\\$&")), "no server path in the message");
  for (const target of ["http://10.0.0.1/feed", "http://169.254.169.254/latest", "http://localhost./x", "http://0x7f000001/x", "http://[::ffff:127.0.0.1]/x"]) {
    const r = await form({ target });
    assert.equal(r.statusCode, 400, target);
    assert.match(r.body, /refused unless PRESSROOM_FETCH_ALLOW/, target);
  }
  assert.equal((await store.sources.list()).length, before);
  const dup = await form({ target: "https://harbour.example.org/feed.xml" });
  assert.equal(dup.statusCode, 409);
  assert.match(dup.body, /already has location/);
  const forged = await form({ target: "https://other.example.org/feed" }, "not-the-token");
  assert.equal(forged.statusCode, 403);
  assert.equal((await store.sources.list()).length, list.length);

  const rm = await app.inject({ method: "POST", url: `/admin/sources/${src.id}/remove`, headers: { cookie: adminSession.cookie, "content-type": "application/x-www-form-urlencoded" }, payload: `_csrf=${encodeURIComponent(adminSession.csrf)}` });
  assert.equal(rm.statusCode, 303);
  assert.equal(await store.sources.get(src.id), null);
  const rm404 = await app.inject({ method: "POST", url: `/admin/sources/${src.id}/remove`, headers: { cookie: adminSession.cookie, "content-type": "application/x-www-form-urlencoded" }, payload: `_csrf=${encodeURIComponent(adminSession.csrf)}` });
  assert.equal(rm404.statusCode, 404);
});

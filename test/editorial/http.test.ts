/**
 * Editorial publishing over real HTTP handling (buildServer + inject) on real SQLite stores:
 * an embargoed item does not exist for the public anywhere (byte-for-byte the same answers
 * as a wire that never had it), readers see it early (audited), it appears everywhere at
 * release; corrections, withdrawals, ground rules, bad input, the editor's forms.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { fixedClock } from "../../src/core/clock.js";
import { buildServer } from "../../src/publish/server.js";
import { openTestStore } from "../db.js";
import type { Store } from "../../src/store/store.js";
import { addUser, bearer, login } from "../auth-helpers.js";
import { hostile, release, transcript, T0, H, D } from "../publish/fixtures.js";

interface Wire { app: FastifyInstance; store: Store; clock: ReturnType<typeof fixedClock>; dir: string }

async function wire(): Promise<Wire> {
  const dir = mkdtempSync(join(tmpdir(), "pressroom-editorial-"));
  const clock = fixedClock(T0 - 400 * D);
  const store = await openTestStore({ clock });
  await store.upsert(hostile);
  clock.set(T0 - 10 * D);
  await store.upsert(transcript);
  clock.set(T0 - 2 * H);
  await store.upsert(release);
  clock.set(T0);
  const app = await buildServer({ store, clock, baseUrl: "https://wire.example.org/", siteName: "Harbor Wire" });
  return { app, store, clock, dir };
}

async function close(w: Wire) {
  await w.app.close();
  await w.store.close();
  rmSync(w.dir, { recursive: true, force: true });
}

/** Status, headers (without Date and the rate-limit window's reset seconds) and body: what must be identical for a held id and a never-existing one. */
function shape(r: LightMyRequestResponse) {
  const headers = { ...r.headers };
  delete headers.date;
  // Seconds until the caller's rate-limit window resets: wall-clock time, like Date.
  delete headers["x-ratelimit-reset"];
  return { status: r.statusCode, headers, body: r.body };
}

const SECRET_HEADLINE = "Lanternfish Quota Raised for Spring";
const SECRET_WORD = "zephyrine";

let A: Wire; // the wire with the embargoed item
let B: Wire; // the same wire without it
let heldId = "";
let editorAuth = "";
let readerAuth = "";
const LIFT = T0 + 2 * H;

before(async () => {
  A = await wire();
  B = await wire();
  await addUser(A.store, "ed", "editor");
  await addUser(A.store, "rita", "reader");
  editorAuth = await bearer(A.store, "ed");
  readerAuth = await bearer(A.store, "rita");
});

after(async () => {
  await close(A);
  await close(B);
});

test("an editor creates an embargoed item through the API", async () => {
  const r = await A.app.inject({
    method: "POST", url: "/api/v1/items", headers: { authorization: editorAuth, "content-type": "application/json" },
    payload: {
      headline: SECRET_HEADLINE,
      body_text: `The harbor board raised the ${SECRET_WORD} lanternfish quota.\n\nFishers may land more from April.`,
      located: "PORT ELLEN",
      "pressroom:section": "Fisheries Desk",
      embargoed: new Date(LIFT).toISOString().replace(".000Z", "-00:00").replace("-00:00", "Z"),
      "x-unknown-field": "ignored",
    },
  });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.headers["cache-control"], "private, no-store");
  const n = r.json();
  heldId = n["pressroom:id"];
  assert.match(heldId, /^lanternfish-quota-raised-for-spring-[0-9a-f]{8}$/);
  assert.equal(n.embargoed, new Date(LIFT).toISOString());
  assert.equal(n["pressroom:held"], "embargoed");
  assert.equal(n.pubstatus, "usable");
  assert.equal(r.headers.location, `https://wire.example.org/api/v1/items/${heldId}`);
});

test("for the public the embargoed item does not exist anywhere: every answer is byte-for-byte the wire without it", async () => {
  const urls = [
    `/items/${heldId}`, `/api/v1/items/${heldId}`, `/items/${heldId}/versions`, `/items/${heldId}/v/1`, `/api/v1/items/${heldId}/versions/1`, `/api/v1/items/${heldId}/versions`,
    "/", "/latest", "/api/v1/items", "/api/v1/stats", "/search?q=lanternfish", `/search?q=${SECRET_WORD}`, `/api/v1/search?q=${SECRET_WORD}`,
    "/api/v1/search?q=lanternfish", "/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json", "/sections/fisheries-desk", "/sections/fisheries-desk/rss.xml",
    "/sitemap.xml", "/sitemap-news.xml", "/api/v1/questions", "/embargoed", "/api/v1/embargoed",
  ];
  // The API's rate-limit counter counts the caller's own requests: give B the one request A had (the editor's POST).
  await B.app.inject({ method: "POST", url: "/api/v1/items", payload: {} });
  for (const url of urls) {
    const a = await A.app.inject({ method: "GET", url });
    const b = await B.app.inject({ method: "GET", url });
    assert.deepEqual(shape(a), shape(b), url);
    // (An error may echo the requested id, exactly as for an id that never existed: covered by the equality above.)
    // (Search pages echo the query itself.)
    assert.ok(!a.body.includes(SECRET_HEADLINE) && (url.includes(SECRET_WORD) || !a.body.includes(SECRET_WORD)), `${url} leaks`);
  }
  // Conditional requests and HEAD too.
  const a = await A.app.inject({ method: "HEAD", url: `/items/${heldId}` });
  const b = await B.app.inject({ method: "HEAD", url: `/items/${heldId}` });
  assert.deepEqual(shape(a), shape(b));
});

test("a reader sees the embargoed item early, marked EMBARGOED, and every view is audited", async () => {
  const api = await A.app.inject({ method: "GET", url: `/api/v1/items/${heldId}`, headers: { authorization: readerAuth } });
  assert.equal(api.statusCode, 200);
  assert.equal(api.headers["cache-control"], "private, no-store");
  const n = api.json();
  assert.equal(n.embargoed, new Date(LIFT).toISOString());
  assert.equal(n.headlines[0].value, SECRET_HEADLINE);
  const session = await login(A.app, "rita");
  const page = await A.app.inject({ method: "GET", url: `/items/${heldId}`, headers: { cookie: session.cookie } });
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers["cache-control"], "private, no-store");
  assert.match(page.body, /EMBARGOED<\/strong> until <time datetime="2025-03-01T14:00:00Z">March 1, 2025, 2:00 PM UTC<\/time>/);
  assert.ok(page.body.includes(SECRET_WORD));
  const list = await A.app.inject({ method: "GET", url: "/api/v1/embargoed", headers: { authorization: readerAuth } });
  assert.deepEqual(list.json().items.map((x: Record<string, unknown>) => x["pressroom:id"]), [heldId]);
  const audit = await A.store.accounts.audit.list({ itemId: heldId, action: "item.view_embargoed" });
  assert.deepEqual(audit.entries.map((e) => [e.actor, e.detail.surface]).sort(), [["rita", "api"], ["rita", "page"]]);
  // The public page for that id is still the never-existed answer after the reader's view (no shared cache).
  const pub = await A.app.inject({ method: "GET", url: `/items/${heldId}` });
  assert.equal(pub.statusCode, 404);
});

test("scheduled and withheld items are for editors only", async () => {
  const sched = await A.app.inject({
    method: "POST", url: "/api/v1/items", headers: { authorization: editorAuth },
    payload: { headline: "Dredging Schedule for Summer", body_text: "Work starts in June.", "pressroom:release_at": "2025-03-02T09:00:00-05:00" },
  });
  assert.equal(sched.statusCode, 201, sched.body);
  const sid = sched.json()["pressroom:id"];
  assert.equal(sched.json().pubstatus, "withheld");
  assert.equal(sched.json()["pressroom:release_at"], "2025-03-02T14:00:00.000Z");
  assert.equal((await A.app.inject({ method: "GET", url: `/api/v1/items/${sid}`, headers: { authorization: readerAuth } })).statusCode, 404);
  assert.equal((await A.app.inject({ method: "GET", url: `/api/v1/items/${sid}`, headers: { authorization: editorAuth } })).statusCode, 200);
  const held = await A.app.inject({ method: "POST", url: "/api/v1/items", headers: { authorization: editorAuth }, payload: { headline: "Withheld Statement", body_text: "Not yet.", pubstatus: "withheld" } });
  assert.equal(held.statusCode, 201);
  const wid = held.json()["pressroom:id"];
  // Time passing does not release a withheld item; an editor does.
  A.clock.set(T0 + 30 * D);
  assert.deepEqual((await A.store.editorial.releaseDue(A.clock.now())).map((r) => r.id).sort(), [heldId, sid].sort());
  assert.equal((await A.app.inject({ method: "GET", url: `/api/v1/items/${wid}` })).statusCode, 404);
  const rel = await A.app.inject({ method: "POST", url: `/api/v1/items/${wid}/release`, headers: { authorization: editorAuth } });
  assert.equal(rel.statusCode, 200);
  assert.equal((await A.app.inject({ method: "GET", url: `/api/v1/items/${wid}` })).statusCode, 200);
  A.clock.set(T0 + 3 * H);
});

test("after release the item is everywhere, posted at its embargo time", async () => {
  const item = await A.app.inject({ method: "GET", url: `/api/v1/items/${heldId}` });
  assert.equal(item.statusCode, 200);
  const n = item.json();
  assert.equal(n.firstcreated, new Date(LIFT).toISOString());
  assert.equal(n.embargoed, undefined);
  assert.equal(n["pressroom:held"], undefined);
  const page = await A.app.inject({ method: "GET", url: `/items/${heldId}` });
  assert.equal(page.statusCode, 200);
  assert.ok(!page.body.includes("EMBARGOED"));
  assert.equal((await A.app.inject({ method: "GET", url: `/api/v1/search?q=${SECRET_WORD}` })).json().total, 1);
  assert.ok((await A.app.inject({ method: "GET", url: "/feeds/atom.xml" })).body.includes(SECRET_HEADLINE));
  assert.equal((await A.app.inject({ method: "GET", url: "/sections/fisheries-desk" })).statusCode, 200);
  assert.equal((await A.app.inject({ method: "GET", url: "/api/v1/stats" })).json().sections["Fisheries Desk"], 1);
  assert.ok((await A.app.inject({ method: "GET", url: "/" })).body.includes(SECRET_HEADLINE));
});

test("a correction is a new version: notice with date and note, version history with a word diff, feeds updated", async () => {
  A.clock.set(T0 + 5 * H);
  const noNote = await A.app.inject({ method: "PUT", url: `/api/v1/items/${heldId}`, headers: { authorization: editorAuth }, payload: { headline: SECRET_HEADLINE, body_text: "x" } });
  assert.equal(noNote.statusCode, 400);
  assert.equal(noNote.json().error.code, "PRESSROOM_E_BAD_REQUEST");
  const r = await A.app.inject({
    method: "PUT", url: `/api/v1/items/${heldId}`, headers: { authorization: editorAuth },
    payload: {
      headline: SECRET_HEADLINE, "pressroom:section": "Fisheries Desk", located: "PORT ELLEN",
      body_text: `The harbor board raised the ${SECRET_WORD} lanternfish quota by a tenth.\n\nFishers may land more from April.`,
      ednote: "Added the size of the increase",
    },
  });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().version, "2");
  assert.equal(r.json().ednote, "Added the size of the increase");
  assert.equal(r.json().versioncreated, new Date(T0 + 5 * H).toISOString());
  const page = await A.app.inject({ method: "GET", url: `/items/${heldId}` });
  assert.match(page.body, /<strong>Corrected<\/strong> <time datetime="2025-03-01T17:00:00Z">March 1, 2025, 5:00 PM UTC<\/time>: Added the size of the increase/);
  assert.ok(page.body.includes(`href="/items/${heldId}/versions"`));
  const apiVersions = await A.app.inject({ method: "GET", url: `/api/v1/items/${heldId}/versions` });
  assert.deepEqual(apiVersions.json().versions.map((v: Record<string, unknown>) => [v.version, v.ednote]), [["1", null], ["2", "Added the size of the increase"]]);
  const versions = await A.app.inject({ method: "GET", url: `/items/${heldId}/versions` });
  assert.equal(versions.statusCode, 200);
  assert.ok(versions.body.includes("<ins> by a tenth</ins>") || versions.body.includes("<ins>by a tenth</ins>"), versions.body);
  assert.ok(versions.body.includes("Note: Added the size of the increase"));
  const atom = (await A.app.inject({ method: "GET", url: "/feeds/atom.xml" })).body;
  const entry = atom.split("<entry>").find((e) => e.includes(heldId)) ?? "";
  assert.ok(entry.includes(`<id>https://wire.example.org/items/${heldId}</id>`));
  assert.ok(entry.includes("<updated>2025-03-01T17:00:00Z</updated>"), entry);
});

test("a withdrawal shows the notice instead of the body, drops the body from search, and feeds carry it", async () => {
  A.clock.set(T0 + 6 * H);
  const bad = await A.app.inject({ method: "POST", url: `/api/v1/items/${heldId}/withdraw`, headers: { authorization: editorAuth }, payload: {} });
  assert.equal(bad.statusCode, 400);
  const r = await A.app.inject({ method: "POST", url: `/api/v1/items/${heldId}/withdraw`, headers: { authorization: editorAuth }, payload: { reason: "The board has not voted yet" } });
  assert.equal(r.statusCode, 200, r.body);
  const n = r.json();
  assert.equal(n.pubstatus, "canceled");
  assert.equal(n.bodies, undefined);
  assert.equal(n.ednote, "The board has not voted yet");
  const page = await A.app.inject({ method: "GET", url: `/items/${heldId}` });
  assert.match(page.body, /This item was withdrawn on <time datetime="2025-03-01T18:00:00Z">March 1, 2025, 6:00 PM UTC<\/time>: The board has not voted yet/);
  assert.ok(!page.body.includes(SECRET_WORD));
  assert.equal((await A.app.inject({ method: "GET", url: `/api/v1/search?q=${SECRET_WORD}` })).json().total, 0);
  const rss = (await A.app.inject({ method: "GET", url: "/feeds/rss.xml" })).body;
  assert.ok(rss.includes(`<title>Withdrawn: ${SECRET_HEADLINE}</title>`));
  assert.ok(rss.includes("<description>Withdrawn: The board has not voted yet</description>"));
  const again = await A.app.inject({ method: "POST", url: `/api/v1/items/${heldId}/withdraw`, headers: { authorization: editorAuth }, payload: { reason: "again" } });
  assert.equal(again.statusCode, 409);
});

const LEAKY = [
  "MODERATOR: Thanks, everyone, for joining this call. Today you'll be hearing from Jordan Castellan, who will be referred to as a senior harbor official. This call is on background.",
  "SENIOR HARBOR OFFICIAL: The treaty talks resume next week.",
  "QUESTION: Will the rotation cover the northern beacons?",
  "SENIOR HARBOR OFFICIAL: It will, once the fog season ends.",
].join("\n\n");

test("ground rules: a background transcript naming its briefer is refused (422) unless overridden with a reason, which is audited", async () => {
  const payload = { headline: "Background Briefing on Beacons", body_text: LEAKY, "pressroom:kind": "transcript" };
  const r = await A.app.inject({ method: "POST", url: "/api/v1/items", headers: { authorization: editorAuth }, payload });
  assert.equal(r.statusCode, 422);
  assert.equal(r.json().error.code, "PRESSROOM_E_GROUND_RULES");
  assert.match(r.json().error.message, /on background but names its briefer \(Jordan Castellan\)/);
  const fixed = await A.app.inject({ method: "POST", url: "/api/v1/items", headers: { authorization: editorAuth }, payload: { ...payload, body_text: LEAKY.replace("from Jordan Castellan, who will be referred to as", "from") } });
  assert.equal(fixed.statusCode, 201, fixed.body);
  const o = await A.app.inject({ method: "POST", url: "/api/v1/items", headers: { authorization: editorAuth }, payload: { ...payload, headline: "Beacons, overridden", "pressroom:override_reason": "The briefer agreed to be named" } });
  assert.equal(o.statusCode, 201, o.body);
  const id = o.json()["pressroom:id"];
  const audit = await A.store.accounts.audit.list({ itemId: id, action: "item.create" });
  assert.equal(audit.entries[0]?.detail.ground_rules_override, "The briefer agreed to be named");
});

test("bad input gets clear errors and stores nothing", async () => {
  const before = (await A.app.inject({ method: "GET", url: "/api/v1/stats" })).json().items;
  const heldBefore = (await A.store.editorial.listHeld()).length;
  const cases: [unknown, number, RegExp][] = [
    [{ headline: "  ", body_text: "x" }, 400, /headline is required/],
    [{ headline: "x" }, 400, /needs a body/],
    [{ headline: 5, body_text: "x" }, 400, /headline must be a string/],
    [{ headline: "x", body_text: "x", embargoed: "tomorrow" }, 400, /ISO 8601 date-time with an offset/],
    [{ headline: "x", body_text: "x", embargoed: "2025-03-02T10:00:00" }, 400, /with an offset/],
    [{ headline: "x", body_text: "x", embargoed: "2025-02-30T10:00:00Z" }, 400, /not a real date/],
    [{ headline: "x", body_text: "x", embargoed: "2020-01-01T10:00:00Z" }, 400, /must be in the future/],
    [{ headline: "x", body_text: "x", embargoed: "2026-01-01T10:00:00Z", pubstatus: "withheld" }, 400, /choose one/],
    [{ headline: "x", body_text: "x", pubstatus: "canceled" }, 400, /withdraw/],
    [{ headline: "x", body_text: "x", "pressroom:kind": "poem" }, 400, /pressroom:kind must be one of/],
    [[1, 2], 400, /object/],
  ];
  for (const [payload, status, msg] of cases) {
    const r = await A.app.inject({ method: "POST", url: "/api/v1/items", headers: { authorization: editorAuth, "content-type": "application/json" }, payload: JSON.stringify(payload) });
    assert.equal(r.statusCode, status, JSON.stringify(payload));
    assert.match(r.json().error.message, msg, JSON.stringify(payload));
  }
  const huge = await A.app.inject({ method: "POST", url: "/api/v1/items", headers: { authorization: editorAuth, "content-type": "application/json" }, payload: JSON.stringify({ headline: "x", body_text: "a".repeat(3_000_000) }) });
  assert.equal(huge.statusCode, 413);
  assert.equal(huge.json().error.code, "PRESSROOM_E_TOO_LARGE");
  const broken = await A.app.inject({ method: "POST", url: "/api/v1/items", headers: { authorization: editorAuth, "content-type": "application/json" }, payload: "{not json" });
  assert.equal(broken.statusCode, 400);
  assert.equal(broken.json().error.code, "PRESSROOM_E_BAD_REQUEST");
  assert.equal((await A.app.inject({ method: "POST", url: "/api/v1/items", payload: { headline: "x", body_text: "y" } })).statusCode, 401);
  assert.equal((await A.app.inject({ method: "POST", url: "/api/v1/items", headers: { authorization: readerAuth }, payload: { headline: "x", body_text: "y" } })).statusCode, 403);
  assert.equal((await A.app.inject({ method: "PUT", url: "/api/v1/items/no-such-item", headers: { authorization: editorAuth }, payload: { headline: "x", body_text: "y", ednote: "z" } })).statusCode, 404);
  assert.equal((await A.app.inject({ method: "GET", url: "/api/v1/stats" })).json().items, before);
  assert.equal((await A.store.editorial.listHeld()).length, heldBefore);
});

test("body_html is sanitised: script, handlers and javascript: links are gone", async () => {
  const r = await A.app.inject({
    method: "POST", url: "/api/v1/items", headers: { authorization: editorAuth },
    payload: { headline: "Markup Test", body_html: `<p>Safe <b onclick="alert(1)">bold</b><script>alert(2)</script> <a href="javascript:alert(3)">link</a></p>` },
  });
  assert.equal(r.statusCode, 201, r.body);
  const page = await A.app.inject({ method: "GET", url: `/items/${r.json()["pressroom:id"]}` });
  assert.ok(page.body.includes("<b>bold</b>"));
  assert.ok(!/onclick|alert\(|javascript:/i.test(page.body.split("<main")[1] ?? ""), page.body);
});

test("the editor's web forms: CSRF required, embargo in a chosen time zone stored in UTC, correction and withdrawal forms", async () => {
  const s = await login(A.app, "ed");
  const form = await A.app.inject({ method: "GET", url: "/editor/new", headers: { cookie: s.cookie } });
  assert.equal(form.statusCode, 200);
  assert.ok(form.body.includes(`name="_csrf" value="${s.csrf}"`));
  const fields = { headline: "Ferry Fares Frozen", body_text: "Fares stay the same next year.", kind: "press_release", section: "", dateline: "", body_html: "", release: "embargoed", release_local: "2025-03-10T09:30", zone: "America/New_York", note: "", override_reason: "" };
  const noCsrf = await A.app.inject({ method: "POST", url: "/editor/new", headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded" }, payload: new URLSearchParams(fields).toString() });
  assert.equal(noCsrf.statusCode, 403);
  const ok = await A.app.inject({ method: "POST", url: "/editor/new", headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded" }, payload: new URLSearchParams({ ...fields, _csrf: s.csrf }).toString() });
  assert.equal(ok.statusCode, 303, ok.body);
  const id = String(ok.headers.location).replace("/items/", "");
  const held = await A.store.editorial.getHeld(id);
  assert.equal(held?.status, "embargoed");
  assert.equal(held?.releaseAt, Date.parse("2025-03-10T13:30:00Z")); // 09:30 EDT (DST began 2025-03-09)
  const view = await A.app.inject({ method: "GET", url: `/items/${id}`, headers: { cookie: s.cookie } });
  assert.match(view.body, /EMBARGOED<\/strong> until <time datetime="2025-03-10T13:30:00Z">March 10, 2025, 9:30 AM EDT \(March 10, 2025, 1:30 PM UTC\)<\/time>/);
  const dash = await A.app.inject({ method: "GET", url: "/editor", headers: { cookie: s.cookie } });
  assert.ok(dash.body.includes("Ferry Fares Frozen"));
  const badTime = await A.app.inject({ method: "POST", url: "/editor/new", headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded" }, payload: new URLSearchParams({ ...fields, release_local: "", _csrf: s.csrf }).toString() });
  assert.equal(badTime.statusCode, 400);
  assert.ok(badTime.body.includes("give the release date and time"));
  assert.ok(badTime.body.includes('value="Ferry Fares Frozen"'));
  // Correction form of a published item.
  const pubId = (await A.store.list({ limit: 1 })).items[0]!.id;
  const edit = await A.app.inject({ method: "GET", url: `/items/${pubId}/edit`, headers: { cookie: s.cookie } });
  assert.equal(edit.statusCode, 200);
  const pubItem = await A.store.get(pubId);
  const escaped = (pubItem?.body ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  assert.ok(edit.body.includes(`<textarea name="body_text" rows="14" cols="80">${escaped}</textarea>`), edit.body.slice(edit.body.indexOf("<textarea"), edit.body.indexOf("<textarea") + 300));
  // Public and readers cannot reach the forms.
  assert.equal((await A.app.inject({ method: "GET", url: "/editor" })).statusCode, 401);
  const rs = await login(A.app, "rita");
  assert.equal((await A.app.inject({ method: "GET", url: "/editor", headers: { cookie: rs.cookie } })).statusCode, 403);
});

test("correction and withdrawal through the web forms; a held item edited before release; the OpenAPI document lists the editorial API", async () => {
  const s = await login(A.app, "ed");
  const form = { "content-type": "application/x-www-form-urlencoded", cookie: s.cookie };
  const created = await A.app.inject({ method: "POST", url: "/api/v1/items", headers: { authorization: editorAuth }, payload: { headline: "Pier Lights Replaced", body_text: "Forty lamps were replaced on the north pier." } });
  const id = created.json()["pressroom:id"];
  assert.ok((await A.app.inject({ method: "GET", url: `/items/${id}`, headers: { cookie: s.cookie } })).body.includes(`href="/items/${id}/edit"`));
  assert.ok(!(await A.app.inject({ method: "GET", url: `/items/${id}` })).body.includes(`/items/${id}/edit`));
  const fields = { headline: "Pier Lights Replaced", body_text: "Forty-two lamps were replaced on the north pier.", kind: "press_release", section: "", dateline: "", body_html: "", note: "Corrected the number of lamps", override_reason: "", _csrf: s.csrf };
  const noNote = await A.app.inject({ method: "POST", url: `/items/${id}/edit`, headers: form, payload: new URLSearchParams({ ...fields, note: "" }).toString() });
  assert.equal(noNote.statusCode, 400);
  assert.ok(noNote.body.includes("a correction needs a note"));
  const ok = await A.app.inject({ method: "POST", url: `/items/${id}/edit`, headers: form, payload: new URLSearchParams(fields).toString() });
  assert.equal(ok.statusCode, 303);
  const page = await A.app.inject({ method: "GET", url: `/items/${id}` });
  assert.ok(page.body.includes("Corrected the number of lamps"));
  const versions = await A.app.inject({ method: "GET", url: `/items/${id}/versions` });
  assert.ok(versions.body.includes("Forty<ins>-two</ins> lamps were replaced"), versions.body);
  const w = await A.app.inject({ method: "POST", url: `/items/${id}/withdraw`, headers: form, payload: new URLSearchParams({ reason: "Duplicate of an earlier notice", _csrf: s.csrf }).toString() });
  assert.equal(w.statusCode, 303);
  assert.ok((await A.app.inject({ method: "GET", url: `/items/${id}` })).body.includes("Duplicate of an earlier notice"));
  assert.equal((await A.app.inject({ method: "GET", url: `/items/${id}/edit`, headers: { cookie: s.cookie } })).statusCode, 409);
  assert.equal((await A.app.inject({ method: "GET", url: "/items/never-was/versions" })).statusCode, 404);

  // A held item is edited in place (still held, same id), and the embargo can move.
  const held = await A.app.inject({ method: "POST", url: "/api/v1/items", headers: { authorization: editorAuth }, payload: { headline: "Tide Tables 2026", body_text: "Draft.", embargoed: "2030-01-01T00:00:00Z" } });
  const hid = held.json()["pressroom:id"];
  const put = await A.app.inject({ method: "PUT", url: `/api/v1/items/${hid}`, headers: { authorization: editorAuth }, payload: { headline: "Tide Tables 2026", body_text: "Final.", embargoed: "2030-01-02T00:00:00Z" } });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(put.json()["pressroom:id"], hid);
  assert.equal(put.json().embargoed, "2030-01-02T00:00:00.000Z");
  assert.equal((await A.store.editorial.getHeld(hid))?.input.body, "Final.");
  assert.equal((await A.app.inject({ method: "GET", url: `/api/v1/items/${hid}` })).statusCode, 404);

  const doc = (await A.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json();
  assert.ok(doc.paths["/api/v1/items"].post);
  assert.ok(doc.paths["/api/v1/items/{id}"].put);
  assert.ok(doc.paths["/api/v1/items/{id}/withdraw"].post);
  assert.ok(doc.paths["/api/v1/embargoed"].get);
});

test("a correction of an imported item keeps what it does not mention: kind, section, dateline, source, stated time", async () => {
  const id = (await A.store.list({ limit: 100 })).items.find((i) => i.identity === release.identity)!.id;
  const r = await A.app.inject({
    method: "PUT", url: `/api/v1/items/${id}`, headers: { authorization: editorAuth },
    payload: { headline: release.headline, body_text: release.body.replace("three", "four"), ednote: "Four crossings, not three" },
  });
  assert.equal(r.statusCode, 200, r.body);
  const got = await A.store.get(id);
  assert.equal(got?.version, 2);
  assert.deepEqual([got?.kind, got?.section, got?.dateline, got?.published, got?.source.url], [release.kind, release.section, release.dateline, release.published, release.source.url]);
  assert.match(got?.body ?? "", /four extra crossings/);
});

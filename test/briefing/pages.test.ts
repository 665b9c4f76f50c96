/**
 * The briefing pages (issue 7): the set-up form's mapping to a set-up, the page forms' mapping
 * to commands, and what each role's page shows, rendered from real state-machine views
 * (createBriefing + apply + viewFor, no service needed).
 */
import { after, before, describe, it, test } from "node:test";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { h } from "preact";
import { apply, createBriefing, isBriefingError, viewFor, type BriefingState, type Command } from "../../src/briefing/index.js";
import { createContext } from "../../src/publish/context.js";
import { fixedClock } from "../../src/core/clock.js";
import type { Store } from "../../src/store/store.js";
import type { BriefingRecord } from "../../src/store/briefings.js";
import { briefingFormValues, formToCommand, formToSetup } from "../../src/publish/briefings/page-routes.js";
import { BriefingList, ConsolePage, JournalistPage, ListenerPage, emptyBriefingForm, positionText, waitingText, type ConsoleRole } from "../../src/publish/briefings/pages.js";
import { SETUP, T0 } from "./scripted-call.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { createBriefingService, type BriefingService } from "../../src/briefing/service.js";
import { createTranscriptPublisher } from "../../src/briefing/publish.js";
import { buildServer } from "../../src/publish/server.js";
import { registerBriefingRoutes } from "../../src/publish/briefings/routes.js";
import { registerBriefingPages } from "../../src/publish/briefings/page-routes.js";
import { memoryTokenStore } from "../../src/publish/briefings/service-port.js";
import { MAX_TITLE_CHARS } from "../../src/publish/briefings/setup-input.js";
import { tempDir } from "../helpers.js";
import { addUser, login, type SignedIn } from "../auth-helpers.js";

const ctx = createContext({ store: {} as Store, clock: fixedClock(T0), baseUrl: "http://wire.test" });

function form(extra: Record<string, string>): Record<string, string> {
  return { title: "Background Briefing on Port Dredging", section: "Office of the Spokesperson", start_local: "2026-11-30T10:00", zone: "America/New_York", basis: "on_background",
    attribute_to: "Senior State Department Official", embargo: "end_of_call", grace_seconds: "90",
    official_name_1: "Marta Quillfeather", official_label_1: "Senior State Department Official One", ...extra };
}

test("the set-up form maps to a set-up: times in the chosen zone, labels in capitals, staff ids, grace in ms", () => {
  const s = formToSetup(briefingFormValues(form({ official_name_2: "Tobias Wrenley", official_label_2: "SENIOR STATE DEPARTMENT OFFICIAL TWO", official_attr_2: "a second senior official" })));
  assert.equal(s.scheduledStart, Date.parse("2026-11-30T15:00:00Z"), "10:00 in New York in November is 15:00 UTC (EST, -5)");
  assert.deepEqual(s.groundRules, { basis: "on_background", attribute_to: "Senior State Department Official", embargo: "end_of_call" });
  assert.deepEqual(s.officials, [
    { id: "official-1", realName: "Marta Quillfeather", label: "SENIOR STATE DEPARTMENT OFFICIAL ONE" },
    { id: "official-2", realName: "Tobias Wrenley", label: "SENIOR STATE DEPARTMENT OFFICIAL TWO", attribution: "a second senior official" },
  ]);
  assert.deepEqual([s.moderatorId, s.operatorId, s.stenographerId], ["moderator", "operator", "stenographer"]);
  assert.equal(s.graceMs, 90_000);
  assert.equal(s.section, "Office of the Spokesperson");
  assert.equal(s.listeners, "public");
  assert.ok(!isBriefingError(createBriefing(s)), "the state machine accepts it");

  const until = formToSetup(briefingFormValues(form({ embargo: "until", embargo_local: "2026-07-01T09:30", zone: "Europe/London" })));
  assert.deepEqual(until.groundRules.embargo, { until: Date.parse("2026-07-01T08:30:00Z") }, "09:30 London summer time is 08:30 UTC");
  assert.equal(formToSetup(briefingFormValues(form({ embargo: "none", basis: "" }))).groundRules.embargo, null);
  assert.equal(formToSetup(briefingFormValues(form({ basis: "" }))).groundRules.basis, null);
  assert.equal(formToSetup(briefingFormValues(form({ listeners: "readers" }))).listeners, "readers");
});

test("the set-up form refuses bad input with a message naming the field", () => {
  const refuse = (extra: Record<string, string>, re: RegExp) =>
    assert.throws(() => formToSetup(briefingFormValues(form(extra))), (e: { code?: string; message: string }) => e.code === "PRESSROOM_E_BAD_REQUEST" && re.test(e.message));
  refuse({ title: "  " }, /title/);
  refuse({ start_local: "" }, /scheduled start/);
  refuse({ start_local: "2026-02-30T10:00" }, /not a real date/);
  refuse({ zone: "Mars/Olympus" }, /time zone/);
  refuse({ embargo: "until", embargo_local: "" }, /embargo time/);
  refuse({ official_label_1: "" }, /official 1: give the label/);
  refuse({ official_name_1: "", official_label_1: "LABEL" }, /official 1: give the real name/);
  refuse({ grace_seconds: "-5" }, /grace period/);
  refuse({ basis: "on_deep_water" }, /basis/);
  refuse({ listeners: "everyone" }, /follow the live transcript/);
  assert.throws(() => briefingFormValues(form({ embargo: "sometimes" })), /embargo must be/);
  // empty official rows are ignored
  assert.equal(formToSetup(briefingFormValues(form({ official_name_1: "", official_label_1: "" }))).officials.length, 0);
  assert.equal(emptyBriefingForm().officials.length, 4);
});

test("the set-up form has the API's limits, any IANA zone, and refuses a time the clocks skip", () => {
  const refuse = (extra: Record<string, string>, re: RegExp) =>
    assert.throws(() => formToSetup(briefingFormValues(form(extra))), (e: { code?: string; message: string }) => e.code === "PRESSROOM_E_BAD_REQUEST" && re.test(e.message), JSON.stringify(extra).slice(0, 80));
  // title: API limit 500 (MAX_TITLE_CHARS); the form took 600
  assert.equal(MAX_TITLE_CHARS, 500);
  assert.equal(formToSetup(briefingFormValues(form({ title: "T".repeat(500) }))).title.length, 500);
  refuse({ title: "T".repeat(501) }, /title is longer than 500 characters/);
  refuse({ section: "S".repeat(201) }, /section field is longer than 200/);
  refuse({ official_name_1: "N".repeat(201) }, /official 1: each field is at most 200/);
  // grace: API limit 24 h; the form took 999999 s
  assert.equal(formToSetup(briefingFormValues(form({ grace_seconds: "86400" }))).graceMs, 86_400_000);
  refuse({ grace_seconds: "86401" }, /grace period is a whole number of seconds \(0 to 86400\)/);
  refuse({ grace_seconds: "999999" }, /0 to 86400/);
  // any zone Intl knows, typed in the "other" field; an unknown one is refused
  assert.equal(formToSetup(briefingFormValues(form({ zone_other: "Africa/Nairobi", start_local: "2026-11-30T10:00" }))).scheduledStart, Date.parse("2026-11-30T07:00:00Z"), "Nairobi is UTC+3");
  assert.equal(formToSetup(briefingFormValues(form({ zone: "Asia/Kolkata" }))).scheduledStart, Date.parse("2026-11-30T04:30:00Z"));
  refuse({ zone_other: "Mars/Olympus" }, /"Mars\/Olympus" is not a time zone/);
  // 02:30 on 2026-03-08 does not exist in New York (clocks go 02:00 -> 03:00): refused, not moved to 03:30
  refuse({ start_local: "2026-03-08T02:30" }, /2026-03-08 02:30 does not exist in America\/New_York/);
  refuse({ embargo: "until", embargo_local: "2026-03-29T01:15", zone: "Europe/London" }, /embargo time 2026-03-29 01:15 does not exist in Europe\/London/);
  // the hour repeated when clocks go back is a real time: the later one (standard time) is taken
  assert.equal(formToSetup(briefingFormValues(form({ start_local: "2026-11-01T01:30" }))).scheduledStart, Date.parse("2026-11-01T06:30:00Z"));
  refuse({ start_local: "2150-01-01T10:00" }, /between 2000 and 2100/);
});

test("page forms map to commands: only the page's own types, typed fields", () => {
  assert.deepEqual(formToCommand("operator", { type: "reorder", participant: "p1", position: "2", junk: "x" }), { type: "reorder", participant: "p1", position: 2 });
  assert.deepEqual(formToCommand("operator", { type: "mute", participant: "p1", muted: "false" }), { type: "mute", participant: "p1", muted: false });
  assert.deepEqual(formToCommand("operator", { type: "open_line" }), { type: "open_line" });
  assert.deepEqual(formToCommand("operator", { type: "open_line", participant: "p2" }), { type: "open_line", participant: "p2" });
  assert.deepEqual(formToCommand("stenographer", { type: "add_turn", speaker: "official-1", text: "Good morning." }), { type: "add_turn", speaker: "official-1", text: "Good morning." });
  assert.deepEqual(formToCommand("moderator", { type: "close" }), { type: "close" });
  assert.deepEqual(formToCommand("journalist", { type: "raise_hand", participant: "someone-else" }), { type: "raise_hand" });
  assert.throws(() => formToCommand("journalist", { type: "open_line" }), /cannot send "open_line"/);
  assert.throws(() => formToCommand("operator", { type: "close" }), /cannot send "close"/);
  assert.throws(() => formToCommand("operator", { type: "reorder", participant: "p1", position: "first" }), /position must be a whole number/);
  assert.throws(() => formToCommand("operator", { type: "mute", participant: "p1", muted: "yes" }), /muted must be true or false/);
});

test("waiting times and the journalist's position sentence", () => {
  assert.equal(waitingText(0), "0:00");
  assert.equal(waitingText(65_400), "1:05");
  assert.equal(waitingText(3_725_000), "1:02:05");
  assert.equal(waitingText(-5), "0:00");
});

// ------------------------------------------------------------------ rendered pages

/** A call in progress: open, three journalists joined, two hands up, one line served, turns typed. */
function midCall(): BriefingState {
  let s = createBriefing(SETUP) as BriefingState;
  let n = 0;
  const run = (sec: number, c: Record<string, unknown> & { type: string }) => {
    const r = apply(s, { commandId: `t${++n}`, ...c } as Command, T0 + sec * 1000);
    assert.ok(r.ok, `command ${c.type} accepted: ${r.ok ? "" : r.error.message}`);
    s = r.state;
  };
  run(0, { actor: { id: "mod", role: "moderator" }, type: "open" });
  run(1, { actor: { id: "j1", role: "journalist" }, type: "join", name: "Ada Pemberton", outlet: "Harbor Daily Ledger" });
  run(2, { actor: { id: "j2", role: "journalist" }, type: "join", name: "Bram Okafor", outlet: "Northwind Radio" });
  run(3, { actor: { id: "j3", role: "journalist" }, type: "join", name: "Celia Voss", outlet: null });
  run(10, { actor: { id: "j1", role: "journalist" }, type: "raise_hand" });
  run(11, { actor: { id: "j2", role: "journalist" }, type: "raise_hand" });
  run(12, { actor: { id: "j3", role: "journalist" }, type: "raise_hand" });
  run(20, { actor: { id: "op", role: "operator" }, type: "open_line" });
  run(25, { actor: { id: "steno", role: "stenographer" }, type: "add_turn", speaker: "j1", text: "Does the accord cover the northern ports?" });
  run(30, { actor: { id: "steno", role: "stenographer" }, type: "add_turn", speaker: "off1", text: "It does, as Marta Quillfeather said last week." });
  return s;
}

const RECORD: BriefingRecord = { id: "babcdefghij", title: SETUP.title, section: SETUP.section, scheduledStart: T0, phase: "open", createdBy: 1, createdAt: T0 - 3600_000, itemId: null };
const NOW = T0 + 95_000;

function consoleHtml(state: BriefingState, role: ConsoleRole): string {
  let k = 0;
  return renderToString(h(ConsolePage, { ctx, record: { ...RECORD, phase: state.phase }, view: viewFor(state, { role }, NOW), role, csrf: "CSRF-TOKEN", newId: () => `id-${++k}`, now: NOW, ws: `/api/v1/briefings/${RECORD.id}/live?as=${role}`, lastOwnTurn: role === "stenographer" ? { index: 2, text: "It does." } : null }));
}

test("operator console: the queue with name, outlet, position, waiting time, and a labelled button for each action", () => {
  const html = consoleHtml(midCall(), "operator");
  assert.match(html, /On the line: <strong>Ada Pemberton<\/strong>, Harbor Daily Ledger/);
  assert.match(html, /1\. Bram Okafor<\/span>, Northwind Radio/);
  assert.match(html, /2\. Celia Voss<\/span>/);
  assert.match(html, /Waiting <span data-since="\d+">1:24<\/span>/, "Bram raised at +11 s, now +95 s: 1:24");
  for (const label of ["Open line for Bram Okafor, Northwind Radio", "Move Celia Voss down", "Skip Bram Okafor, Northwind Radio (to the back of the queue)", "Mute Celia Voss", "Remove Celia Voss from the call", "Move Celia Voss up"]) {
    if (label === "Move Celia Voss down") assert.doesNotMatch(html, new RegExp(label), "the last hand has no Down");
    else assert.ok(html.includes(`aria-label="${label}"`), `button "${label}"`);
  }
  assert.match(html, /name="type" value="reorder"\/><input type="hidden" name="participant" value="j3"\/><input type="hidden" name="position" value="1"\/>/);
  assert.ok(html.includes('name="_csrf" value="CSRF-TOKEN"'), "every form carries the CSRF token");
  const ids = [...html.matchAll(/name="commandId" value="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, "each form has its own command id");
  assert.doesNotMatch(html, /Marta Quillfeather/, "the operator never sees the real name on background");
  assert.match(html, /It does, as Senior State Department Official One said last week\./, "the stored text carries the attribution");
  assert.match(html, /data-ws="\/api\/v1\/briefings\/babcdefghij\/live\?as=operator"/);
  assert.match(html, /<script type="module" src="\/briefings\/assets\/live\.js"><\/script>/);
  assert.doesNotMatch(html, /<script>/, "no inline script (CSP)");
});

test("moderator console: phase controls and the officials' real names; stenographer: the speaker picker without real names", () => {
  const s = midCall();
  const mod = consoleHtml(s, "moderator");
  assert.match(mod, /Announce last question/);
  assert.match(mod, /Close the call/);
  assert.doesNotMatch(mod, /Open the call/, "already open");
  assert.match(mod, /SENIOR STATE DEPARTMENT OFFICIAL ONE<\/strong> — Marta Quillfeather/);
  assert.doesNotMatch(mod, /aria-label="Open the line/, "the moderator sees the queue without the operator's buttons");

  const steno = consoleHtml(s, "stenographer");
  assert.match(steno, /<label for="speaker">Speaker/);
  assert.match(steno, /<option value="j1" selected>QUESTION: Ada Pemberton, Harbor Daily Ledger<\/option>/, "the questioner with the floor is preselected");
  assert.match(steno, /<option value="off1">SENIOR STATE DEPARTMENT OFFICIAL ONE<\/option>/);
  assert.doesNotMatch(steno, /Marta Quillfeather|Tobias Wrenley/);
  assert.match(steno, /<label for="turn-text">What they said/);
  assert.match(steno, /Correct the last turn \(number 3\)/);
  assert.match(steno, /Retract the last turn/);
});

test("journalist view: a large hand control and 'You are number N in the queue'; listener view: nothing under embargo", () => {
  const s = midCall();
  const jhtml = (id: string) => renderToString(h(JournalistPage, { record: RECORD, view: viewFor(s, { role: "journalist", id }, NOW), me: { participantId: id, name: "x", outlet: null }, csrf: "", pcsrf: "P", newId: () => "n1", now: NOW, ws: "/ws" }));
  const celia = jhtml("j3");
  assert.match(celia, /You are number 2 in the queue \(2 hands raised\)\./);
  assert.match(celia, /<button type="submit" id="hand-button" class="hand down">Withdraw your hand<\/button>/);
  assert.match(celia, /name="_pcsrf" value="P"/);
  assert.match(jhtml("j1"), /Your line is open: ask your question\./);
  assert.doesNotMatch(jhtml("j1"), /hand-button/, "no hand control while holding the floor");
  assert.equal(positionText(viewFor(s, { role: "journalist", id: "j3" }, NOW)), "You are number 2 in the queue (2 hands raised).");

  const listen = renderToString(h(ListenerPage, { ctx, record: RECORD, view: viewFor(s, { role: "listener" }, NOW), now: NOW, ws: "/ws" }));
  assert.match(listen, /This briefing is under embargo until the end of the call\./);
  assert.doesNotMatch(listen, /northern ports|Ada Pemberton|Harbor Daily Ledger/, "no turn and no questioner while the embargo holds");

  // after the close the transcript is public, without the real name
  const r = apply(s, { commandId: "close", actor: { id: "mod", role: "moderator" }, type: "close" }, NOW);
  assert.ok(r.ok);
  const closed = renderToString(h(ListenerPage, { ctx, record: { ...RECORD, phase: "closed", itemId: "it-1" }, view: viewFor(r.state, { role: "listener" }, NOW), now: NOW, ws: "/ws" }));
  assert.match(closed, /Does the accord cover the northern ports\?/);
  assert.match(closed, /<a href="\/items\/it-1">the transcript on the wire<\/a>/);
  assert.doesNotMatch(closed, /Marta Quillfeather|under embargo/);
});

test("the list: live, upcoming and closed briefings; consoles only for staff; closed ones link their item", () => {
  const recs: BriefingRecord[] = [
    { ...RECORD, id: "blive000001", title: "Live One", phase: "open" },
    { ...RECORD, id: "bsoon000001", title: "Soon One", phase: "scheduled", scheduledStart: T0 + 86_400_000 },
    { ...RECORD, id: "bdone000001", title: "Done One", phase: "closed", itemId: "item-42" },
  ];
  const pub = renderToString(h(BriefingList, { ctx, records: recs, staff: false }));
  assert.match(pub, /Live now \(1\)[\s\S]*Live One[\s\S]*Upcoming \(1\)[\s\S]*Soon One[\s\S]*Closed \(1\)[\s\S]*Done One/);
  assert.match(pub, /<a href="\/items\/item-42">read it on the wire<\/a>/);
  assert.match(pub, /href="\/briefings\/blive000001\/join"/);
  assert.doesNotMatch(pub, /Consoles:|New briefing/);
  const staff = renderToString(h(BriefingList, { ctx, records: recs, staff: true }));
  assert.match(staff, /<a href="\/briefings\/new">New briefing<\/a>/);
  assert.match(staff, /href="\/briefings\/blive000001\/operator"/);
});

// ------------------------------------------------------------------ the routes, on a real store and service

describe("briefing page routes (real SQLite store, real service, real API routes beside them)", () => {
  const tmp = tempDir("pressroom-bpages-");
  const clock = fixedClock(Date.parse("2026-11-30T14:00:00Z"));
  let store: Store;
  let service: BriefingService;
  let app: FastifyInstance;
  let editor: SignedIn;
  let reader: SignedIn;

  before(async () => {
    store = await openSqliteStore({ file: join(tmp.dir, "wire.db"), clock });
    service = createBriefingService({ store: store.briefings, clock, publish: createTranscriptPublisher(store, clock), timers: false, onError: () => {} });
    await service.start();
    const settings = { apiRateLimit: false as const };
    app = await buildServer({ store, clock, baseUrl: "http://wire.test", settings });
    const pctx = createContext({ store, clock, baseUrl: "http://wire.test", settings });
    const tokens = memoryTokenStore();
    await registerBriefingRoutes(app, pctx, { service, tokens });
    await registerBriefingPages(app, pctx, { service, tokens });
    await addUser(store, "edna", "editor");
    await addUser(store, "rita", "reader");
    editor = await login(app, "edna");
    reader = await login(app, "rita");
  });
  after(async () => {
    await app?.close();
    await service?.close();
    await store?.close();
    tmp.cleanup();
  });

  const get = (url: string, who?: SignedIn, cookie?: string) =>
    app.inject({ method: "GET", url, headers: { cookie: [who?.cookie, cookie].filter(Boolean).join("; ") } });
  const post = (url: string, fields: Record<string, string>, who?: SignedIn, extra: { cookie?: string; json?: boolean } = {}) =>
    app.inject({
      method: "POST", url,
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: [who?.cookie, extra.cookie].filter(Boolean).join("; "), ...(extra.json ? { accept: "application/json" } : {}) },
      payload: new URLSearchParams({ ...(who ? { _csrf: who.csrf } : {}), ...fields }).toString(),
    });
  const newBriefing = async (extra: Record<string, string> = {}) => {
    const r = await post("/briefings/new", form({ start_local: "2026-11-30T09:30", ...extra }), editor);
    assert.equal(r.statusCode, 201, r.body.slice(0, 500));
    const code = /<p class="code" id="access-code">(\d{8})<\/p>/.exec(r.body)?.[1];
    const id = /href="\/briefings\/([a-z0-9]+)\/join"/.exec(r.body)?.[1];
    assert.ok(code && id, "the answer shows the access code and the links");
    return { id, code };
  };

  it("the set-up form: editors only, CSRF checked, refusals come back filled in, success shows the access code once", async () => {
    assert.equal((await get("/briefings/new")).statusCode, 401);
    assert.equal((await get("/briefings/new", reader)).statusCode, 403);
    const page = await get("/briefings/new", editor);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<label for="b-start">Date and time <input id="b-start" type="datetime-local" name="start_local"/);

    const noCsrf = await app.inject({ method: "POST", url: "/briefings/new", headers: { "content-type": "application/x-www-form-urlencoded", cookie: editor.cookie }, payload: new URLSearchParams(form({})).toString() });
    assert.equal(noCsrf.statusCode, 403);

    const refused = await post("/briefings/new", form({ official_label_1: "" }), editor);
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /role="alert">official 1: give the label/);
    assert.match(refused.body, /value="Background Briefing on Port Dredging"/, "the form keeps what was typed");

    const { id, code } = await newBriefing();
    const setup = (await service.state(id))!.setup;
    assert.equal(setup.scheduledStart, Date.parse("2026-11-30T14:30:00Z"));
    assert.equal(setup.officials[0]!.label, "SENIOR STATE DEPARTMENT OFFICIAL ONE");
    assert.equal(await service.checkAccessCode(id, code), true);
    const list = await get("/briefings");
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes(`href="/briefings/${id}"`), "the public list shows it");
    assert.ok(!list.body.includes(code), "the code is never shown again");
  });

  it("command routes refuse in JSON when asked for JSON, else with an error page whose heading matches the status", async () => {
    const { id, code } = await newBriefing();
    const cmd = `/briefings/${id}/moderator/command`;
    const jcmd = `/briefings/${id}/journalist/command`;
    const json = (r: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, status: number, errCode: string) => {
      assert.equal(r.statusCode, status);
      assert.match(String(r.headers["content-type"]), /^application\/json/);
      const b = r.json() as { ok: boolean; error: { code: string; message: string } };
      assert.equal(b.ok, false);
      assert.equal(b.error.code, errCode);
      assert.ok(b.error.message.length > 0);
    };
    const page = (r: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, heading: string) => {
      assert.equal(r.statusCode, status);
      assert.match(String(r.headers["content-type"]), /^text\/html/);
      assert.ok(r.body.includes(`<h1>${heading}</h1>`), `heading ${heading} in ${r.body.slice(0, 2000)}`);
    };
    // not signed in: 401
    json(await post(cmd, { commandId: "x1", type: "open" }, undefined, { json: true }), 401, "PRESSROOM_E_UNAUTHORIZED");
    const signIn = await post(cmd, { commandId: "x1", type: "open" });
    page(signIn, 401, "Sign in required");
    assert.ok(signIn.body.includes(`href="/login?next=${encodeURIComponent(`/briefings/${id}/moderator`)}"`), "a sign-in link back to the console");
    // signed in without the role: 403
    json(await post(cmd, { commandId: "x2", type: "open" }, reader, { json: true }), 403, "PRESSROOM_E_FORBIDDEN");
    page(await post(cmd, { commandId: "x2", type: "open" }, reader), 403, "Not allowed");
    // the editor without the session's CSRF token: 403
    const noCsrf = await app.inject({ method: "POST", url: cmd, headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", cookie: editor.cookie }, payload: "commandId=x3&type=open" });
    json(noCsrf, 403, "PRESSROOM_E_FORBIDDEN");
    // no such briefing: 404
    json(await post("/briefings/nosuchcall/moderator/command", { commandId: "x4", type: "open" }, editor, { json: true }), 404, "PRESSROOM_E_NOT_FOUND");
    page(await post("/briefings/nosuchcall/moderator/command", { commandId: "x4", type: "open" }, editor), 404, "Page not found");
    // a journalist: no cookie (401), no or a wrong _pcsrf (403), a type the page cannot send (400)
    json(await post(jcmd, { commandId: "h1", type: "raise_hand" }, undefined, { json: true }), 401, "PRESSROOM_E_UNAUTHORIZED");
    const joined = await post(`/briefings/${id}/join`, { code, name: "Ada Pemberton", outlet: "Harbor Daily Ledger" });
    const jcookie = /pressroom_participant=[^;]+/.exec(String(joined.headers["set-cookie"]))![0];
    json(await post(jcmd, { _pcsrf: "nope", commandId: "h2", type: "raise_hand" }, undefined, { cookie: jcookie, json: true }), 403, "PRESSROOM_E_FORBIDDEN");
    page(await post(jcmd, { _pcsrf: "nope", commandId: "h2", type: "raise_hand" }, undefined, { cookie: jcookie }), 403, "Not allowed");
    const pcsrf = (await import("../../src/accounts/secrets.js")).csrfTokenFor(/=(.*)$/.exec(jcookie)![1]!);
    json(await post(jcmd, { _pcsrf: pcsrf, commandId: "h3", type: "close" }, undefined, { cookie: jcookie, json: true }), 400, "PRESSROOM_E_BAD_REQUEST");
    // a refusal by the state machine (the call is not open): 409, JSON and page
    const early = await post(jcmd, { _pcsrf: pcsrf, commandId: "h4", type: "raise_hand" }, undefined, { cookie: jcookie, json: true });
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().ok, false);
    // the set-up form's new limits reach the page: 501 characters of title is refused, the form comes back
    const long = await post("/briefings/new", form({ title: "T".repeat(501) }), editor);
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /role="alert">the title is longer than 500 characters/);
    const gap = await post("/briefings/new", form({ start_local: "2026-03-08T02:30" }), editor);
    assert.equal(gap.statusCode, 400);
    assert.match(gap.body, /does not exist in America\/New_York/);
  });

  it("a whole call through the forms, without JavaScript: join, open, raise, open the line, turns, close", async () => {
    const { id, code } = await newBriefing();
    const paths = { join: `/briefings/${id}/join`, j: `/briefings/${id}/journalist`, jcmd: `/briefings/${id}/journalist/command` };

    const wrong = await post(paths.join, { code: "00000000", name: "Ada Pemberton", outlet: "Harbor Daily Ledger" });
    assert.equal(wrong.statusCode, 403);
    assert.match(wrong.body, /role="alert">the access code is not this briefing's/);
    assert.match(wrong.body, /value="Ada Pemberton"/);
    const joined = await post(paths.join, { code, name: "Ada Pemberton", outlet: "Harbor Daily Ledger" });
    assert.equal(joined.statusCode, 303);
    assert.equal(joined.headers.location, paths.j);
    const setCookie = String(joined.headers["set-cookie"]);
    assert.match(setCookie, new RegExp(`pressroom_participant=prp_[A-Za-z0-9_-]{43}; Path=/briefings/${id}; HttpOnly; SameSite=Lax`));
    const jcookie = /pressroom_participant=([^;]+)/.exec(setCookie)![0];
    const cookies = ([] as string[]).concat(joined.headers["set-cookie"] as string | string[]);
    assert.ok(cookies.includes(`${jcookie}; Path=/api/v1/briefings/${id}/live; HttpOnly; SameSite=Lax`), `the same token for the live WebSocket's path: ${cookies.join(" | ")}`);

    assert.equal((await get(paths.j)).statusCode, 303, "without the cookie: back to the join form");
    let jpage = await get(paths.j, undefined, jcookie);
    assert.equal(jpage.statusCode, 200);
    assert.match(jpage.body, /The call has not started yet/);
    assert.ok(!jpage.body.includes(/=(.*)$/.exec(jcookie)![1]!), "the participant token is not in the page (HttpOnly cookie only)");
    const pcsrf = /name="_pcsrf" value="([^"]+)"/.exec(jpage.body)?.[1] ?? (await import("../../src/accounts/secrets.js")).csrfTokenFor(/=(.*)$/.exec(jcookie)![1]!);

    // before the call opens a hand is refused, with the reason on the page
    const early = await post(paths.jcmd, { _pcsrf: pcsrf, commandId: "h0", type: "raise_hand" }, undefined, { cookie: jcookie });
    assert.equal(early.statusCode, 409);
    assert.match(early.body, /role="alert">[^<]*<span class="meta">\(<code>PRESSROOM_E_BRIEFING_NOT_OPEN<\/code>/);
    assert.equal((await post(paths.jcmd, { commandId: "h0", type: "raise_hand" }, undefined, { cookie: jcookie })).statusCode, 403, "no _pcsrf: refused");

    const open = await post(`/briefings/${id}/moderator/command`, { commandId: "m1", type: "open" }, editor);
    assert.equal(open.statusCode, 303);
    assert.equal(open.headers.location, `/briefings/${id}/moderator`);
    assert.equal((await post(`/briefings/${id}/moderator/command`, { commandId: "m1", type: "open" }, editor)).statusCode, 303, "the same form twice is a retry, not a refusal");
    assert.equal((await post(`/briefings/${id}/operator/command`, { commandId: "x", type: "close" }, editor)).statusCode, 400, "the operator page cannot close");
    assert.equal((await post(`/briefings/${id}/moderator/command`, { commandId: "m2", type: "open" }, reader)).statusCode, 403, "a reader cannot use a console");

    clock.set(Date.parse("2026-11-30T14:31:00Z"));
    const raised = await post(paths.jcmd, { _pcsrf: pcsrf, commandId: "h1", type: "raise_hand" }, undefined, { cookie: jcookie, json: true });
    assert.equal(raised.statusCode, 200);
    assert.equal(raised.json().ok, true);
    jpage = await get(paths.j, undefined, jcookie);
    assert.match(jpage.body, /You are number 1 in the queue \(1 hand raised\)\./);
    assert.match(jpage.body, /Withdraw your hand/);

    clock.set(Date.parse("2026-11-30T14:32:05Z"));
    const op = await get(`/briefings/${id}/operator`, editor);
    assert.equal(op.statusCode, 200);
    assert.match(op.body, /1\. Ada Pemberton<\/span>, Harbor Daily Ledger/);
    assert.match(op.body, /Waiting <span data-since="\d+">1:05<\/span>/);
    const participant = /name="type" value="open_line"\/><input type="hidden" name="participant" value="([a-z0-9]+)"/.exec(op.body)?.[1];
    assert.ok(participant);
    assert.equal((await post(`/briefings/${id}/operator/command`, { commandId: "o1", type: "open_line", participant }, editor)).statusCode, 303);

    const steno = `/briefings/${id}/stenographer/command`;
    const bad = await post(steno, { commandId: "s0", type: "add_turn", speaker: "nobody", text: "Lost words." }, editor);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /PRESSROOM_E_BRIEFING_UNKNOWN_SPEAKER/);
    assert.match(bad.body, /Lost words\.<\/textarea>/, "a refused turn stays in the box");
    assert.equal((await post(steno, { commandId: "s1", type: "add_turn", speaker: participant!, text: "Will the dredging start this winter?" }, editor)).statusCode, 303);
    assert.equal((await post(steno, { commandId: "s2", type: "add_turn", speaker: "official-1", text: "It will, as Marta Quillfeather said." }, editor)).statusCode, 303);

    const listen = await get(`/briefings/${id}`);
    assert.equal(listen.statusCode, 200);
    assert.match(listen.body, /under embargo until the end of the call/);
    assert.doesNotMatch(listen.body, /dredging start|Ada Pemberton/);
    const part = await get(`/briefings/${id}/stenographer?part=live`, editor);
    assert.doesNotMatch(part.body, /<html|<header/, "?part=live is the main content only");
    assert.match(part.body, /<li id="turn-2" class="turn role-official"><p class="speaker">SENIOR STATE DEPARTMENT OFFICIAL ONE<\/p><p>It will, as Senior State Department Official One said\.<\/p><\/li>/);
    assert.doesNotMatch(part.body, /Quillfeather/);

    const closed = await post(`/briefings/${id}/moderator/command`, { commandId: "m3", type: "close" }, editor, { json: true });
    assert.deepEqual(closed.json().ok, true);
    await service.idle(id);
    const rec = await service.get(id);
    assert.ok(rec?.itemId, "the transcript was published");
    const after = await get(`/briefings/${id}`);
    assert.match(after.body, /Will the dredging start this winter\?/);
    assert.ok(after.body.includes(`href="/items/${rec!.itemId}"`));
    const item = await get(`/items/${rec!.itemId}`);
    assert.equal(item.statusCode, 200);
    assert.match(item.body, /Ada Pemberton/);
    assert.match(item.body, /Harbor Daily Ledger/);
    const late = await post(paths.jcmd, { _pcsrf: pcsrf, commandId: "h9", type: "raise_hand" }, undefined, { cookie: jcookie, json: true });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().error.reason, "PRESSROOM_E_BRIEFING_CLOSED");
  });

  it("operator forms reorder and remove; a journalist's page shows a dropped line with a rejoin button, and a removal", async () => {
    const { id, code } = await newBriefing();
    const joinAs = async (name: string) => {
      const r = await post(`/briefings/${id}/join`, { code, name, outlet: "Wire" });
      assert.equal(r.statusCode, 303);
      return /pressroom_participant=[^;]+/.exec(String(r.headers["set-cookie"]))![0];
    };
    const a = await joinAs("Ana One");
    const b = await joinAs("Ben Two");
    assert.equal((await post(`/briefings/${id}/moderator/command`, { commandId: "open", type: "open" }, editor)).statusCode, 303);
    const raise = async (cookie: string) => {
      const page = await get(`/briefings/${id}/journalist`, undefined, cookie);
      const pcsrf = /name="_pcsrf" value="([^"]+)"/.exec(page.body)![1]!;
      const r = await post(`/briefings/${id}/journalist/command`, { _pcsrf: pcsrf, commandId: `r-${pcsrf.slice(0, 6)}`, type: "raise_hand" }, undefined, { cookie });
      assert.equal(r.statusCode, 303);
    };
    await raise(a);
    await raise(b);
    let op = await get(`/briefings/${id}/operator`, editor);
    const ben = /id="q-([a-z0-9]+)"><p style="margin:0"><span class="who">2\. Ben Two/.exec(op.body)?.[1];
    assert.ok(ben, "Ben is second");
    assert.equal((await post(`/briefings/${id}/operator/command`, { commandId: "up1", type: "reorder", participant: ben!, position: "1" }, editor)).statusCode, 303);
    op = await get(`/briefings/${id}/operator`, editor);
    assert.match(op.body, /<span class="who">1\. Ben Two<\/span>[\s\S]*<span class="who">2\. Ana One<\/span>/);
    assert.match((await get(`/briefings/${id}/journalist`, undefined, a)).body, /You are number 2 in the queue/);

    // the bridge reports Ana's line down: her page offers to rejoin, and the operator sees it
    const ana = /id="q-([a-z0-9]+)"><p style="margin:0"><span class="who">2\. Ana One/.exec(op.body)![1]!;
    assert.equal((await service.command(id, { commandId: "drop-ana", actor: { id: "system", role: "system" }, type: "drop", participant: ana })).ok, true);
    assert.match((await get(`/briefings/${id}/operator`, editor)).body, /line dropped \(place kept\)/);
    let page = await get(`/briefings/${id}/journalist`, undefined, a);
    assert.match(page.body, /Your connection to the call dropped; your place is kept for a short while/);
    assert.match(page.body, /name="type" value="rejoin"\/><button type="submit" id="hand-button" class="hand">Rejoin the call<\/button>/);
    const pcsrf = /name="_pcsrf" value="([^"]+)"/.exec(page.body)![1]!;
    assert.equal((await post(`/briefings/${id}/journalist/command`, { _pcsrf: pcsrf, commandId: "rejoin-ana", type: "rejoin" }, undefined, { cookie: a })).statusCode, 303);
    assert.match((await get(`/briefings/${id}/journalist`, undefined, a)).body, /You are number 2 in the queue/, "back in time: place kept");

    assert.equal((await post(`/briefings/${id}/operator/command`, { commandId: "rm1", type: "remove", participant: ben! }, editor)).statusCode, 303);
    page = await get(`/briefings/${id}/journalist`, undefined, b);
    assert.match(page.body, /The operator removed you from the call\./);
    assert.doesNotMatch(page.body, /hand-button/);
    assert.match((await get(`/briefings/${id}/journalist`, undefined, a)).body, /You are number 1 in the queue/);
  });

  it("the stenographer corrects and retracts the last turn; stage directions alone become no turn", async () => {
    const { id } = await newBriefing();
    const steno = `/briefings/${id}/stenographer`;
    assert.equal((await post(`/briefings/${id}/moderator/command`, { commandId: "o", type: "open" }, editor)).statusCode, 303);
    assert.equal((await post(`${steno}/command`, { commandId: "t1", type: "add_turn", speaker: "moderator", text: "Good morning and welcom." }, editor)).statusCode, 303);
    let page = await get(steno, editor);
    assert.match(page.body, /Correct the last turn \(number 1\)[\s\S]*Good morning and welcom\.<\/textarea>/);
    const editId = /name="commandId" value="([^"]+)"\/><input type="hidden" name="type" value="edit_last_turn"/.exec(page.body)?.[1];
    assert.ok(editId);
    assert.equal((await post(`${steno}/command`, { commandId: editId!, type: "edit_last_turn", text: "Good morning and welcome." }, editor)).statusCode, 303);
    page = await get(steno, editor);
    assert.match(page.body, /<li id="turn-0" class="turn role-moderator"><p class="speaker">MODERATOR<\/p><p>Good morning and welcome\.<\/p><\/li>/);
    assert.equal((await post(`${steno}/command`, { commandId: "t2", type: "add_turn", speaker: "moderator", text: "(Laughter.)" }, editor)).statusCode, 303);
    page = await get(steno, editor);
    assert.doesNotMatch(page.body, /id="turn-1"/, "a stage direction alone is no turn");
    assert.equal((await post(`${steno}/command`, { commandId: "t3", type: "retract_last_turn" }, editor)).statusCode, 303);
    page = await get(steno, editor);
    assert.doesNotMatch(page.body, /id="turn-0"/);
    assert.doesNotMatch(page.body, /Retract the last turn/, "nothing left to retract");
    const again = await post(`${steno}/command`, { commandId: "t4", type: "retract_last_turn" }, editor, { json: true });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.reason, "PRESSROOM_E_BRIEFING_NO_TURN");
  });

  it("a journalist's form posts are rate-limited per participant (20 per 10 s), another journalist is not held up", async () => {
    const { id, code } = await newBriefing();
    const join = async (name: string) => /pressroom_participant=[^;]+/.exec(String((await post(`/briefings/${id}/join`, { code, name })).headers["set-cookie"]))![0];
    const a = await join("Flood Er");
    const b = await join("Calm Er");
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await post(`/briefings/${id}/journalist/command`, { _pcsrf: "x", commandId: `f${i}`, type: "raise_hand" }, undefined, { cookie: a })).statusCode);
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(403), "a wrong _pcsrf is refused each time");
    assert.equal(statuses[20], 429, "the 21st within 10 s is rate-limited");
    assert.equal((await post(`/briefings/${id}/journalist/command`, { _pcsrf: "x", commandId: "g", type: "raise_hand" }, undefined, { cookie: b })).statusCode, 403, "not 429: counted apart");
  });

  it("readers join without a code; 'readers only' briefings are closed to the public; the script is served", async () => {
    const { id } = await newBriefing({ listeners: "readers" });
    const form = await get(`/briefings/${id}/join`, reader);
    assert.doesNotMatch(form.body, /name="code"/, "a signed-in reader needs no code");
    const j = await post(`/briefings/${id}/join`, { name: "Rita Reader", outlet: "" }, reader);
    assert.equal(j.statusCode, 303);
    assert.equal((await get(`/briefings/${id}`)).statusCode, 401);
    assert.equal((await get(`/briefings/${id}`, reader)).statusCode, 200);
    assert.equal((await get("/briefings/nosuchbriefing1")).statusCode, 404);
    assert.equal((await get("/briefings/bad$id")).statusCode, 404);
    const js = await get("/briefings/assets/live.js");
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers["content-type"]), /^text\/javascript/);
    assert.match(js.body, /data-command/);
  });
});

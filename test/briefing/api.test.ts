/**
 * The briefing HTTP API against a real server on loopback, a real SQLite store and the real
 * briefing service: creating, listing, joining, commands (idempotent retries, refusals with
 * their briefing reason, rate limit), authentication and CSRF.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { login } from "../auth-helpers.js";
import { accounts, createBriefingVia, http, joinVia, setupFor, startLive, type Live } from "./live-fixtures.js";

let live: Live;
let auth: { editor: string; reader: string; admin: string };

before(async () => {
  live = await startLive({ live: { participantCommandLimit: { max: 5, windowMs: 60_000 }, joinRateLimit: false } });
  auth = await accounts(live.store);
});
after(async () => {
  await live.close();
  live.remove();
});

describe("POST /api/v1/briefings", () => {
  it("creates a briefing for an editor, with an 8-digit access code shown once", async () => {
    const r = await http(live, "POST", "/api/v1/briefings", setupFor(), { authorization: auth.editor });
    assert.equal(r.status, 201);
    assert.match(r.json.accessCode, /^\d{8}$/);
    assert.equal(r.json.briefing.title, "Background Briefing on the Lantern Canal Reopening");
    assert.equal(r.json.briefing.phase, "scheduled");
    assert.equal(r.json.briefing.scheduledStart, Date.parse("2026-06-01T15:00:00Z"));
    assert.equal(r.json.briefing.liveUrl, `wss://wire.example.org/api/v1/briefings/${r.json.briefing.id}/live`);
    assert.equal(r.headers.get("location"), `https://wire.example.org/api/v1/briefings/${r.json.briefing.id}`);
    assert.equal(r.json.setup.officials[0].realName, "Orla Fennimore");
    const listed = await http(live, "GET", "/api/v1/briefings");
    assert.ok(listed.json.briefings.some((b: { id: string }) => b.id === r.json.briefing.id));
    assert.ok(!JSON.stringify(listed.json).includes("Fennimore"));
    assert.ok(!JSON.stringify(listed.json).includes(r.json.accessCode));
  });

  it("takes ISO times and default staff ids", async () => {
    const { moderatorId: _m, operatorId: _o, stenographerId: _s, ...rest } = setupFor();
    const r = await http(live, "POST", "/api/v1/briefings", { ...rest, scheduledStart: "2026-06-01T11:00:00-04:00", groundRules: { basis: "on_the_record", attribute_to: null, embargo: { until: "2026-06-01T16:00:00Z" } } }, { authorization: auth.editor });
    assert.equal(r.status, 201);
    assert.equal(r.json.setup.scheduledStart, Date.parse("2026-06-01T15:00:00Z"));
    assert.deepEqual(r.json.setup.groundRules.embargo, { until: Date.parse("2026-06-01T16:00:00Z") });
    assert.equal(r.json.setup.moderatorId, "moderator");
    assert.equal(r.json.setup.stenographerId, "stenographer");
  });

  it("refuses the public (401), a reader (403) and bad set-ups (400 naming the field)", async () => {
    assert.equal((await http(live, "POST", "/api/v1/briefings", setupFor())).status, 401);
    const reader = await http(live, "POST", "/api/v1/briefings", setupFor(), { authorization: auth.reader });
    assert.equal(reader.status, 403);
    assert.equal(reader.json.error.code, "PRESSROOM_E_FORBIDDEN");
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...setupFor(), title: "" }, /title/],
      [{ ...setupFor(), scheduledStart: "tomorrow" }, /scheduledStart/],
      [{ ...setupFor(), groundRules: { basis: "on_a_whim", attribute_to: null, embargo: null } }, /basis/],
      [{ ...setupFor(), officials: [{ id: "off1", label: "X" }] }, /realName/],
      [{ ...setupFor(), operatorId: "mod" }, /distinct/],
      [{ ...setupFor(), listeners: "everyone" }, /listeners/],
      [{ ...setupFor(), graceMs: -5 }, /graceMs/],
    ];
    for (const [body, why] of cases) {
      const r = await http(live, "POST", "/api/v1/briefings", body, { authorization: auth.editor });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.json.error.code, "PRESSROOM_E_BAD_REQUEST");
      assert.match(r.json.error.message, why);
    }
    const notJson = await fetch(`${live.url}/api/v1/briefings`, { method: "POST", headers: { authorization: auth.editor, "content-type": "application/json" }, body: "{nope" });
    assert.equal(notJson.status, 400);
  });
});

describe("GET /api/v1/briefings/:id", () => {
  it("shows staff the set-up and the moderator's view, others a view without real names", async () => {
    const { id, accessCode } = await createBriefingVia(live, auth.editor);
    const staff = await http(live, "GET", `/api/v1/briefings/${id}`, undefined, { authorization: auth.editor });
    assert.equal(staff.status, 200);
    assert.equal(staff.json.setup.officials[0].realName, "Orla Fennimore");
    assert.equal(staff.json.view.speakers.find((s: { id: string }) => s.id === "off1").name, "Orla Fennimore");
    assert.deepEqual(staff.json.view.queue, []);
    const pub = await http(live, "GET", `/api/v1/briefings/${id}`);
    assert.equal(pub.status, 200);
    assert.equal(pub.json.setup, undefined);
    assert.equal(pub.json.view.turns, null, "embargoed: no turns for listeners");
    assert.ok(!JSON.stringify(pub.json).includes("Fennimore"));
    const j = await joinVia(live, id, accessCode, "Nell Ashgrove", "Canal Courier");
    const mine = await http(live, "GET", `/api/v1/briefings/${id}`, undefined, { "x-participant-token": j.token });
    assert.equal(mine.status, 200);
    assert.equal(mine.json.view.queue, null);
    assert.equal(mine.json.view.myPosition, null);
    assert.ok(!JSON.stringify(mine.json).includes("Fennimore"));
    assert.equal((await http(live, "GET", `/api/v1/briefings/${id}`, undefined, { "x-participant-token": "prp_" + "x".repeat(43) })).status, 401);
    assert.equal((await http(live, "GET", "/api/v1/briefings/bnope")).status, 404);
    assert.equal((await http(live, "GET", "/api/v1/briefings/%2e%2e%2fx")).status, 404);
  });

  it("a readers-only briefing is not shown to the public", async () => {
    const { id } = await createBriefingVia(live, auth.editor, { listeners: "readers" });
    const pub = await http(live, "GET", `/api/v1/briefings/${id}`);
    assert.equal(pub.status, 401);
    const reader = await http(live, "GET", `/api/v1/briefings/${id}`, undefined, { authorization: auth.reader });
    assert.equal(reader.status, 200);
    assert.equal(reader.json.view.turns, null);
    const publicList = await http(live, "GET", "/api/v1/briefings");
    assert.ok(!publicList.json.briefings.some((b: { id: string }) => b.id === id), "not listed to the public");
    assert.ok(publicList.json.briefings.length > 0);
    const readerList = await http(live, "GET", "/api/v1/briefings", undefined, { authorization: auth.reader });
    assert.ok(readerList.json.briefings.some((b: { id: string }) => b.id === id));
  });
});

describe("POST /api/v1/briefings/:id/participants", () => {
  it("joins with the access code, or with a reader account (same participant when joining again)", async () => {
    const { id, accessCode } = await createBriefingVia(live, auth.editor);
    const wrong = await http(live, "POST", `/api/v1/briefings/${id}/participants`, { name: "Nell Ashgrove", accessCode: accessCode === "00000000" ? "11111111" : "00000000" });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.json.error.code, "PRESSROOM_E_FORBIDDEN");
    const anon = await http(live, "POST", `/api/v1/briefings/${id}/participants`, { name: "Nell Ashgrove" });
    assert.equal(anon.status, 401);
    const noName = await http(live, "POST", `/api/v1/briefings/${id}/participants`, { name: "  ", accessCode });
    assert.equal(noName.status, 400);

    const a = await http(live, "POST", `/api/v1/briefings/${id}/participants`, { name: "Nell Ashgrove", outlet: "Canal Courier", accessCode });
    assert.equal(a.status, 201);
    assert.match(a.json.participantId, /^p[a-z0-9]{10}$/);
    assert.match(a.json.token, /^prp_[A-Za-z0-9_-]{43}$/);
    assert.equal(a.json.rejoined, false);
    const b = await http(live, "POST", `/api/v1/briefings/${id}/participants`, { name: "Nell Ashgrove", outlet: "Canal Courier", accessCode });
    assert.notEqual(b.json.participantId, a.json.participantId, "an access code join is a new participant");

    const r1 = await http(live, "POST", `/api/v1/briefings/${id}/participants`, { name: "Rita Lowe", outlet: "Towpath Weekly" }, { authorization: auth.reader });
    assert.equal(r1.status, 201);
    assert.match(r1.json.participantId, /^u\d+$/);
    const r2 = await http(live, "POST", `/api/v1/briefings/${id}/participants`, { name: "Rita Lowe", outlet: "Towpath Weekly" }, { authorization: auth.reader });
    assert.equal(r2.status, 201);
    assert.equal(r2.json.participantId, r1.json.participantId);
    assert.equal(r2.json.rejoined, true);
    // the first token was replaced
    const old = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "x1", type: "withdraw_hand" }, { "x-participant-token": r1.json.token });
    assert.equal(old.status, 401);
    const fresh = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "x1", type: "withdraw_hand" }, { "x-participant-token": r2.json.token });
    assert.equal(fresh.status, 409, "token works; the call is not open");
    assert.equal(fresh.json.error.reason, "PRESSROOM_E_BRIEFING_NOT_OPEN");

    const state = await live.service.state(id);
    assert.deepEqual(state!.journalists.map((j) => [j.name, j.outlet]), [["Nell Ashgrove", "Canal Courier"], ["Nell Ashgrove", "Canal Courier"], ["Rita Lowe", "Towpath Weekly"]]);
  });

  it("an access-code join is rate-limited per address", async () => {
    const limited = await startLive({ live: { joinRateLimit: { max: 2, timeWindowMs: 60_000 } } });
    try {
      const a = await accounts(limited.store);
      const { id } = await createBriefingVia(limited, a.editor);
      const codes = ["12345678", "23456789", "34567890"];
      const statuses = [];
      for (const accessCode of codes) statuses.push((await http(limited, "POST", `/api/v1/briefings/${id}/participants`, { name: "Guess Er", accessCode })).status);
      assert.deepEqual(statuses.slice(0, 2).map((s) => s === 403 || s === 201), [true, true]);
      assert.equal(statuses[2], 429);
    } finally {
      await limited.close();
      limited.remove();
    }
  });
});

describe("POST /api/v1/briefings/:id/commands", () => {
  it("runs a call: staff with as, journalists with their token; retries are idempotent", async () => {
    const { id, accessCode } = await createBriefingVia(live, auth.editor);
    const j = await joinVia(live, id, accessCode, "Nell Ashgrove", "Canal Courier");
    const tok = { "x-participant-token": j.token };
    const early = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "h0", type: "raise_hand" }, tok);
    assert.equal(early.status, 409);
    assert.deepEqual(early.json.error, { code: "PRESSROOM_E_CONFLICT", message: "the call has not been opened yet", reason: "PRESSROOM_E_BRIEFING_NOT_OPEN" });

    const open = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "m1", type: "open", as: "moderator" }, { authorization: auth.editor });
    assert.equal(open.status, 200);
    assert.equal(open.json.ok, true);
    assert.equal(open.json.events[0].type, "call_opened");

    const raise = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "h1", type: "raise_hand" }, tok);
    assert.equal(raise.status, 200);
    assert.deepEqual(raise.json.events.map((e: { type: string }) => e.type), ["hand_raised"]);
    assert.equal(raise.json.events[0].participant, j.participantId);
    assert.equal(raise.json.events[0].position, 1);
    const again = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "h1", type: "raise_hand" }, tok);
    assert.equal(again.status, 200);
    assert.equal(again.json.retried, true);
    assert.equal(again.json.seq, raise.json.seq);
    const reused = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "h1", type: "withdraw_hand" }, tok);
    assert.equal(reused.status, 409);
    assert.equal(reused.json.error.reason, "PRESSROOM_E_BRIEFING_COMMAND_ID_REUSED");

    // the journalist may not act as someone else: the actor comes from the token
    const spoof = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "h2", type: "open_line", actor: { id: "op", role: "operator" } }, tok);
    assert.equal(spoof.status, 403);
    assert.equal(spoof.json.error.reason, "PRESSROOM_E_BRIEFING_WRONG_ROLE");

    const line = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "o1", type: "open_line", as: "operator" }, { authorization: auth.admin });
    assert.equal(line.status, 200);
    assert.deepEqual(line.json.events.map((e: { type: string }) => e.type), ["line_opened", "turn_added"]);
    assert.equal(line.json.events[1].turn.text, "The next question is from Nell Ashgrove with Canal Courier.");
    assert.equal(line.json.events[1].turn.label, "OPERATOR");

    // the bridge reports a lost line as system
    const drop = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "b1", type: "drop", participant: j.participantId, as: "system" }, { authorization: auth.editor });
    assert.equal(drop.status, 200);
    assert.equal(drop.json.events[0].type, "connection_dropped");

    const state = await live.service.state(id);
    assert.equal(state!.connections[j.participantId]!.status, "dropped");
    assert.equal(state!.current, j.participantId);
  });

  it("refuses the public (401), a reader acting as staff (403), a bad as (400), a bad command (400) and floods (429)", async () => {
    const { id, accessCode } = await createBriefingVia(live, auth.editor);
    assert.equal((await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "m1", type: "open", as: "moderator" })).status, 401);
    assert.equal((await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "m1", type: "open", as: "moderator" }, { authorization: auth.reader })).status, 403);
    const badAs = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "m1", type: "open", as: "president" }, { authorization: auth.editor });
    assert.equal(badAs.status, 400);
    const noAs = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "m1", type: "open" }, { authorization: auth.editor });
    assert.equal(noAs.status, 400);
    const badType = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "m1", type: "dance", as: "moderator" }, { authorization: auth.editor });
    assert.equal(badType.status, 400);
    assert.equal(badType.json.error.reason, "PRESSROOM_E_BRIEFING_BAD_COMMAND");
    const unknown = await http(live, "POST", "/api/v1/briefings/bnothere01/commands", { commandId: "m1", type: "open", as: "moderator" }, { authorization: auth.editor });
    assert.equal(unknown.status, 404);

    const j = await joinVia(live, id, accessCode, "Flood Ing", null);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: `f${i}`, type: "raise_hand" }, { "x-participant-token": j.token })).status);
    assert.deepEqual(statuses, [409, 409, 409, 409, 409, 429, 429]);
  });

  it("a cookie session needs the CSRF token", async () => {
    const { id } = await createBriefingVia(live, auth.editor);
    const s = await login(live.url, "edna");
    const without = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "m1", type: "open", as: "moderator" }, { cookie: s.cookie });
    assert.equal(without.status, 403);
    const withToken = await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "m1", type: "open", as: "moderator" }, { cookie: s.cookie, "x-csrf-token": s.csrf });
    assert.equal(withToken.status, 200);
  });
});

/**
 * The live briefing WebSocket with real `ws` clients against a real server on loopback, a
 * real SQLite store and the real briefing service: authentication at the upgrade, per-viewer
 * filtering and ordering, idempotent retries, bad input, rate limits, message size,
 * heartbeats, resume after a reconnect, a journalist's lost connection, a server restart
 * mid-call, and the embargo for listeners.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect as connectTcp } from "node:net";
import { login } from "../auth-helpers.js";
import { memoryTokenStore, storeTokens } from "../../src/publish/briefings/service-port.js";
import { accounts, BASE_URL, connect, createBriefingVia, http, joinVia, startLive, type Client, type Live } from "./live-fixtures.js";

let live: Live;
let auth: { editor: string; reader: string; admin: string };

before(async () => {
  live = await startLive({ live: { messageLimit: { max: 8, windowMs: 60_000 }, abuseCloseAfter: 3 } });
  auth = await accounts(live.store);
});
after(async () => {
  await live.close();
  live.remove();
});

const staff = (as: string) => ({ query: `as=${as}`, headers: { authorization: auth.editor } });
const asJournalist = (token: string) => ({ protocols: ["pressroom.v1", `pressroom.token.${token}`] });

async function refusedWith(p: Promise<Client>): Promise<{ status: number; body: any }> {
  try {
    const c = await p;
    await c.close();
  } catch (e) {
    const m = /^HTTP (\d+) (.*)$/s.exec((e as Error).message);
    if (m) return { status: Number(m[1]), body: m[2] ? JSON.parse(m[2]) : null };
    throw e;
  }
  throw new Error("the upgrade was accepted");
}

describe("upgrade authentication", () => {
  it("refuses unknown briefings, missing or wrong credentials and roles with HTTP errors", async () => {
    const { id } = await createBriefingVia(live, auth.editor);
    assert.equal((await refusedWith(connect(live, "bnothere01"))).status, 404);
    const anon = await refusedWith(connect(live, id, { query: "as=moderator" }));
    assert.equal(anon.status, 401);
    assert.equal(anon.body.error.code, "PRESSROOM_E_UNAUTHORIZED");
    assert.equal((await refusedWith(connect(live, id, { query: "as=operator", headers: { authorization: auth.reader } }))).status, 403);
    assert.equal((await refusedWith(connect(live, id, { query: "as=operator", headers: { authorization: "Bearer prt_nope" } }))).status, 401);
    assert.equal((await refusedWith(connect(live, id, { query: "as=king", headers: { authorization: auth.editor } }))).status, 400);
    assert.equal((await refusedWith(connect(live, id, { query: "since=-1" }))).status, 400);
    assert.equal((await refusedWith(connect(live, id, asJournalist("prp_" + "A".repeat(43))))).status, 401);
    assert.equal((await refusedWith(connect(live, id, { query: "as=journalist" }))).status, 401);
    const plain = await http(live, "GET", `/api/v1/briefings/${id}/live`);
    assert.equal(plain.status, 400);
    // the server closes the socket of a refused upgrade itself (also when the auth hook refused it)
    const port = Number(new URL(live.url).port);
    const answer = await new Promise<string>((resolve, reject) => {
      let got = "";
      const sock = connectTcp(port, "127.0.0.1", () => sock.write(`GET /api/v1/briefings/${id}/live HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer prt_nope\r\n\r\n`));
      sock.on("data", (d) => { got += d.toString(); });
      sock.on("close", () => resolve(got));
      setTimeout(() => { sock.destroy(); reject(new Error(`socket left open; got ${got.slice(0, 80)}`)); }, 3000);
    });
    assert.match(answer, /^HTTP\/1.1 401/);
  });

  it("a cookie-authenticated upgrade must come from this site (Origin)", async () => {
    const { id } = await createBriefingVia(live, auth.editor);
    const s = await login(live.url, "edna");
    const foreign = await refusedWith(connect(live, id, { query: "as=operator", headers: { cookie: s.cookie, origin: "https://evil.example.com" } }));
    assert.equal(foreign.status, 403);
    assert.equal((await refusedWith(connect(live, id, { query: "as=operator", headers: { cookie: s.cookie } }))).status, 403, "no Origin");
    const ours = await connect(live, id, { query: "as=operator", headers: { cookie: s.cookie, origin: BASE_URL } });
    assert.equal(ours.messages[0].role, "operator");
    await ours.close();
    const sameHost = await connect(live, id, { query: "as=operator", headers: { cookie: s.cookie, origin: live.url } });
    await sameHost.close();
  });

  it("readers-only listeners need an account; a journalist's token rides in the subprotocol and is never echoed", async () => {
    const { id, accessCode } = await createBriefingVia(live, auth.editor, { listeners: "readers" });
    assert.equal((await refusedWith(connect(live, id))).status, 401);
    const reader = await connect(live, id, { headers: { authorization: auth.reader } });
    assert.equal(reader.messages[0].role, "listener");
    await reader.close();
    const j = await joinVia(live, id, accessCode, "Nell Ashgrove", "Canal Courier");
    const c = await connect(live, id, asJournalist(j.token));
    assert.equal(c.ws.protocol, "pressroom.v1");
    const hello = c.messages[0];
    assert.equal(hello.type, "hello");
    assert.equal(hello.protocol, 1);
    assert.equal(hello.role, "journalist");
    assert.equal(hello.participantId, j.participantId);
    assert.equal(hello.view.queue, null);
    await c.close();
    const viaHeader = await connect(live, id, { headers: { "x-participant-token": j.token } });
    assert.equal(viaHeader.messages[0].participantId, j.participantId);
    await viaHeader.close();
  });
});

describe("journalist page cookie", () => {
  it("the HttpOnly participant cookie authenticates ?as=journalist from this site only; without as=journalist it is ignored", async () => {
    const { id, accessCode } = await createBriefingVia(live, auth.editor);
    const j = await joinVia(live, id, accessCode, "Nell Ashgrove", "Canal Courier");
    const cookie = `pressroom_participant=${j.token}`;
    const c = await connect(live, id, { query: "as=journalist", headers: { cookie, origin: BASE_URL } });
    assert.equal(c.messages[0].role, "journalist");
    assert.equal(c.messages[0].participantId, j.participantId);
    await c.close();
    assert.equal((await refusedWith(connect(live, id, { query: "as=journalist", headers: { cookie } }))).status, 403, "no Origin");
    assert.equal((await refusedWith(connect(live, id, { query: "as=journalist", headers: { cookie, origin: "https://evil.example.com" } }))).status, 403);
    assert.equal((await refusedWith(connect(live, id, { query: "as=journalist", headers: { cookie: "pressroom_participant=prp_nope", origin: BASE_URL } }))).status, 401);
    const l = await connect(live, id, { headers: { cookie, origin: BASE_URL } });
    assert.equal(l.messages[0].role, "listener");
    assert.equal(l.messages[0].participantId, null);
    await l.close();
  });
});

describe("live call", () => {
  it("sends each viewer its own events, in order; retries change nothing; listeners see nothing under embargo", async () => {
    const { id, accessCode } = await createBriefingVia(live, auth.editor);
    const a = await joinVia(live, id, accessCode, "Nell Ashgrove", "Canal Courier");
    const b = await joinVia(live, id, accessCode, "Tam Osei", "Lock Radio");
    const mod = await connect(live, id, staff("moderator"));
    const op = await connect(live, id, staff("operator"));
    const steno = await connect(live, id, staff("stenographer"));
    const ja = await connect(live, id, asJournalist(a.token));
    const jb = await connect(live, id, asJournalist(b.token));
    const lis = await connect(live, id);
    assert.equal(mod.messages[0].view.speakers.find((s: any) => s.id === "off1").name, "Orla Fennimore");
    assert.equal(op.messages[0].view.speakers.find((s: any) => s.id === "off1").name, null);
    assert.equal(lis.messages[0].view.turns, null);

    assert.equal((await mod.command({ commandId: "m1", type: "open" })).ok, true);
    const ra = await ja.command({ commandId: "a1", type: "raise_hand" });
    assert.equal(ra.ok, true);
    const ownEvents = ja.messages.findIndex((m) => m.type === "events" && m.seq === ra.seq);
    assert.ok(ownEvents >= 0 && ownEvents < ja.messages.findIndex((m) => m.type === "result" && m.commandId === "a1"), "a command's events come before its result");
    const rb = await jb.command({ commandId: "b1", type: "raise_hand" });
    assert.equal(rb.ok, true);
    assert.equal(rb.seq, ra.seq + 1);
    const retry = await jb.command({ commandId: "b1", type: "raise_hand" });
    assert.equal(retry.retried, true);
    assert.equal(retry.seq, rb.seq);
    const refused = await ja.command({ commandId: "a2", type: "raise_hand" });
    assert.deepEqual(refused.error, { code: "PRESSROOM_E_CONFLICT", message: "the hand is already up", reason: "PRESSROOM_E_BRIEFING_HAND_ALREADY_RAISED" });

    await op.next((m) => m.type === "events" && m.seq === rb.seq);
    const opEvents = op.events();
    assert.deepEqual(opEvents.map((e: any) => e.type), ["call_opened", "hand_raised", "hand_raised"]);
    assert.deepEqual(opEvents.map((e: any) => e.seq), [3, 4, 5], "after the two joins (1, 2)");
    const last = op.messages.filter((m) => m.type === "events").at(-1);
    assert.deepEqual(last.status.queue.map((q: any) => [q.name, q.outlet, q.position]), [["Nell Ashgrove", "Canal Courier", 1], ["Tam Osei", "Lock Radio", 2]]);

    const jbLast = await jb.next((m) => m.type === "events" && m.seq === rb.seq);
    assert.deepEqual(jbLast.events.map((e: any) => [e.type, e.participant]), [["hand_raised", b.participantId]]);
    assert.equal(jbLast.status.myPosition, 2);
    assert.equal(jbLast.status.queueLength, 2);
    assert.equal(jbLast.status.queue, null);
    const jaLast = ja.messages.filter((m) => m.type === "events").at(-1);
    assert.equal(jaLast.seq, ra.seq, "B's hand at the back changes nothing for A: no message");
    assert.equal(jaLast.status.myPosition, 1);
    assert.ok(!ja.events().some((e: any) => e.participant === b.participantId && e.type === "hand_raised"));

    const line = await op.command({ commandId: "o1", type: "open_line" });
    assert.equal(line.ok, true);
    await steno.command({ commandId: "s1", type: "add_turn", speaker: a.participantId, text: "Will the canal reopen to barges?" });
    const named = await steno.command({ commandId: "s2", type: "add_turn", speaker: "off1", text: "Yes. As Orla Fennimore said, barges come first." });
    assert.equal(named.ok, true);
    const warning = await steno.next((m) => m.type === "events" && m.events.some((e: any) => e.type === "warning"));
    assert.equal(warning.events.find((e: any) => e.type === "warning").official, "off1");
    await ja.next((m) => m.type === "events" && m.seq >= named.seq);
    const turn = ja.events().find((e: any) => e.type === "turn_added" && e.turn.speaker === "off1");
    assert.equal(turn.turn.label, "SENIOR WATERWAYS OFFICIAL");
    assert.equal(turn.turn.text, "Yes. As Senior Waterways Official said, barges come first.");
    assert.ok(!ja.events().some((e: any) => e.type === "warning"), "warnings are for staff");

    // listeners: only phase changes while embargoed, then the whole view at the close
    assert.deepEqual(lis.events().map((e: any) => e.type), ["call_opened"]);
    assert.ok(lis.messages.every((m) => !JSON.stringify(m).includes("Ashgrove") && !JSON.stringify(m).includes("canal reopen")));
    const closed = await mod.command({ commandId: "m2", type: "close" });
    const view = await lis.next((m) => m.type === "view");
    assert.equal(view.view.embargoLifted, true);
    assert.equal(view.view.turns.length, 3);
    assert.equal(view.view.turns[2].label, "SENIOR WATERWAYS OFFICIAL");
    assert.equal(view.seq, closed.seq);

    // the real name went to the moderator only
    for (const [who, c] of [["operator", op], ["stenographer", steno], ["journalist a", ja], ["journalist b", jb], ["listener", lis]] as const) {
      const all = JSON.stringify(c.messages);
      assert.ok(!all.includes("Fennimore") && !all.includes("Orla"), `${who} was sent the real name`);
    }
    for (const m of [...op.messages, ...ja.messages]) if (m.type === "events") assert.ok(m.events.every((e: any, i: number) => i === 0 || e.seq > m.events[i - 1].seq));
    for (const c of [mod, op, steno, ja, jb, lis]) await c.close();
  });

  it("answers bad input with an error and keeps the connection; listeners cannot command", async () => {
    const { id } = await createBriefingVia(live, auth.editor);
    const lis = await connect(live, id);
    lis.send("{not json");
    assert.equal((await lis.next((m) => m.type === "error")).error.code, "PRESSROOM_E_BAD_REQUEST");
    lis.send({ type: "dance" });
    assert.match((await lis.next((m) => m.type === "error" && /unknown message type/.test(m.error.message))).error.message, /"dance"/);
    lis.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await lis.next((m) => m.type === "error" && /binary/.test(m.error.message));
    lis.send({ type: "command", command: "open" });
    await lis.next((m) => m.type === "error" && /command must be an object/.test(m.error.message));
    const r = await lis.command({ commandId: "x", type: "open" });
    assert.equal(r.ok, false);
    assert.equal(r.error.code, "PRESSROOM_E_FORBIDDEN");
    lis.send({ type: "ping" });
    await lis.next((m) => m.type === "pong");
    assert.equal(lis.closed, null);
    await lis.close();
  });

  it("rate-limits a connection, then closes it with 1008 on repeated abuse", async () => {
    const { id } = await createBriefingVia(live, auth.editor);
    const c = await connect(live, id);
    for (let i = 0; i < 8; i++) c.send({ type: "ping" });
    c.send({ type: "ping" });
    const err = await c.next((m) => m.type === "error");
    assert.equal(err.error.code, "PRESSROOM_E_RATE_LIMITED");
    assert.equal(c.messages.filter((m) => m.type === "pong").length, 8);
    c.send({ type: "ping" });
    c.send({ type: "ping" });
    const closed = await c.waitClose();
    assert.equal(closed.code, 1008);
  });

  it("closes a connection that sends more than 64 KiB at once (1009)", async () => {
    const { id } = await createBriefingVia(live, auth.editor);
    const c = await connect(live, id);
    c.send({ type: "ping", pad: "x".repeat(70 * 1024) });
    assert.equal((await c.waitClose()).code, 1009);
  });

  it("resumes after a reconnect with ?since and with a resume message", async () => {
    const { id, accessCode } = await createBriefingVia(live, auth.editor);
    const j = await joinVia(live, id, accessCode, "Nell Ashgrove", "Canal Courier");
    const mod = await connect(live, id, staff("moderator"));
    await mod.command({ commandId: "m1", type: "open" });
    const op1 = await connect(live, id, staff("operator"));
    const seen = op1.messages[0].seq;
    await op1.close();
    await http(live, "POST", `/api/v1/briefings/${id}/commands`, { commandId: "h1", type: "raise_hand" }, { "x-participant-token": j.token });
    await mod.command({ commandId: "m2", type: "last_question" });
    const op2 = await connect(live, id, { ...staff("operator"), query: `as=operator&since=${seen}` });
    const replay = await op2.next((m) => m.type === "events" && m.replay === true);
    assert.deepEqual(replay.events.map((e: any) => e.type), ["hand_raised", "last_question"]);
    assert.equal(replay.seq, op2.messages[0].seq);
    op2.send({ type: "resume", since: 0 });
    const all = await op2.next((m) => m.type === "events" && m.replay === true && m.events.length > 2);
    assert.deepEqual(all.events.map((e: any) => e.seq), [1, 2, 3, 4], "join, open, hand, last question");
    op2.send({ type: "resume", since: "x" });
    await op2.next((m) => m.type === "error");
    for (const c of [mod, op2]) await c.close();
  });

  it("a journalist's lost connection is a drop; coming back with the token is a rejoin (place kept)", async () => {
    const { id, accessCode } = await createBriefingVia(live, auth.editor);
    const j = await joinVia(live, id, accessCode, "Nell Ashgrove", "Canal Courier");
    const mod = await connect(live, id, staff("moderator"));
    await mod.command({ commandId: "m1", type: "open" });
    const op = await connect(live, id, staff("operator"));
    const c1 = await connect(live, id, asJournalist(j.token));
    await c1.command({ commandId: "h1", type: "raise_hand" });
    const second = await connect(live, id, asJournalist(j.token));
    await c1.close();
    // a second tab is still open: no drop yet
    await new Promise((r) => setTimeout(r, 150));
    assert.ok(!op.events().some((e: any) => e.type === "connection_dropped"));
    second.ws.terminate();
    const dropped = await op.next((m) => m.type === "events" && m.events.some((e: any) => e.type === "connection_dropped"));
    assert.equal(dropped.events[0].participant, j.participantId);
    assert.equal(dropped.status.queue[0].connected, false);
    const back = await connect(live, id, asJournalist(j.token));
    const restored = await op.next((m) => m.type === "events" && m.events.some((e: any) => e.type === "connection_restored"));
    assert.equal(restored.events[0].placeKept, true);
    const mine = await back.next((m) => m.type === "events" && m.events.some((e: any) => e.type === "connection_restored"));
    assert.equal(mine.status.myPosition, 1);
    const state = await live.service.state(id);
    assert.deepEqual(state!.marks.map((m) => m.type), ["dropped", "rejoined"]);
    for (const c of [mod, op, back]) await c.close();
  });

  it("drops a client that stops answering pings", async () => {
    const quick = await startLive({ live: { pingIntervalMs: 100 } });
    try {
      const a = await accounts(quick.store);
      const { id } = await createBriefingVia(quick, a.editor);
      const c = await connect(quick, id);
      (c.ws as unknown as { _socket: { pause(): void } })._socket.pause(); // reads nothing, so answers no ping
      const t0 = Date.now();
      while (quick.hub.size > 0 && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 50));
      assert.equal(quick.hub.size, 0);
      c.ws.terminate();
    } finally {
      await quick.close();
      quick.remove();
    }
  });

  it("an embargo until a time: listeners get the whole view when it lifts, with no command", async () => {
    const { id } = await createBriefingVia(live, auth.editor, { groundRules: { basis: "on_background", attribute_to: "Senior Waterways Official", embargo: { until: Date.now() + 700 } } });
    const mod = await connect(live, id, staff("moderator"));
    const steno = await connect(live, id, staff("stenographer"));
    await mod.command({ commandId: "m1", type: "open" });
    await steno.command({ commandId: "s1", type: "add_turn", speaker: "off1", text: "Good afternoon." });
    const lis = await connect(live, id);
    assert.equal(lis.messages[0].view.turns, null);
    const view = await lis.next((m) => m.type === "view", 5000);
    assert.equal(view.view.embargoLifted, true);
    assert.deepEqual(view.view.turns.map((t: any) => t.text), ["Good afternoon."]);
    await steno.command({ commandId: "s2", type: "add_turn", speaker: "mod", text: "Thanks." });
    const next = await lis.next((m) => m.type === "events" && m.events.some((e: any) => e.type === "turn_added"));
    assert.equal(next.events[0].turn.label, "MODERATOR");
    for (const c of [mod, steno, lis]) await c.close();
  });
});

describe("server restart mid-call", () => {
  it("loses nothing: clients get 1001 (going away), reconnect to the reopened server and resume", async () => {
    let srv = await startLive();
    const shared = memoryTokenStore(); // until the store keeps participant tokens (then it is used instead)
    const tokens = storeTokens(srv.store.briefings) ? undefined : shared;
    await srv.close();
    srv = await startLive({ dir: srv.dir, live: { tokens } });
    try {
      const a = await accounts(srv.store);
      const { id, accessCode } = await createBriefingVia(srv, a.editor);
      const j = await joinVia(srv, id, accessCode, "Nell Ashgrove", "Canal Courier");
      const op = await connect(srv, id, { query: "as=operator", headers: { authorization: a.editor } });
      const mod = await connect(srv, id, { query: "as=moderator", headers: { authorization: a.editor } });
      const jc = await connect(srv, id, asJournalist(j.token));
      await mod.command({ commandId: "m1", type: "open" });
      await jc.command({ commandId: "h1", type: "raise_hand" });
      const seenOp = (await op.next((m) => m.type === "events" && m.seq === 3)).seq; // join 1, open 2, hand 3

      await srv.close();
      for (const c of [op, mod, jc]) assert.equal((await c.waitClose()).code, 1001);

      srv = await startLive({ dir: srv.dir, live: { tokens } });
      const op2 = await connect(srv, id, { query: `as=operator&since=${seenOp}`, headers: { authorization: a.editor } });
      assert.equal(op2.messages[0].seq, 3);
      assert.deepEqual(op2.messages[0].view.queue.map((q: any) => [q.name, q.position, q.connected]), [["Nell Ashgrove", 1, true]]);
      const jc2 = await connect(srv, id, asJournalist(j.token));
      assert.equal(jc2.messages[0].view.myPosition, 1);
      // retry of a command sent before the restart: same result, nothing new
      const retry = await jc2.command({ commandId: "h1", type: "raise_hand" });
      assert.equal(retry.retried, true);
      assert.equal(retry.seq, 3);
      const line = await op2.command({ commandId: "o1", type: "open_line" });
      assert.equal(line.ok, true);
      const got = await jc2.next((m) => m.type === "events" && m.events.some((e: any) => e.type === "line_opened"));
      assert.equal(got.status.current.name, "Nell Ashgrove");
      const state = await srv.service.state(id);
      assert.equal(state!.seq, 5);
      assert.deepEqual(state!.marks, [], "a restart is no drop");
      for (const c of [op2, jc2]) await c.close();
    } finally {
      await srv.close();
      srv.remove();
    }
  });
});

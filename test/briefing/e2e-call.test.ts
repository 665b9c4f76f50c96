/**
 * A whole call driven by real WebSocket clients against a real server (loopback, SQLite):
 * moderator, operator and stenographer consoles, three journalists who join with the access
 * code (one loses their connection and comes back), and two listeners. The script is the one
 * of test/briefing/scripted-call.ts; the published item is checked field by field against
 * what the test did, and scores 1.0 on ../shared/tools/score-transcripts.mjs.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fixedClock } from "../../src/core/clock.js";
import type { Structure } from "../../src/core/transcript-types.js";
import { ROOT, SHARED, tempDir } from "../helpers.js";
import { accounts, connect, createBriefingVia, http, startLive, type Client, type Live } from "./live-fixtures.js";
import { LOG, SETUP, T0 } from "./scripted-call.js";

const clock = fixedClock(T0 - 3_600_000);
let live: Live;
let editor: string;

before(async () => {
  live = await startLive({ clock, live: { messageLimit: { max: 100, windowMs: 10_000 } } });
  editor = (await accounts(live.store)).editor;
});
after(async () => {
  await live.close();
  live.remove();
});

const REAL_NAMES = ["Marta", "Quillfeather", "QUILLFEATHER", "Tobias", "Wrenley"];

/** The structure the script must publish, with the journalists' participant ids as the server gave them. */
function expected(ids: Record<string, string>): Structure {
  const J = (k: string) => ids[k]!;
  return {
    headline: "Background Briefing on the Harbor Accord Talks",
    section: "Office of the Spokesperson",
    kind: "transcript",
    published: "2026-05-04T14:03:15.000Z",
    dateline: "WASHINGTON",
    ground_rules: { basis: "on_background", attribute_to: "Senior State Department Official", embargo: "end of the call" },
    participants: [
      { id: "mod", label: "MODERATOR", role: "moderator", name: null, affiliation: null },
      { id: "op", label: "OPERATOR", role: "operator", name: null, affiliation: null },
      { id: "off1", label: "SENIOR STATE DEPARTMENT OFFICIAL ONE", role: "official", name: null, affiliation: null },
      { id: "off2", label: "SENIOR STATE DEPARTMENT OFFICIAL TWO", role: "official", name: null, affiliation: null },
      { id: J("j1"), label: "QUESTION", role: "questioner", name: "Ada Pemberton", affiliation: "Harbor Daily Ledger" },
      { id: J("j2"), label: "QUESTION", role: "questioner", name: "Bram Okafor", affiliation: "Northwind Radio" },
      { id: J("j3"), label: "QUESTION", role: "questioner", name: "Celia Voss", affiliation: "The Meridian Post" },
    ],
    turns: [
      { index: 0, speaker: "mod", label: "MODERATOR", text: "Thank you, and thank you all for joining. This call is on background: our briefers are Senior State Department Official One and Senior State Department Official Two, and it is embargoed until the end of the call." },
      { index: 1, speaker: "off1", label: "SENIOR STATE DEPARTMENT OFFICIAL ONE", text: "Thanks, everyone. Let me start with where the talks stand." },
      { index: 2, speaker: "op", label: "OPERATOR", text: "The next question is from Ada Pemberton with Harbor Daily Ledger." },
      { index: 3, speaker: J("j1"), label: "QUESTION", text: "Thank you. Can you say whether the accord covers the northern ports?" },
      { index: 4, speaker: "off1", label: "SENIOR STATE DEPARTMENT OFFICIAL ONE", text: "It does. As Senior State Department Official One told our partners last week, the ports are the core of it." },
      { index: 5, speaker: J("j1"), label: "QUESTION", text: "And the timeline?" },
      { index: 6, speaker: "off2", label: "SENIOR STATE DEPARTMENT OFFICIAL TWO", text: "We expect signatures within (inaudible) weeks." },
      { index: 7, speaker: "op", label: "OPERATOR", text: "The next question is from Bram Okafor with Northwind Radio." },
      { index: 8, speaker: J("j2"), label: "QUESTION", text: "Hi, thanks. On the funding: who pays for the dredging?" },
      { index: 9, speaker: "off2", label: "SENIOR STATE DEPARTMENT OFFICIAL TWO", text: "The costs are shared, and nobody is happy about it." },
      { index: 10, speaker: "mod", label: "MODERATOR", text: "We have time for one last question." },
      { index: 11, speaker: "op", label: "OPERATOR", text: "The next question is from Celia Voss with The Meridian Post." },
      { index: 12, speaker: J("j3"), label: "QUESTION", text: "Will the signing take place in the capital?" },
      { index: 13, speaker: "off1", label: "SENIOR STATE DEPARTMENT OFFICIAL ONE", text: "That is still being worked out." },
      { index: 14, speaker: "mod", label: "MODERATOR", text: "Thank you all. The embargo is now lifted." },
    ],
    exchanges: [
      { questioner: J("j1"), question_turns: [3], answer_turns: [4], follow_up: false },
      { questioner: J("j1"), question_turns: [5], answer_turns: [6], follow_up: true },
      { questioner: J("j2"), question_turns: [8], answer_turns: [9], follow_up: false },
      { questioner: J("j3"), question_turns: [12], answer_turns: [13], follow_up: false },
    ],
    events: [
      { turn: 1, type: "dropped", participant: J("j2") },
      { turn: 6, type: "inaudible", participant: "off2" },
      { turn: 6, type: "rejoined", participant: J("j2") },
      { turn: 9, type: "laughter", participant: "mod" },
    ],
    warnings: ["real_name_withheld"],
  };
}

test("a whole call over WebSocket publishes the transcript it ran, field by field, scoring 1.0", async () => {
  clock.set(T0 - 3_600_000);
  const { id, accessCode } = await createBriefingVia(live, editor, SETUP);
  const staff = (as: string) => connect(live, id, { query: `as=${as}`, headers: { authorization: editor } });
  const mod = await staff("moderator");
  const op = await staff("operator");
  const steno = await staff("stenographer");
  const listeners = [await connect(live, id), await connect(live, id)];
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const journalists: Record<string, Client> = {};
  const byRole: Record<string, Client> = { moderator: mod, operator: op, stenographer: steno };
  const dropped: Client[] = [];

  for (const entry of LOG) {
    clock.set(entry.now);
    const { actor, commandId: _c, ...body } = entry.command as unknown as Record<string, any>;
    const cmd: Record<string, any> = { commandId: entry.command.commandId, ...body };
    for (const k of ["speaker", "participant"]) if (typeof cmd[k] === "string" && ids[cmd[k]]) cmd[k] = ids[cmd[k]];
    if (actor.role === "journalist" && cmd.type === "join") {
      const r = await http(live, "POST", `/api/v1/briefings/${id}/participants`, { name: cmd.name, outlet: cmd.outlet, accessCode });
      assert.equal(r.status, 201);
      ids[actor.id] = r.json.participantId;
      tokens[actor.id] = r.json.token;
      journalists[actor.id] = await connect(live, id, { protocols: ["pressroom.v1", `pressroom.token.${r.json.token}`] });
      continue;
    }
    if (actor.role === "system" && cmd.type === "drop") {
      // the line is lost: the server reports the drop itself
      const c = journalists[Object.keys(ids).find((k) => ids[k] === cmd.participant)!]!;
      dropped.push(c);
      c.ws.terminate();
      await op.next((m) => m.type === "events" && m.events.some((e: any) => e.type === "connection_dropped" && e.participant === cmd.participant));
      continue;
    }
    if (actor.role === "journalist" && cmd.type === "rejoin") {
      journalists[actor.id] = await connect(live, id, { protocols: ["pressroom.v1", `pressroom.token.${tokens[actor.id]}`] });
      await op.next((m) => m.type === "events" && m.events.some((e: any) => e.type === "connection_restored" && e.participant === ids[actor.id]));
      continue;
    }
    const client = actor.role === "journalist" ? journalists[actor.id]! : byRole[actor.role]!;
    const r = await client.command(cmd);
    if (cmd.type === "raise_hand" && entry.now === T0 + 161_000) {
      assert.equal(r.ok, false, "a hand after the last question is refused");
      assert.equal(r.error.reason, "PRESSROOM_E_BRIEFING_QUEUE_CLOSED");
    } else assert.equal(r.ok, true, `${cmd.commandId} ${cmd.type}: ${JSON.stringify(r.error)}`);
  }

  // every client saw the close; the listeners saw the transcript only then
  for (const c of [mod, op, steno, ...Object.values(journalists)]) await c.next((m) => m.type === "events" && m.events.some((e: any) => e.type === "call_closed"));
  for (const l of listeners) {
    const view = await l.next((m) => m.type === "view");
    assert.equal(view.view.turns.length, 15);
    const before = l.messages.slice(0, l.messages.indexOf(view));
    assert.deepEqual(before.filter((m) => m.type === "events").flatMap((m) => m.events.map((e: any) => e.type)), ["call_opened", "last_question"]);
    assert.ok(!JSON.stringify(before).includes("Pemberton") && !JSON.stringify(before).includes("ports"), "nothing of the call before the embargo lifted");
  }
  // events arrive in seq order, without gaps, on a staff console that stayed connected
  const seqs = op.events().map((e: any) => e.seq);
  assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1));
  // only the moderator was ever sent an official's real name
  for (const c of [op, steno, ...listeners, ...Object.values(journalists), ...dropped]) {
    const all = JSON.stringify(c.messages);
    for (const n of REAL_NAMES) assert.ok(!all.includes(n), `${n} sent to a ${c.messages[0].role}`);
  }
  assert.ok(JSON.stringify(mod.messages[0]).includes("Quillfeather"), "the moderator's console names the officials");
  // the journalists saw their own positions and the queue only as their own
  const j1Status = journalists.j1!.messages.filter((m) => m.type === "events").map((m) => m.status.queue);
  assert.ok(j1Status.every((q) => q === null));

  // the published item
  await live.service.idle(id);
  const record = await live.service.get(id);
  assert.ok(record?.itemId, "the transcript was published");
  const item = await live.store.get(record.itemId);
  assert.ok(item);
  const want = expected(ids);
  assert.equal(item.kind, "transcript");
  assert.equal(item.headline, want.headline);
  assert.equal(item.section, want.section);
  assert.equal(item.dateline, want.dateline);
  assert.equal(item.published, want.published);
  assert.deepEqual(item.groundRules, { ...want.ground_rules });
  const got = item.transcript!;
  assert.deepEqual(got.participants, want.participants);
  assert.equal(got.turns.length, want.turns.length);
  want.turns.forEach((t, i) => assert.deepEqual(got.turns[i], t, `turn ${i}`));
  assert.deepEqual(got.exchanges, want.exchanges);
  assert.deepEqual(got.events, want.events);
  assert.deepEqual(got.warnings, want.warnings);
  assert.ok(item.body.startsWith("MODERATOR: Thank you, and thank you all for joining."));
  for (const n of REAL_NAMES) assert.ok(!JSON.stringify(item).includes(n), `${n} in the item`);

  // on the questioner and outlet pages, searchable, and on the item page
  const byOutlet = await live.store.questions({ outlet: "Northwind Radio" });
  assert.deepEqual(byOutlet.questions.map((q) => [q.questioner, q.question, q.answer]), [["Bram Okafor", "Hi, thanks. On the funding: who pays for the dredging?", "The costs are shared, and nobody is happy about it."]]);
  const ada = await live.store.questions({ questioner: "Ada Pemberton" });
  assert.deepEqual(ada.questions.map((q) => q.followUp).sort(), [false, true]);
  const found = await live.store.search({ q: "dredging" });
  assert.ok(found.hits.some((h) => h.item.id === item.id));
  const page = await fetch(`${live.url}/items/${item.id}`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.ok(html.includes("Celia Voss"), "questioner on the item page");
  assert.ok(html.includes("The Meridian Post"), "outlet on the item page");
  const listed = await http(live, "GET", "/api/v1/briefings");
  const mine = listed.json.briefings.find((b: any) => b.id === id);
  assert.equal(mine.phase, "closed");
  assert.equal(mine.itemId, item.id);

  // the scorer, against the expected structure as gold
  const { dir, cleanup } = tempDir("pressroom-e2e-call-");
  try {
    mkdirSync(join(dir, "gold"));
    mkdirSync(join(dir, "pred"));
    writeFileSync(join(dir, "gold", "live-call.json"), JSON.stringify({ source: "../pred/live-call.json", ...want }, null, 2));
    writeFileSync(join(dir, "pred", "live-call.json"), JSON.stringify(got, null, 2));
    const r = spawnSync(process.execPath, [join(SHARED, "tools", "score-transcripts.mjs"), "--gold", join(dir, "gold"), "--pred", join(dir, "pred"), "--json"], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.documents.length, 1);
    assert.equal(out.documents[0].error, null);
    for (const [k, v] of Object.entries(out.totals)) assert.equal(v, 1, `${k} is ${v}`);
    assert.equal(out.score, 1);
  } finally {
    cleanup();
  }
  for (const c of [mod, op, steno, ...listeners, ...Object.values(journalists)]) await c.close();
});

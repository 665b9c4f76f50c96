/**
 * Publishing a live briefing's transcript on close, through the service, on a real SQLite
 * store: the item is a transcript with the call's questioners and outlets, searchable; an
 * embargo given as a time holds it (in no public read) until the release; publishing again
 * changes nothing; a publication missed by a restart is done by `start()`; and no official's
 * real name is in any public table.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assembleTranscript, createBriefing, type BriefingSetup, type BriefingState } from "../../src/briefing/index.js";
import { createBriefingService } from "../../src/briefing/service.js";
import { createTranscriptPublisher, transcriptItemInput } from "../../src/briefing/publish.js";
import { fixedClock, type Clock } from "../../src/core/clock.js";
import { openTestStore, rawQuery, TEST_DIALECT } from "../db.js";
import type { Store } from "../../src/store/store.js";
import { LOG, SETUP, T0 } from "./scripted-call.js";

const REAL_NAMES = ["Quillfeather", "Marta", "Wrenley", "Tobias"];

async function withStore(clock: Clock, fn: (open: () => Promise<Store>) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "pressroom-b1-pub-"));
  const opened: Store[] = [];
  try {
    await fn(async () => { const s = await openTestStore({ file: join(dir, "test.db"), clock }); opened.push(s); return s; });
  } finally {
    for (const s of opened) await s.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run the scripted call through a service with the publisher; returns the briefing id. */
async function runCall(store: Store, clock: ReturnType<typeof fixedClock>, setup: BriefingSetup, publish = true): Promise<string> {
  const service = createBriefingService({
    store: store.briefings, clock, timers: false,
    ...(publish ? { publish: createTranscriptPublisher(store, clock) } : {}),
    onError: (m, d) => assert.fail(`${m} ${JSON.stringify(d)}`),
  });
  const id = (await service.create(setup, { userId: null })).record.id;
  for (const e of LOG) {
    clock.set(e.now);
    await service.command(id, e.command);
  }
  await service.idle(id);
  await service.close();
  return id;
}

/** Every text cell of the public tables (and the held ones and the audit log), lower-cased, for the real-name check. */
async function publicText(store: Store): Promise<string> {
  const parts: string[] = [];
  const tables = ["items", "item_versions", "questions", "held_items", "item_originals", "audit_log", ...(TEST_DIALECT === "sqlite" ? ["items_fts", "questions_fts"] : [])];
  for (const table of tables) {
    const exists = TEST_DIALECT === "sqlite"
      ? await rawQuery(store, "SELECT name FROM sqlite_master WHERE name = ?", [table])
      : await rawQuery(store, "SELECT tablename FROM pg_tables WHERE tablename = ? AND schemaname = current_schema()", [table]);
    if (exists.length === 0) continue;
    // tsvector columns (PostgreSQL) come back as text of their lexemes
    parts.push(JSON.stringify(await rawQuery(store, `SELECT * FROM ${table}`)));
  }
  return parts.join("\n").toLowerCase();
}

/** Real names as they would show in any of those cells (lower case; stems for the full-text lexemes). */
const NAME_STEMS = ["quillfeath", "marta", "wrenley", "tobia"];

test("on close the transcript is on the wire: structure, questioners and outlets, search; no real name stored; publishing again changes nothing", async () => {
  const clock = fixedClock(T0 - 60_000);
  await withStore(clock, async (open) => {
    const store = await open();
    const id = await runCall(store, clock, SETUP);
    const record = await store.briefings.get(id);
    assert.ok(record?.itemId);
    const item = await store.get(record.itemId);
    assert.ok(item);
    const state = (await store.briefings.state(id))!;
    assert.equal(item.kind, "transcript");
    assert.equal(item.headline, SETUP.title);
    assert.equal(item.section, SETUP.section);
    assert.equal(item.dateline, "WASHINGTON");
    assert.equal(item.published, "2026-05-04T14:03:15.000Z");
    assert.equal(item.identity, `briefing:${id}`);
    assert.equal(item.postedAt, T0 + 195_000);
    assert.deepEqual(item.groundRules, { basis: "on_background", attribute_to: "Senior State Department Official", embargo: "end of the call" });
    assert.deepEqual(item.transcript, assembleTranscript(state));
    assert.deepEqual(item.flags, ["leaked_background_name"]);
    const paras = item.body.split("\n\n");
    assert.equal(paras.length, state.turns.length);
    assert.equal(paras[2], "OPERATOR: The next question is from Ada Pemberton with Harbor Daily Ledger.");
    assert.equal(paras[4], "SENIOR STATE DEPARTMENT OFFICIAL ONE: It does. As Senior State Department Official One told our partners last week, the ports are the core of it.");

    // Questioner and outlet pages.
    const questioners = await store.questioners();
    assert.deepEqual(questioners.map((q) => [q.name, q.outlet, q.count]).sort(), [
      ["Ada Pemberton", "Harbor Daily Ledger", 2], ["Bram Okafor", "Northwind Radio", 1], ["Celia Voss", "The Meridian Post", 1],
    ]);
    assert.deepEqual((await store.outlets()).map((o) => o.name).sort(), ["Harbor Daily Ledger", "Northwind Radio", "The Meridian Post"]);
    const ada = await store.questions({ questioner: "Ada Pemberton" });
    assert.equal(ada.total, 2);
    const first = ada.questions.find((q) => !q.followUp)!;
    assert.equal(first.itemId, item.id);
    assert.equal(first.question, "Thank you. Can you say whether the accord covers the northern ports?");
    assert.match(first.answer, /^It does\./);
    assert.equal(ada.questions.find((q) => q.followUp)!.question, "And the timeline?");
    const bram = await store.questions({ outlet: "Northwind Radio" });
    assert.equal(bram.questions[0]!.question, "Hi, thanks. On the funding: who pays for the dredging?");

    // Search.
    const hits = await store.search({ q: "dredging" });
    assert.equal(hits.total, 1);
    assert.equal(hits.hits[0]!.item.id, item.id);
    for (const name of REAL_NAMES) assert.equal((await store.search({ q: name })).total, 0, name);
    const text = await publicText(store);
    assert.ok(text.includes("harbor accord") && text.includes("dredg")); // the check reads the tables
    for (const name of NAME_STEMS) assert.ok(!text.includes(name), `${name} in a public table`);

    // Publishing again: same item, no new version.
    const again = await createTranscriptPublisher(store, clock)(id, state);
    assert.equal(again.itemId, item.id);
    assert.equal((await store.get(item.id))!.version, 1);
  });
});

test("an embargo given as a time holds the transcript (no public read sees it) until the release task publishes it at that time", async () => {
  const clock = fixedClock(T0 - 60_000);
  await withStore(clock, async (open) => {
    const store = await open();
    const until = T0 + 2 * 3_600_000;
    const id = await runCall(store, clock, { ...SETUP, groundRules: { ...SETUP.groundRules, embargo: { until } } });
    const itemId = (await store.briefings.get(id))!.itemId!;
    assert.ok(itemId);
    assert.equal(await store.get(itemId), null);
    assert.equal((await store.search({ q: "dredging" })).total, 0);
    assert.equal((await store.questions({ questioner: "Ada Pemberton" })).total, 0);
    assert.deepEqual(await store.questioners(), []);
    assert.equal((await store.list({ limit: 10 })).items.length, 0);
    const held = await store.editorial.getHeld(itemId);
    assert.equal(held?.status, "embargoed");
    assert.equal(held?.releaseAt, until);
    assert.equal(held?.input.groundRules.embargo, new Date(until).toISOString());
    // Publishing again while held: still the one held item.
    const state = (await store.briefings.state(id))!;
    assert.equal((await createTranscriptPublisher(store, clock)(id, state)).itemId, itemId);
    assert.equal((await store.editorial.listHeld()).length, 1);

    assert.deepEqual(await store.editorial.releaseDue(until - 1), []);
    clock.set(until + 5_000);
    const rel = await store.editorial.releaseDue(clock.now());
    assert.deepEqual(rel.map((r) => [r.id, r.postedAt]), [[itemId, until]]);
    const item = await store.get(itemId);
    assert.equal(item?.kind, "transcript");
    assert.equal((await store.search({ q: "dredging" })).total, 1);
    assert.equal((await store.questions({ questioner: "Ada Pemberton" })).total, 2);
    // After the release, publishing again finds the published item.
    assert.equal((await createTranscriptPublisher(store, clock)(id, state)).itemId, itemId);
    const text = await publicText(store);
    for (const name of NAME_STEMS) assert.ok(!text.includes(name), `${name} in a public table`);
  });
});

test("a real name in the moderator's title is replaced on background; a publication missed by a restart is done by start()", async () => {
  const clock = fixedClock(T0 - 60_000);
  await withStore(clock, async (open) => {
    let store = await open();
    const setup: BriefingSetup = { ...SETUP, title: "Background Briefing with Marta Quillfeather on the Harbor Accord" };
    assert.equal(transcriptItemInput("bx", createBriefing(setup) as BriefingState).headline, "Background Briefing with Senior State Department Official One on the Harbor Accord");
    // The call closes while no publisher is wired (as if the process died right after the close).
    const id = await runCall(store, clock, setup, false);
    assert.equal((await store.briefings.get(id))!.itemId, null);
    assert.deepEqual((await store.briefings.unpublished()).map((r) => r.id), [id]);
    await store.close();
    store = await open();
    const service = createBriefingService({ store: store.briefings, clock, timers: false, publish: createTranscriptPublisher(store, clock), onError: (m, d) => assert.fail(`${m} ${JSON.stringify(d)}`) });
    await service.start();
    await service.idle();
    const itemId = (await store.briefings.get(id))!.itemId;
    assert.ok(itemId);
    const item = await store.get(itemId);
    assert.equal(item!.headline, "Background Briefing with Senior State Department Official One on the Harbor Accord");
    assert.deepEqual(await store.briefings.unpublished(), []);
    const text = await publicText(store);
    for (const name of NAME_STEMS) assert.ok(!text.includes(name), `${name} in a public table`);
    await service.close();
  });
});

test("a publication that fails is reported and tried again by a timer, then recorded", async () => {
  const clock = fixedClock(T0 - 60_000);
  await withStore(clock, async (open) => {
    const store = await open();
    const pending: { fn: () => void; ms: number }[] = [];
    const timers = { setTimeout: (fn: () => void, ms: number) => { const t = { fn, ms }; pending.push(t); return t; }, clearTimeout: (h: unknown) => { const i = pending.indexOf(h as never); if (i >= 0) pending.splice(i, 1); } };
    const real = createTranscriptPublisher(store, clock);
    let calls = 0;
    const errors: Record<string, unknown>[] = [];
    const service = createBriefingService({
      store: store.briefings, clock, timers,
      publish: async (id, state) => { if (++calls === 1) throw new Error("disk full"); return real(id, state); },
      onError: (_m, d) => errors.push(d),
    });
    const id = (await service.create(SETUP, { userId: null })).record.id;
    for (const e of LOG) {
      clock.set(e.now);
      await service.command(id, e.command);
    }
    await service.idle(id);
    assert.equal(calls, 1);
    assert.equal((await store.briefings.get(id))!.itemId, null);
    assert.deepEqual(errors.map((e) => [e.briefing, e.attempt, e.retry, e.error]), [[id, 1, true, "disk full"]]);
    const retry = pending.find((t) => t.ms === 30_000);
    assert.ok(retry, `timers: ${pending.map((t) => t.ms).join(", ")}`);
    retry.fn();
    await service.idle(id);
    assert.equal(calls, 2);
    const itemId = (await store.briefings.get(id))!.itemId;
    assert.ok(itemId && (await store.get(itemId))?.kind === "transcript");
    await service.close();
  });
});

test("a call closed before it opened, or with no turn left, publishes nothing (no item, no retry), also after a restart", async () => {
  const clock = fixedClock(T0);
  await withStore(clock, async (open) => {
    const store = await open();
    let calls = 0;
    const real = createTranscriptPublisher(store, clock);
    const mk = () => createBriefingService({
      store: store.briefings, clock, timers: false,
      publish: async (id, state) => { calls++; return real(id, state); },
      onError: (m, d) => assert.fail(`${m} ${JSON.stringify(d)}`),
    });
    const service = mk();
    const MODA = { id: "mod", role: "moderator" as const };
    const STENOA = { id: "steno", role: "stenographer" as const };
    const never = (await service.create(SETUP, { userId: null })).record.id;
    const closedNever = await service.command(never, { commandId: "c", actor: MODA, type: "close" });
    assert.ok(closedNever.ok, JSON.stringify(closedNever));
    const retracted = (await service.create(SETUP, { userId: null })).record.id;
    for (const c of [
      { commandId: "o", actor: MODA, type: "open" },
      { commandId: "t", actor: STENOA, type: "add_turn", speaker: "off1", text: "Testing, one two." },
      { commandId: "r", actor: STENOA, type: "retract_last_turn" },
      { commandId: "c", actor: MODA, type: "close" },
    ]) assert.ok((await service.command(retracted, c)).ok, c.commandId);
    await service.idle();
    assert.equal(calls, 0);
    assert.equal(Number((await rawQuery<{ n: number | string }>(store, "SELECT count(*) AS n FROM items"))[0]!.n), 0);
    assert.equal((await store.briefings.get(never))!.phase, "closed");
    assert.equal((await store.briefings.get(never))!.itemId, null);
    await service.close();
    const again = mk();
    await again.start();
    await again.idle();
    assert.equal(calls, 0);
    assert.equal(Number((await rawQuery<{ n: number | string }>(store, "SELECT count(*) AS n FROM items"))[0]!.n), 0);
    await again.close();
  });
});

/** Held items, release (and catch-up after downtime), versions and withdrawal on a real SQLite store. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedClock } from "../../src/core/clock.js";
import { item, briefing, tempStore } from "../store/fixtures.js";

const T0 = Date.parse("2026-05-01T12:00:00Z");
const H = 3_600_000;

test("a held item is in no public table until released; release keeps its id and posts it at release_at", async () => {
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    await store.upsert(item({ identity: "guid:public-one", headline: "Harbor Opens Early", section: "Harbor" }));
    const held = await store.editorial.hold({
      input: item({ identity: "guid:secret", headline: "Lighthouse Budget Doubles", section: "Lighthouse", body: "The lanternfish fund grows by half." }),
      status: "embargoed", releaseAt: T0 + 2 * H, embargo: "EMBARGOED UNTIL ...",
    }, "editor1");
    assert.equal(held.status, "held");
    const id = held.held.id;
    assert.match(id, /^lighthouse-budget-doubles-[0-9a-f]{8}$/);
    assert.equal(await store.get(id), null);
    assert.equal((await store.list({ limit: 100 })).items.length, 1);
    assert.equal((await store.search({ q: "lanternfish" })).total, 0);
    assert.equal((await store.search({ q: "Lighthouse" })).total, 0);
    const s = await store.stats(T0);
    assert.equal(s.items, 1);
    assert.deepEqual(s.sections, { Harbor: 1 });
    assert.deepEqual((await store.sections()).map((x) => x.name), ["Harbor"]);

    // Not due yet.
    assert.deepEqual(await store.editorial.releaseDue(T0 + H), []);
    // "Downtime": the clock jumps past release_at; one run catches up.
    clock.set(T0 + 5 * H);
    const rel = await store.editorial.releaseDue(clock.now());
    assert.deepEqual(rel, [{ id, version: 1, was: "embargoed", postedAt: T0 + 2 * H }]);
    const got = await store.get(id);
    assert.ok(got);
    assert.equal(got.id, id);
    assert.equal(got.postedAt, T0 + 2 * H);
    assert.equal(got.version, 1);
    assert.equal(got.pubstatus, "usable");
    assert.equal(await store.editorial.getHeld(id), null);
    assert.equal((await store.search({ q: "lanternfish" })).total, 1);
    assert.equal((await store.stats(clock.now())).items, 2);
    assert.deepEqual((await store.sections()).map((x) => x.name), ["Harbor", "Lighthouse"]);
    // Running again changes nothing.
    assert.deepEqual(await store.editorial.releaseDue(clock.now()), []);
    const audit = await store.accounts.audit.list({ itemId: id });
    assert.deepEqual(audit.entries.map((e) => e.action).sort(), ["item.hold", "item.release"]);
  } finally {
    await done();
  }
});

test("withheld items wait for an editor; scheduled ones release at their time; held ids never collide", async () => {
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    const w = await store.editorial.hold({ input: item({ identity: "guid:w", headline: "Same Headline" }), status: "withheld", releaseAt: null }, "ed");
    const s = await store.editorial.hold({ input: item({ identity: "guid:s", headline: "Scheduled Notice" }), status: "scheduled", releaseAt: T0 + H }, "ed");
    await assert.rejects(store.editorial.hold({ input: item({ identity: "guid:x" }), status: "scheduled", releaseAt: null }), { code: "PRESSROOM_E_BAD_REQUEST" });
    await assert.rejects(store.editorial.hold({ input: item({ identity: "guid:y" }), status: "withheld", releaseAt: T0 }), { code: "PRESSROOM_E_BAD_REQUEST" });
    assert.deepEqual((await store.editorial.listHeld()).map((h) => h.id), [s.held.id, w.held.id]);
    clock.set(T0 + 10 * H);
    assert.deepEqual((await store.editorial.releaseDue(clock.now())).map((r) => r.id), [s.held.id]);
    assert.ok(await store.editorial.getHeld(w.held.id));
    const r = await store.editorial.releaseNow(w.held.id, "ed");
    assert.equal(r.id, w.held.id);
    assert.equal(r.postedAt, clock.now());
    assert.equal((await store.get(w.held.id))?.postedAt, clock.now());
    // Held ids and public ids come from one space: a held item never takes a public id and vice versa.
    const a = await store.editorial.hold({ input: item({ identity: "guid:collide", headline: "Collide" }), status: "withheld", releaseAt: null });
    const pub = await store.upsert(item({ identity: "guid:collide-2", headline: "Collide" }));
    assert.notEqual(a.held.id, pub.id);
  } finally {
    await done();
  }
});

test("re-holding the same identity updates the held row; unchanged content is unchanged", async () => {
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    const input = item({ identity: "guid:again", headline: "Again" });
    const a = await store.editorial.hold({ input, status: "embargoed", releaseAt: T0 + H });
    const b = await store.editorial.hold({ input, status: "embargoed", releaseAt: T0 + H });
    assert.equal(b.status, "unchanged");
    const c = await store.editorial.hold({ input: item({ identity: "guid:again", headline: "Again", body: "New words." }), status: "embargoed", releaseAt: T0 + 2 * H });
    assert.equal(c.status, "updated");
    assert.equal(c.held.id, a.held.id);
    assert.equal(c.held.releaseAt, T0 + 2 * H);
    assert.equal((await store.editorial.listHeld()).length, 1);
  } finally {
    await done();
  }
});

test("corrections are new versions with notes; withdrawal is a canceled version without body, out of search", async () => {
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    const first = await store.upsert(briefing("guid:brief"));
    const before = await store.get(first.id);
    assert.ok(before);
    clock.set(T0 + H);
    const corrected = await store.editorial.correct(first.id, { ...briefing("guid:brief"), body: before.body.replace("autumn", "spring") }, { note: "Corrected the season", changedBy: "ed" }, "ed");
    assert.deepEqual(corrected, { status: "updated", id: first.id, version: 2 });
    const v2 = await store.get(first.id);
    assert.equal(v2?.note, "Corrected the season");
    assert.equal(v2?.changedBy, "ed");
    assert.equal(v2?.updatedAt, T0 + H);
    assert.equal(v2?.postedAt, T0);
    // Same text again is still a new version (never a silent edit), numbered in order.
    const again = await store.editorial.correct(first.id, { ...briefing("guid:brief"), body: before.body.replace("autumn", "spring") }, { note: "Clarified", changedBy: "ed" }, "ed");
    assert.equal(again.version, 3);
    await assert.rejects(store.editorial.correct(first.id, briefing("guid:brief"), { note: " ", changedBy: "ed" }, "ed"), { code: "PRESSROOM_E_BAD_REQUEST" });
    await assert.rejects(store.editorial.correct("no-such", briefing("guid:brief"), { note: "x", changedBy: "ed" }, "ed"), { code: "PRESSROOM_E_NOT_FOUND" });
    assert.equal((await store.search({ q: "lighthouse" })).total, 1);
    assert.equal((await store.questions({})).total, 2);

    clock.set(T0 + 2 * H);
    const w = await store.editorial.withdraw(first.id, "Released in error", "ed");
    assert.equal(w.version, 4);
    const gone = await store.get(first.id);
    assert.equal(gone?.pubstatus, "canceled");
    assert.equal(gone?.body, "");
    assert.equal(gone?.transcript, null);
    assert.equal(gone?.note, "Released in error");
    assert.equal((await store.search({ q: "lighthouse" })).total, 0);
    assert.equal((await store.search({ q: "subsidy" })).total, 0);
    assert.equal((await store.questions({})).total, 0);
    const listed = (await store.list({ limit: 10 })).items[0];
    assert.equal(listed?.pubstatus, "canceled");
    assert.equal(listed?.excerpt, "Withdrawn: Released in error");
    await assert.rejects(store.editorial.withdraw(first.id, "again", "ed"), { code: "PRESSROOM_E_CONFLICT" });
    await assert.rejects(store.editorial.correct(first.id, briefing("guid:brief"), { note: "x", changedBy: "ed" }, "ed"), { code: "PRESSROOM_E_CONFLICT" });
    // A re-import of the source (changed or not) leaves a withdrawn item withdrawn.
    assert.equal((await store.upsert({ ...briefing("guid:brief"), contentHash: "changed" })).status, "unchanged");
    const versions = await store.editorial.versions(first.id);
    assert.deepEqual(versions.map((v) => [v.version, v.pubstatus, v.note]), [[1, "usable", null], [2, "usable", "Corrected the season"], [3, "usable", "Clarified"], [4, "canceled", "Released in error"]]);
    // The earlier versions stay on record.
    assert.match((await store.getVersion(first.id, 1))?.body ?? "", /autumn/);
    const actions = (await store.accounts.audit.list({ itemId: first.id })).entries.map((e) => e.action).sort();
    assert.deepEqual(actions, ["item.correct", "item.correct", "item.withdraw"]);
  } finally {
    await done();
  }
});

test("a held new version of a published item replaces it on release (same id, next version)", async () => {
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    const pub = await store.upsert(item({ identity: "guid:pub", headline: "Ferry Timetable" }));
    const h = await store.editorial.hold({ input: item({ identity: "guid:pub", headline: "Ferry Timetable", body: "Night crossings added." }), status: "embargoed", releaseAt: T0 + H, note: "Night crossings" });
    assert.equal(h.held.targetId, pub.id);
    assert.notEqual(h.held.id, pub.id);
    assert.doesNotMatch((await store.get(pub.id))?.body ?? "", /Night crossings/);
    clock.set(T0 + 2 * H);
    const rel = await store.editorial.releaseDue(clock.now());
    assert.deepEqual(rel.map((r) => [r.id, r.version]), [[pub.id, 2]]);
    const got = await store.get(pub.id);
    assert.equal(got?.body, "Night crossings added.");
    assert.equal(got?.note, "Night crossings");
    assert.equal(got?.postedAt, T0);
  } finally {
    await done();
  }
});

test("the release task of the background runner releases what is due (worker --once)", async () => {
  const { backgroundTasks } = await import("../../src/worker/tasks.js");
  const { runTasksOnce } = await import("../../src/worker/runner.js");
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    const h = await store.editorial.hold({ input: item({ identity: "guid:task", headline: "Task Release" }), status: "embargoed", releaseAt: T0 + H });
    const release = backgroundTasks().filter((t) => t.name === "release");
    assert.equal(release.length, 1);
    assert.equal(release[0]?.intervalMs, 1000);
    const logs: string[] = [];
    await runTasksOnce(release, { store, clock, log: (m) => logs.push(m) });
    assert.equal(await store.get(h.held.id), null);
    clock.set(T0 + 2 * H);
    await runTasksOnce(release, { store, clock, log: (m) => logs.push(m) });
    assert.equal((await store.get(h.held.id))?.postedAt, T0 + H);
    assert.deepEqual(logs, [`released ${h.held.id} (was embargoed, posted ${new Date(T0 + H).toISOString()})`]);
  } finally {
    await done();
  }
});

/**
 * The item store on the database of this run (dialect matrix, `test/db.ts`): upsert, versions,
 * get, lists with cursors and filters, counters, sections, questions, questioners, outlets.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedClock } from "../../src/core/clock.js";
import { isPressroomError } from "../../src/core/errors.js";
import { briefing, item, tempStore } from "./fixtures.js";

const T0 = Date.parse("2025-03-01T12:00:00Z");
const H = 3_600_000;
const D = 24 * H;

test("upsert: new, unchanged, new version; versions kept; posted_at stays", async () => {
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    const a = item({ identity: "guid:one", headline: "Harbor Authority Opens New Pier", body: "First text.", section: "Port Office" });
    const r1 = await store.upsert(a);
    assert.equal(r1.status, "imported");
    assert.equal(r1.version, 1);
    assert.match(r1.id, /^harbor-authority-opens-new-pier-[0-9a-f]{8}$/);

    clock.set(T0 + H);
    const r2 = await store.upsert(a);
    assert.deepEqual(r2, { status: "unchanged", id: r1.id, version: 1 });
    assert.equal((await store.get(r1.id))!.updatedAt, T0, "unchanged does not touch updated_at");

    clock.set(T0 + 2 * H);
    const b = item({ identity: "guid:one", headline: "Harbor Authority Opens New Pier (Corrected)", body: "Second text.", section: "Port Office" });
    const r3 = await store.upsert(b);
    assert.deepEqual(r3, { status: "updated", id: r1.id, version: 2 });

    const cur = (await store.get(r1.id))!;
    assert.equal(cur.version, 2);
    assert.equal(cur.body, "Second text.");
    assert.equal(cur.headline, b.headline);
    assert.equal(cur.postedAt, T0, "posted_at is the first posting time");
    assert.equal(cur.updatedAt, T0 + 2 * H);
    assert.equal(cur.id, r1.id, "id never changes");

    const v1 = (await store.getVersion(r1.id, 1))!;
    assert.equal(v1.body, "First text.");
    assert.equal(v1.headline, a.headline);
    assert.equal(v1.contentHash, a.contentHash);
    assert.equal(v1.updatedAt, T0);
    assert.equal(await store.getVersion(r1.id, 3), null);
    assert.equal(await store.get("no-such-id"), null);

    // Going back to the first content is still a new version, never an overwrite.
    clock.set(T0 + 3 * H);
    assert.equal((await store.upsert(a)).version, 3);
    assert.equal((await store.getVersion(r1.id, 2))!.body, "Second text.");
  } finally {
    await done();
  }
});

test("item fields round-trip, transcript JSON kept per version, publishedAt derived", async () => {
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    const input = briefing("urn:briefing:1");
    const r = await store.upsert(input);
    const got = (await store.get(r.id))!;
    assert.deepEqual(got.transcript, input.transcript);
    assert.deepEqual(got.source, input.source);
    assert.deepEqual(got.groundRules, input.groundRules);
    assert.equal(got.publishedAt, Date.parse("2024-05-02T00:00:00Z"));
    assert.equal(got.kind, "transcript");

    const withOffset = await store.upsert(item({ identity: "x:offset", published: "2024-05-02T10:30:00-04:00" }));
    assert.equal((await store.get(withOffset.id))!.publishedAt, Date.parse("2024-05-02T14:30:00Z"));
    const junk = await store.upsert(item({ identity: "x:junk", published: "sometime in May" }));
    const j = (await store.get(junk.id))!;
    assert.equal(j.publishedAt, null);
    assert.equal(j.published, "sometime in May");
  } finally {
    await done();
  }
});

test("ids are URL-safe and stay unique for identical headlines", async () => {
  const { store, done } = await tempStore(fixedClock(T0));
  try {
    const ids = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const r = await store.upsert(item({ identity: `same-headline-${i}`, headline: "Statement on Café Ünïcode & Things!" }));
      assert.match(r.id, /^[a-z0-9-]+$/);
      ids.add(r.id);
    }
    assert.equal(ids.size, 30);
    const emoji = await store.upsert(item({ identity: "emoji-only", headline: "🎉🎉" }));
    assert.match(emoji.id, /^[0-9a-f]{8}$/);
  } finally {
    await done();
  }
});

test("stats: rolling counters with a fixed clock; sections and kinds", async () => {
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    const now = T0 + 1000 * D;
    const at = async (ms: number, identity: string, section: string | null, kind: "press_release" | "statement" = "press_release") => {
      clock.set(ms);
      await store.upsert(item({ identity, section, kind }));
    };
    await at(now - 23 * H, "a", "Port Office");
    await at(now - 25 * H, "b", "Port Office", "statement");
    await at(now - 364 * D, "c", "Rail Desk");
    await at(now - 366 * D, "d", null, "statement");
    const s = await store.stats(now);
    assert.equal(s.items, 4);
    assert.equal(s.last24h, 1);
    assert.equal(s.last365d, 3);
    assert.deepEqual(s.sections, { "Port Office": 2, "Rail Desk": 1 });
    assert.deepEqual(s.kinds, { press_release: 2, statement: 2 });

    // A new version does not move posting time, so counters do not change.
    clock.set(now);
    await store.upsert(item({ identity: "d", body: "changed", section: null, kind: "statement" }));
    const s2 = await store.stats(now);
    assert.equal(s2.last24h, 1);
    assert.equal(s2.last365d, 3);

    const empty = await tempStore(clock);
    assert.deepEqual(await empty.store.stats(now), { items: 0, last24h: 0, last365d: 0, sections: {}, kinds: {} });
    await empty.done();
  } finally {
    await done();
  }
});

test("sections: slugs lowercase, hyphenated, unique; filter by name or slug", async () => {
  const { store, done } = await tempStore(fixedClock(T0));
  try {
    await store.upsert(item({ identity: "s1", section: "Office of the Spokesperson" }));
    await store.upsert(item({ identity: "s2", section: "Office of the Spokesperson" }));
    await store.upsert(item({ identity: "s3", section: "Bureau of Ports & Rails" }));
    await store.upsert(item({ identity: "s4", section: "Bureau of Ports and Rails" }));
    const secs = await store.sections();
    assert.deepEqual(secs, [
      { name: "Bureau of Ports & Rails", slug: "bureau-of-ports-and-rails", count: 1 },
      { name: "Bureau of Ports and Rails", slug: "bureau-of-ports-and-rails-2", count: 1 },
      { name: "Office of the Spokesperson", slug: "office-of-the-spokesperson", count: 2 },
    ]);
    assert.equal((await store.list({ section: "office-of-the-spokesperson" })).items.length, 2);
    assert.equal((await store.list({ section: "Office of the Spokesperson" })).items.length, 2);
    assert.equal((await store.list({ section: "bureau-of-ports-and-rails-2" })).items[0]!.section, "Bureau of Ports and Rails");
    assert.equal((await store.list({ section: "nope" })).items.length, 0);
  } finally {
    await done();
  }
});

test("list: cursor pagination walks every item exactly once, newest first, ties by id", async () => {
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    for (let i = 0; i < 47; i++) {
      clock.set(T0 + Math.floor(i / 3) * 1000); // groups of three share a posting time
      await store.upsert(item({ identity: `p${i}`, kind: i % 2 ? "statement" : "press_release" }));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    const prev: { postedAt: number; id: string }[] = [];
    do {
      const page = await store.list({ limit: 5, ...(cursor ? { cursor } : {}) });
      pages++;
      for (const it of page.items) {
        seen.push(it.id);
        prev.push({ postedAt: it.postedAt, id: it.id });
        assert.equal(typeof it.excerpt, "string");
        assert.equal((it as unknown as Record<string, unknown>).body, undefined);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.equal(pages, 10);
    assert.equal(seen.length, 47);
    assert.equal(new Set(seen).size, 47);
    for (let i = 1; i < prev.length; i++) {
      const a = prev[i - 1]!, b = prev[i]!;
      assert.ok(a.postedAt > b.postedAt || (a.postedAt === b.postedAt && a.id > b.id), "ordered by posted desc, id desc");
    }
    // Filtered walk.
    let n = 0;
    for await (const it of store.listAll({ kind: "statement" })) { assert.equal(it.kind, "statement"); n++; }
    assert.equal(n, 23);
    let all = 0;
    for await (const _ of store.listAll()) all++;
    assert.equal(all, 47);
  } finally {
    await done();
  }
});

test("list: bad cursor and bad limit are PRESSROOM_E_BAD_REQUEST", async () => {
  const { store, done } = await tempStore(fixedClock(T0));
  try {
    await store.upsert(item({ identity: "only" }));
    for (const cursor of ["", "!!!", "bm90IGpzb24", Buffer.from("[1]").toString("base64url"), Buffer.from('["x","y"]').toString("base64url"), "a".repeat(1000)]) {
      await assert.rejects(store.list({ cursor }), (e) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST"), `cursor ${cursor.slice(0, 20)}`);
    }
    for (const limit of [0, 101, 1.5, Number.NaN]) {
      await assert.rejects(store.list({ limit }), (e) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST"));
    }
  } finally {
    await done();
  }
});

test("list: date filters use published_at, falling back to posted_at", async () => {
  const clock = fixedClock(Date.parse("2024-06-01T00:00:00Z"));
  const { store, done } = await tempStore(clock);
  try {
    await store.upsert(item({ identity: "jan", published: "2024-01-15" }));
    await store.upsert(item({ identity: "mar", published: "2024-03-15T09:00:00Z" }));
    await store.upsert(item({ identity: "none" })); // falls back to posted: 2024-06-01
    const ids = async (from?: number, to?: number) =>
      (await store.list({ ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) })).items.map((i) => i.identity).sort();
    assert.deepEqual(await ids(Date.parse("2024-02-01T00:00:00Z")), ["mar", "none"]);
    assert.deepEqual(await ids(undefined, Date.parse("2024-03-31T00:00:00Z")), ["jan", "mar"]);
    assert.deepEqual(await ids(Date.parse("2024-05-31T00:00:00Z"), Date.parse("2024-06-02T00:00:00Z")), ["none"]);
  } finally {
    await done();
  }
});

test("questions: exchanges stored on upsert, replaced on new version, filters", async () => {
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    const b = briefing("urn:briefing:q");
    const r = await store.upsert(b);
    let page = await store.questions({});
    assert.equal(page.total, 2);
    assert.equal(page.questions.length, 2);
    const q0 = page.questions.find((q) => q.exchange === 0)!;
    assert.equal(q0.itemId, r.id);
    assert.equal(q0.questioner, "Rui Sample");
    assert.equal(q0.outlet, "Harbor Gazette");
    assert.equal(q0.question, "When will the lighthouse restoration finish?");
    assert.equal(q0.answer, "The lighthouse work ends in autumn, weather permitting.");
    assert.equal(q0.postedAt, T0);

    assert.equal((await store.questions({ questioner: "  rui   SAMPLE " })).total, 1);
    assert.equal((await store.questions({ outlet: "valley radio" })).questions[0]!.questioner, "Ola Placeholder");
    assert.equal((await store.questions({ outlet: "Nobody" })).total, 0);
    assert.deepEqual((await store.questions({ q: "subsidy" })).questions.map((q) => q.exchange), [1]);
    assert.deepEqual(await store.outlets(), [{ name: "Harbor Gazette", count: 1 }, { name: "Valley Radio", count: 1 }]);
    assert.equal((await store.questioners({ outlet: "Harbor Gazette" }))[0]!.name, "Rui Sample");

    // New version with one exchange fewer: the table follows the latest version.
    clock.set(T0 + H);
    const t = structuredClone(b.transcript!);
    t.exchanges = t.exchanges.slice(0, 1);
    await store.upsert({ ...b, contentHash: "changed", transcript: t });
    page = await store.questions({});
    assert.equal(page.total, 1);
    assert.equal((await store.questions({ q: "subsidy" })).total, 0);
    const s = await store.search({ q: "subsidy", scope: "questions" });
    assert.equal(s.total, 0);
  } finally {
    await done();
  }
});

test("upsert is atomic: a failure leaves no partial item", async () => {
  const { store, done } = await tempStore(fixedClock(T0));
  try {
    const bad = item({ identity: "bad" });
    // A headline that is not a string makes the NOT NULL insert fail mid-transaction.
    await assert.rejects(store.upsert({ ...bad, headline: null as unknown as string }), (e) => isPressroomError(e, "PRESSROOM_E_DATABASE"));
    assert.equal((await store.stats(T0)).items, 0);
    assert.equal((await store.list({})).items.length, 0);
    const ok = await store.upsert(item({ identity: "good" }));
    assert.equal(ok.status, "imported");
  } finally {
    await done();
  }
});

test("counters follow a new version that moves section and kind; stats keys in byte order", async () => {
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    await store.upsert(item({ identity: "m1", section: "Rail Desk", kind: "press_release" }));
    await store.upsert(item({ identity: "m2", section: "Rail Desk", kind: "press_release" }));
    await store.upsert(item({ identity: "m3", section: "port office", kind: "statement" }));
    await store.upsert(item({ identity: "m4", section: "Zeta Unit", kind: "readout" }));
    clock.set(T0 + H);
    await store.upsert(item({ identity: "m1", section: "Zeta Unit", kind: "statement", body: "moved" }));
    // Same section and kind, new content: counters unchanged.
    await store.upsert(item({ identity: "m2", section: "Rail Desk", kind: "press_release", body: "edited" }));
    const s = await store.stats(T0 + H);
    assert.equal(s.items, 4);
    assert.deepEqual(s.sections, { "Rail Desk": 1, "Zeta Unit": 2, "port office": 1 });
    assert.deepEqual(Object.keys(s.sections), ["Rail Desk", "Zeta Unit", "port office"], "byte order: capitals first");
    assert.deepEqual(s.kinds, { press_release: 1, readout: 1, statement: 2 });
    assert.deepEqual(Object.keys(s.kinds), ["press_release", "readout", "statement"]);
    assert.deepEqual((await store.sections()).map((x) => [x.name, x.count]), [["Rail Desk", 1], ["Zeta Unit", 2], ["port office", 1]]);
    assert.deepEqual((await store.list({ section: "zeta-unit", kind: "statement" })).items.map((i) => i.identity), ["m1"]);
    assert.deepEqual((await store.list({ section: "rail-desk", kind: "statement" })).items, []);
    const m1 = (await store.list({ section: "zeta-unit", kind: "statement" })).items[0]!.id;
    const page = await store.itemPage!(m1);
    assert.deepEqual([page?.item.version, page?.item.updatedAt, page?.item.section, page?.subjects, page?.storyId], [2, T0 + H, "Zeta Unit", [], null]);
    assert.deepEqual(page?.item, await store.get(m1));
    assert.equal(await store.itemPage!("no-such-id"), null);
  } finally {
    await done();
  }
});

test("filtered cursor walk: section + kind, every match once", async () => {
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    for (let i = 0; i < 25; i++) {
      clock.set(T0 + (i % 4) * 1000);
      await store.upsert(item({ identity: `f${i}`, section: i % 3 === 0 ? "Rail Desk" : "Port Office", kind: i % 2 ? "statement" : "press_release" }));
    }
    const want = Array.from({ length: 25 }, (_, i) => i).filter((i) => i % 3 === 0 && i % 2 === 1).map((i) => `f${i}`).sort();
    const got: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.list({ section: "Rail Desk", kind: "statement", limit: 2, ...(cursor ? { cursor } : {}) });
      got.push(...page.items.map((i) => i.identity));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual([...got].sort(), want);
    assert.equal(got.length, want.length);
  } finally {
    await done();
  }
});

test("questioners and outlets: grouped case-insensitively, most questions first, then by name; bad limits rejected", async () => {
  const { store, done } = await tempStore(fixedClock(T0));
  try {
    const a = briefing("urn:briefing:a");
    const b = briefing("urn:briefing:b");
    // In b the first questioner is spelled in capitals and asks both questions.
    const tb = structuredClone(b.transcript!);
    tb.participants[1] = { ...tb.participants[1]!, name: "RUI SAMPLE", affiliation: "HARBOR GAZETTE" };
    tb.exchanges[1] = { ...tb.exchanges[1]!, questioner: "p2" };
    await store.upsert(a);
    await store.upsert({ ...b, contentHash: "b-variant", transcript: tb });
    const qs = await store.questioners();
    assert.equal(qs.length, 2);
    assert.deepEqual(qs[0], { name: "RUI SAMPLE", outlet: "HARBOR GAZETTE", count: 3 }, "min() of the spellings in byte order");
    assert.deepEqual(qs[1], { name: "Ola Placeholder", outlet: "Valley Radio", count: 1 });
    assert.deepEqual(await store.questioners({ outlet: "valley RADIO" }), [{ name: "Ola Placeholder", outlet: "Valley Radio", count: 1 }]);
    assert.deepEqual(await store.questioners({ limit: 1 }), [qs[0]]);
    assert.deepEqual(await store.outlets(), [{ name: "HARBOR GAZETTE", count: 3 }, { name: "Valley Radio", count: 1 }]);
    for (const limit of [0, 10_001, 2.5]) {
      await assert.rejects(store.questioners({ limit }), (e) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST"));
      await assert.rejects(store.outlets({ limit }), (e) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST"));
    }
    const page = await store.questions({ questioner: "rui sample", limit: 2 });
    assert.equal(page.total, 3);
    assert.equal(page.questions.length, 2);
  } finally {
    await done();
  }
});

test("changeToken moves on every committed write, not on reads", async () => {
  const clock = fixedClock(T0);
  const { store, done } = await tempStore(clock);
  try {
    const t0 = await store.changeToken!();
    assert.equal(await store.changeToken!(), t0, "no write, same token");
    await store.upsert(item({ identity: "tok" }));
    const t1 = await store.changeToken!();
    assert.notEqual(t1, t0);
    await store.list({});
    await store.stats(T0);
    assert.equal(await store.changeToken!(), t1, "reads do not move it");
    await store.upsert(item({ identity: "tok", body: "new body" }));
    assert.notEqual(await store.changeToken!(), t1);
  } finally {
    await done();
  }
});

test("upsert rejects a missing identity; getVersion of a bad number is null", async () => {
  const { store, done } = await tempStore(fixedClock(T0));
  try {
    await assert.rejects(store.upsert({ ...item({ identity: "x" }), identity: "" }), (e) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST"));
    const r = await store.upsert(item({ identity: "v" }));
    for (const v of [0, -1, 1.5, Number.NaN]) assert.equal(await store.getVersion(r.id, v), null);
    assert.equal((await store.getVersion(r.id, 1))!.version, 1);
    await assert.rejects(store.stats(Number.NaN), (e) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST"));
  } finally {
    await done();
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import BetterSqlite3 from "better-sqlite3";
import { fixedClock } from "../../src/core/clock.js";
import { isPressroomError } from "../../src/core/errors.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
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

test("schema: WAL, foreign keys, migrations idempotent, reopen keeps data", async () => {
  const clock = fixedClock(T0);
  const { store, file, done } = await tempStore(clock);
  try {
    await store.upsert(item({ identity: "keep" }));
    await store.migrate();
    await store.migrate();
    const again = await openSqliteStore({ file, clock });
    assert.equal((await again.stats(T0)).items, 1);
    await again.close();
    const raw = new BetterSqlite3(file, { readonly: true });
    assert.equal(raw.pragma("journal_mode", { simple: true }), "wal");
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all().map((r) => (r as { name: string }).name);
    for (const t of ["items", "item_versions", "sections", "questions", "items_fts", "questions_fts"]) assert.ok(tables.includes(t), t);
    raw.close();
    const mem = await openSqliteStore({ file: ":memory:", clock });
    await mem.upsert(item({ identity: "m" }));
    assert.equal((await mem.stats(T0)).items, 1);
    await mem.close();
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

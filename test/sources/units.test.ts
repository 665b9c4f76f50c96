/** Pure parts of the sources module: what users may register, Retry-After, back-off, entry keys, the host gate. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { sourceFromSpec } from "../../src/sources/registry.js";
import { parseRetryAfter } from "../../src/sources/fetch-entries.js";
import { backoffMs } from "../../src/sources/poll.js";
import { keyEntries } from "../../src/sources/entry-identity.js";
import { HostGate } from "../../src/sources/host-gate.js";
import type { Document } from "../../src/core/document.js";
import { isPressroomError } from "../../src/core/errors.js";
import { tempDir } from "../helpers.js";
import { BODIES } from "./helpers.js";

const badRequest = (f: () => unknown, re: RegExp) =>
  assert.throws(f, (e: unknown) => isPressroomError(e, "PRESSROOM_E_BAD_REQUEST") && re.test((e as Error).message));

test("sourceFromSpec: kinds, defaults and refusals", () => {
  assert.deepEqual(sourceFromSpec({ target: " https://press.example.gov/rss " }), {
    name: "press.example.gov", kind: "feed", location: "https://press.example.gov/rss", section: null, selector: null, intervalS: 900,
  });
  assert.equal(sourceFromSpec({ target: "https://press.example.gov/news", selector: "ul a" }).kind, "html-index");
  const tmp = tempDir();
  try {
    mkdirSync(join(tmp.dir, "drop"));
    const f = sourceFromSpec({ target: "drop", interval: "120", section: " Desk " }, tmp.dir);
    assert.deepEqual([f.kind, f.location, f.name, f.intervalS, f.section], ["folder", join(tmp.dir, "drop"), "drop", 120, "Desk"]);
    badRequest(() => sourceFromSpec({ target: "missing" }, tmp.dir), /no such folder/);
  } finally {
    tmp.cleanup();
  }
  badRequest(() => sourceFromSpec({ target: "" }), /give a feed URL or a folder path/);
  badRequest(() => sourceFromSpec({ target: "javascript://x/%0aalert(1)" }), /only http and https/);
  badRequest(() => sourceFromSpec({ target: "https://user:pw@press.example.gov/rss" }), /no user name or password/);
  badRequest(() => sourceFromSpec({ target: "https://press.example.gov/rss", interval: "59" }), /between 60 and 604800/);
  badRequest(() => sourceFromSpec({ target: "https://press.example.gov/rss", interval: "1e3" }), /whole number of seconds/);
  badRequest(() => sourceFromSpec({ target: "https://press.example.gov/rss", selector: "a[href" }), /not a valid CSS selector/);
  badRequest(() => sourceFromSpec({ target: "https://press.example.gov/rss", kind: "feed", selector: "a" }), /only for html-index/);
  badRequest(() => sourceFromSpec({ target: "https://press.example.gov/rss", name: "x".repeat(201) }), /longer than 200/);
});

test("Retry-After: seconds, HTTP dates, clamped; back-off doubles up to its cap", () => {
  const now = Date.parse("2026-03-02T09:00:00Z");
  assert.equal(parseRetryAfter("120", now), 120_000);
  assert.equal(parseRetryAfter("Mon, 02 Mar 2026 10:00:00 GMT", now), 3_600_000);
  assert.equal(parseRetryAfter("Mon, 02 Mar 2026 08:00:00 GMT", now), 0);
  assert.equal(parseRetryAfter("99999999", now), 7 * 24 * 3600 * 1000);
  assert.equal(parseRetryAfter("soon", now), null);
  assert.equal(parseRetryAfter(undefined, now), null);
  assert.deepEqual([1, 2, 3].map((n) => backoffMs(900, n)), [1_800_000, 3_600_000, 7_200_000]);
  assert.equal(backoffMs(900, 10), 24 * 3600 * 1000);
});

function doc(p: { guid?: string; url?: string; body: string }): Document {
  return { source: { path: null, url: p.url ?? null, guid: p.guid ?? null, name: null, format: "rss-feed" }, title: "T", section: null, published: null, dateline: null, kindHint: null, paragraphs: [p.body], notes: [] };
}

test("entry keys: guid, then a link unique in the fetch and not a front page, then a unique body", () => {
  const keyed = keyEntries([
    doc({ guid: "g1", url: "https://h.example.org/n/1", body: BODIES[0]! }),
    doc({ url: "https://h.example.org/", body: BODIES[1]! }),
    doc({ url: "https://h.example.org/shared", body: BODIES[2]! }),
    doc({ url: "https://h.example.org/shared", body: BODIES[2]! }),
    doc({ body: "Too short." }),
  ], ["file:a.txt", null, null, null, null]);
  assert.deepEqual(keyed.map((k) => k.keys.map((x) => x.replace(/[0-9a-f]{64}$/, "H"))), [
    ["file:a.txt", "guid:g1", "link:https://h.example.org/n/1", "body:H"],
    ["body:H"],
    [],
    [],
    [],
  ]);
});

test("the host gate runs one job at a time per host, in order, and another host in parallel", async () => {
  const gate = new HostGate({ minGapMs: 0 });
  const log: string[] = [];
  let inA = 0, maxA = 0;
  const job = (host: string, name: string, gateOpen: Promise<void>) => gate.run(host, async () => {
    if (host === "a") { inA++; maxA = Math.max(maxA, inA); }
    log.push(`start ${name}`);
    await gateOpen;
    log.push(`end ${name}`);
    if (host === "a") inA--;
    return name;
  });
  let openA1!: () => void;
  const a1Open = new Promise<void>((r) => { openA1 = r; });
  const p1 = job("a", "a1", a1Open);
  const p2 = job("a", "a2", Promise.resolve());
  const p3 = job("b", "b1", Promise.resolve());
  assert.equal(await p3, "b1");
  assert.ok(!log.includes("start a2"), "a2 must wait for a1");
  openA1();
  assert.deepEqual(await Promise.all([p1, p2]), ["a1", "a2"]);
  assert.equal(maxA, 1);
  assert.ok(log.indexOf("end a1") < log.indexOf("start a2"));
  // A failing job does not block the next one.
  await assert.rejects(gate.run("a", async () => { throw new Error("boom"); }), /boom/);
  assert.equal(await gate.run("a", async () => "after"), "after");
  // The gap is waited through the injected sleep.
  const waits: number[] = [];
  let t = 0;
  const g2 = new HostGate({ minGapMs: 1000, now: () => t, sleep: async (ms) => { waits.push(ms); t += ms; } });
  await g2.run("h", async () => { t += 100; });
  await g2.run("h", async () => undefined);
  assert.deepEqual(waits, [1000]);
});

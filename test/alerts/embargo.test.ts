/**
 * Alerts never precede an embargo: a held item (imported with an embargo line, or held by
 * an editor) is not alerted; once released it is, exactly once.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { importPaths } from "../../src/importer/import.js";
import type { ItemInput } from "../../src/core/item.js";
import { addUser } from "../auth-helpers.js";
import { tempDir } from "../helpers.js";
import { Receiver, T0, openWire } from "./fixtures.js";

const H = 3_600_000;

/** A release we wrote, embargoed until 10:00 EDT on 5 May 2025 (14:00 UTC), after the test clock's start. */
const EMBARGOED_RELEASE = `---
title: "Harbor Board Approves Lantern Pier Inspection Plan"
published_time: 2025-05-05 10:00:00-04:00
source_url: https://example.org/test/releases/2025/05/05/lantern-pier/
tags: press-releases
---

EMBARGOED UNTIL 10:00 A.M. EDT, MONDAY, MAY 5, 2025

Written for the Pressroom tests: not a real release.

The Harbor Board today approved an inspection plan for the Lantern Pier, with
divers checking every piling before the summer ferry season.
`;
const LIFT = Date.parse("2025-05-05T14:00:00Z");

test("an item imported under embargo is alerted only after the embargo lifts, once", async () => {
  const wire = await openWire();
  const rx = await new Receiver().start();
  const { dir, cleanup } = tempDir("pressroom-alerts-doc-");
  try {
    const u = await addUser(wire.store, "alice", "reader");
    const { secret } = await wire.store.alerts.createSavedSearch({ userId: u.id, name: "Piers", query: '"Lantern Pier" kind:press_release', webhookUrl: `${rx.url}/hook` });
    const file = join(dir, "lantern-pier.md");
    writeFileSync(file, EMBARGOED_RELEASE);

    const r = await importPaths(wire.store, [file], { clock: wire.clock });
    assert.equal(r.held, 1, JSON.stringify(r));
    assert.equal(r.imported, 0);
    await wire.runAlerts();
    wire.clock.set(LIFT - 1);
    assert.deepEqual(await wire.store.editorial.releaseDue(wire.clock.now()), []);
    await wire.runAlerts();
    assert.equal(rx.requests.length, 0, "nothing before the embargo lifts");

    wire.clock.set(LIFT + 500);
    const released = await wire.store.editorial.releaseDue(wire.clock.now());
    assert.equal(released.length, 1);
    await wire.runAlerts();
    assert.equal(rx.requests.length, 1);
    const req = rx.requests[0]!;
    const ts = String(Math.floor((LIFT + 500) / 1000));
    assert.equal(req.headers["x-pressroom-timestamp"], ts);
    assert.equal(req.headers["x-pressroom-signature"], `sha256=${createHmac("sha256", secret).update(`${ts}.${req.body}`).digest("hex")}`);
    const body = JSON.parse(req.body) as { item: { "pressroom:id": string; headlines: { value: string }[] } };
    assert.equal(body.item["pressroom:id"], released[0]!.id);
    assert.equal(body.item.headlines[0]!.value, "Harbor Board Approves Lantern Pier Inspection Plan");

    wire.clock.set(LIFT + 2 * H);
    await wire.runAlerts();
    assert.equal(rx.requests.length, 1, "once");
  } finally {
    cleanup();
    await rx.stop();
    await wire.close();
  }
});

test("an item held by an editor (embargoed, then withheld) is alerted only when released", async () => {
  const wire = await openWire();
  const rx = await new Receiver().start();
  try {
    const u = await addUser(wire.store, "bea", "editor");
    await wire.store.alerts.createSavedSearch({ userId: u.id, name: "Buoys", query: "buoys", webhookUrl: `${rx.url}/hook` });
    const input = (n: number): ItemInput => ({
      identity: `test:buoys-${n}`,
      contentHash: `buoys-${n}`,
      headline: `New Buoys for the Outer Channel (${n})`,
      section: "Harbor Office",
      kind: "press_release",
      published: null,
      dateline: null,
      source: { path: null, url: null, guid: null, name: "Harbor Office", format: "text" },
      body: "Written for the Pressroom tests. Twelve new buoys will mark the outer channel.",
      transcript: null,
      groundRules: { basis: null, attribute_to: null },
    });
    const embargoed = await wire.store.editorial.hold({ input: input(1), status: "embargoed", releaseAt: T0 + H }, "bea");
    const withheld = await wire.store.editorial.hold({ input: input(2), status: "withheld", releaseAt: null }, "bea");
    await wire.runAlerts();
    wire.clock.set(T0 + 10 * H);
    await wire.runAlerts();
    assert.equal(rx.requests.length, 0, "a held item is never alerted while held, even when its time has passed but it is not released");

    await wire.store.editorial.releaseDue(wire.clock.now());
    await wire.runAlerts();
    assert.deepEqual(rx.requests.map((q) => (JSON.parse(q.body) as { item: { "pressroom:id": string } }).item["pressroom:id"]), [embargoed.held.id]);

    await wire.store.editorial.releaseNow(withheld.held.id, "bea");
    await wire.runAlerts();
    assert.deepEqual(rx.requests.map((q) => (JSON.parse(q.body) as { item: { "pressroom:id": string } }).item["pressroom:id"]), [embargoed.held.id, withheld.held.id]);
  } finally {
    await rx.stop();
    await wire.close();
  }
});

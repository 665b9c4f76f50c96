/**
 * Property: whatever mix of public and embargoed items arrives, and however the release
 * and matching tasks interleave with the clock, no alert is ever queued for an item
 * before its embargo lifts, and in the end every matching item is queued exactly once.
 * Fixed seed in the suite.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { ItemInput } from "../../src/core/item.js";
import { runAlertMatching } from "../../src/alerts/tasks.js";
import { addUser } from "../auth-helpers.js";
import { BASE_URL, openWire } from "./fixtures.js";

const H = 3_600_000;

interface Spec { embargoH: number | null; matches: boolean }
type Step = { kind: "arrive"; item: number } | { kind: "advance"; hours: number } | { kind: "release" } | { kind: "match" };

function input(i: number, s: Spec): ItemInput {
  const word = s.matches ? "buoys" : "pilings";
  return {
    identity: `test:prop-${i}`,
    contentHash: `prop-${i}`,
    headline: `Harbor notice ${i} about ${word}`,
    section: "Harbor Office",
    kind: "press_release",
    published: null,
    dateline: null,
    source: { path: null, url: null, guid: null, name: "Harbor Office", format: "text" },
    body: `Written for the Pressroom tests. Notice ${i} concerns the ${word} of the outer channel.`,
    transcript: null,
    groundRules: { basis: null, attribute_to: null },
  };
}

const specs = fc.array(fc.record({ embargoH: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }), matches: fc.boolean() }), { minLength: 1, maxLength: 6 });
const steps = fc.array(fc.oneof(
  fc.record({ kind: fc.constant("advance" as const), hours: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ kind: fc.constant("release" as const) }),
  fc.record({ kind: fc.constant("match" as const) }),
), { maxLength: 12 });

test("no alert before an embargo lifts; every matching item alerted exactly once", async () => {
  await fc.assert(fc.asyncProperty(specs, steps, async (items, moves) => {
    const wire = await openWire();
    try {
      const u = await addUser(wire.store, "alice", "reader", null);
      const { search } = await wire.store.alerts.createSavedSearch({ userId: u.id, name: "Buoys", query: "buoys", webhookUrl: "https://hooks.example.org/x" });
      const liftAt = new Map<string, number>();
      const matching = new Set<string>();
      // Items arrive first (in order), interleaved with the random moves.
      const plan: Step[] = [];
      items.forEach((_s, i) => plan.push({ kind: "arrive", item: i }, ...moves.slice(i * 2, i * 2 + 2)));
      plan.push(...moves.slice(items.length * 2));
      const check = async () => {
        const { deliveries } = await wire.store.alerts.listDeliveries(search.id, { limit: 100 });
        for (const d of deliveries) {
          const lift = liftAt.get(d.itemId);
          assert.ok(lift !== undefined && lift <= d.createdAt, `alert for ${d.itemId} queued at ${d.createdAt}, embargo lifts at ${lift}`);
          assert.ok(matching.has(d.itemId), `alert for non-matching ${d.itemId}`);
        }
      };
      for (const step of plan) {
        const now = wire.clock.now();
        if (step.kind === "arrive") {
          const s = items[step.item]!;
          if (s.embargoH === null) {
            const r = await wire.store.upsert(input(step.item, s));
            liftAt.set(r.id, now);
            if (s.matches) matching.add(r.id);
          } else {
            const h = await wire.store.editorial.hold({ input: input(step.item, s), status: "embargoed", releaseAt: now + s.embargoH * H });
            liftAt.set(h.held.id, now + s.embargoH * H);
            if (s.matches) matching.add(h.held.id);
          }
        } else if (step.kind === "advance") wire.clock.set(now + step.hours * H);
        else if (step.kind === "release") await wire.store.editorial.releaseDue(now);
        else await runAlertMatching({ store: wire.store, clock: wire.clock, log: () => {} }, { baseUrl: BASE_URL });
        await check();
      }
      // Much later: everything released and matched.
      wire.clock.set(wire.clock.now() + 100 * H);
      await wire.store.editorial.releaseDue(wire.clock.now());
      await runAlertMatching({ store: wire.store, clock: wire.clock, log: () => {} }, { baseUrl: BASE_URL });
      await runAlertMatching({ store: wire.store, clock: wire.clock, log: () => {} }, { baseUrl: BASE_URL });
      await check();
      const { deliveries } = await wire.store.alerts.listDeliveries(search.id, { limit: 100 });
      assert.deepEqual(deliveries.map((d) => d.itemId).sort(), [...matching].sort());
    } finally {
      await wire.close();
    }
  }), { numRuns: 15, seed: 20250301 });
});

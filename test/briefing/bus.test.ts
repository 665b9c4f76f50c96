/** Briefing notices between processes over the machine's real PostgreSQL (LISTEN/NOTIFY). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { pgBus, pgChannel } from "../../src/briefing/bus.js";

const PG_URL = process.env.PRESSROOM_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

test("a notice published by one process reaches the others on the same archive, not itself, not another archive", async () => {
  const schema = `bus_${process.pid}`;
  const a = await pgBus(PG_URL, schema);
  const b = await pgBus(PG_URL, schema);
  const elsewhere = await pgBus(PG_URL, `${schema}_other`);
  try {
    const got: Record<string, [string, number][]> = { a: [], b: [], elsewhere: [] };
    a.onNotice((id, seq) => got.a!.push([id, seq]));
    b.onNotice((id, seq) => got.b!.push([id, seq]));
    elsewhere.onNotice((id, seq) => got.elsewhere!.push([id, seq]));
    a.publish("b4k2m9x0aa", 7);
    a.publish("b4k2m9x0aa", 8);
    b.publish("bzz0000001", 1);
    await until(() => got.b!.length === 2 && got.a!.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(got.b, [["b4k2m9x0aa", 7], ["b4k2m9x0aa", 8]], "in the order sent");
    assert.deepEqual(got.a, [["bzz0000001", 1]], "a process does not hear its own notices");
    assert.deepEqual(got.elsewhere, [], "another archive's channel hears nothing");
  } finally {
    await a.close();
    await b.close();
    await elsewhere.close();
  }
  assert.equal(pgChannel(null), "pressroom_briefings");
  assert.equal(pgChannel("Wire"), "pressroom_briefings_wire");
  assert.ok(pgChannel("x".repeat(63)).length <= 63, "PostgreSQL identifiers are at most 63 bytes");
});

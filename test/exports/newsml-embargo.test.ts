import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { addUser, bearer } from "../auth-helpers.js";
import { H, input, parseWellFormed, text, T0, wire, type Wire } from "./helpers.js";

/** Headers of a response apart from the ones that differ between any two responses. */
function stable(h: Record<string, unknown>): Record<string, unknown> {
  const { date: _d, ...rest } = h;
  return rest;
}

describe("NewsML-G2 export of an embargoed item", () => {
  let w: Wire;
  let heldId = "";
  let readerAuth = "";
  before(async () => {
    w = await wire({
      fill: async (store) => {
        const r = await store.editorial.hold({ input: input({ identity: "guid:embargoed-tides", headline: "Spring tide tables (embargoed)" }), status: "embargoed", releaseAt: T0 + 2 * H, embargo: "14:00 UTC" }, "editor1");
        heldId = r.held.id;
        await addUser(store, "reader1", "reader");
        readerAuth = await bearer(store, "reader1");
      },
    });
  });
  after(() => w.close());

  it("answers the public exactly as for an id that never existed, on both paths", async () => {
    for (const [held, never] of [
      [`/api/v1/items/${heldId}/newsml`, `/api/v1/items/${heldId.replace(/.$/, (c) => (c === "0" ? "1" : "0"))}/newsml`],
      [`/items/${heldId}/newsml.xml`, `/items/${heldId.replace(/.$/, (c) => (c === "0" ? "1" : "0"))}/newsml.xml`],
    ] as const) {
      const a = await w.app.inject({ method: "GET", url: held });
      const b = await w.app.inject({ method: "GET", url: never });
      assert.equal(a.statusCode, 404);
      assert.equal(a.statusCode, b.statusCode);
      assert.equal(a.body.replace(heldId, "ID"), b.body.replace(/no such item: [^"<]+/, `no such item: ID`));
      assert.deepEqual(Object.keys(stable(a.headers)).sort(), Object.keys(stable(b.headers)).sort());
      assert.doesNotMatch(a.body, /Spring tide/);
    }
  });

  it("a reader sees it early, marked embargoed until the lift time, never cached publicly", async () => {
    const res = await w.app.inject({ method: "GET", url: `/api/v1/items/${heldId}/newsml`, headers: { authorization: readerAuth } });
    assert.equal(res.statusCode, 200, res.body);
    const doc = parseWellFormed(res.body);
    assert.equal(text(doc, "embargoed"), "2026-03-10T14:00:00Z");
    assert.equal(text(doc, "headline"), "Spring tide tables (embargoed)");
    assert.match(String(res.headers["cache-control"]), /private|no-store/);
    assert.doesNotMatch(String(res.headers["cache-control"]), /public/);
  });

  it("after the release it is public, without the embargoed element", async () => {
    w.clock.set(T0 + 2 * H);
    await w.store.editorial.releaseDue(w.clock.now());
    const res = await w.app.inject({ method: "GET", url: `/items/${heldId}/newsml.xml` });
    assert.equal(res.statusCode, 200);
    const doc = parseWellFormed(res.body);
    assert.equal(doc.getElementsByTagName("embargoed").length, 0);
    assert.equal(text(doc, "firstCreated"), "2026-03-10T14:00:00Z");
  });
});

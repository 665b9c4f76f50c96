import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { websubTask } from "../../src/publish/exports/websub-ping.js";
import type { TaskContext } from "../../src/worker/tasks.js";
import { BASE, H, input, T0, wire, type Wire } from "./helpers.js";

/** A hub on 127.0.0.1 that records every notification and answers `status`. */
interface Hub {
  url: string;
  got: { type: string | undefined; form: URLSearchParams }[];
  status: number;
  close(): Promise<void>;
}

async function startHub(): Promise<Hub> {
  const hub: Hub = { url: "", got: [], status: 204, close: async () => {} };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += String(d)));
    req.on("end", () => {
      hub.got.push({ type: req.headers["content-type"], form: new URLSearchParams(body) });
      res.statusCode = hub.status;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const addr = server.address();
  hub.url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}/hub`;
  hub.close = () => new Promise((r) => server.close(() => r()));
  return hub;
}

const topics = (hub: Hub) => hub.got.map((g) => g.form.get("hub.url")!).sort();

describe("WebSub hub notification task", () => {
  let w: Wire;
  let hub: Hub;
  let ctx: TaskContext;
  const logs: string[] = [];
  const task = websubTask();
  before(async () => {
    hub = await startHub();
    w = await wire({
      fill: async (store, clock) => {
        clock.set(T0 - 2 * H);
        await store.upsert(input({ identity: "guid:first", headline: "Quay works start", section: "Harbor Office" }));
        clock.set(T0);
      },
    });
    ctx = { store: w.store, clock: w.clock, log: (m) => logs.push(m), baseUrl: BASE, websubHub: hub.url };
  });
  after(async () => {
    await w.close();
    await hub.close();
  });

  it("the first run records the feeds without notifying; an unchanged store notifies nothing", async () => {
    await task.run(ctx);
    await task.run(ctx);
    assert.equal(hub.got.length, 0);
  });

  it("a new item notifies the hub of the wire's feeds and of its section's feeds, nothing else", async () => {
    await w.store.upsert(input({ identity: "guid:second", headline: "Pilot station moves", section: "Pilotage" }));
    await task.run(ctx);
    assert.deepEqual(topics(hub), [
      `${BASE}/feeds/atom.xml`, `${BASE}/feeds/feed.json`, `${BASE}/feeds/rss.xml`,
      `${BASE}/sections/pilotage/atom.xml`, `${BASE}/sections/pilotage/feed.json`, `${BASE}/sections/pilotage/rss.xml`,
    ]);
    for (const g of hub.got) {
      assert.equal(g.type, "application/x-www-form-urlencoded");
      assert.equal(g.form.get("hub.mode"), "publish");
    }
    hub.got.length = 0;
    await task.run(ctx);
    assert.equal(hub.got.length, 0, "nothing new, nothing sent");
  });

  it("a correction of an older item notifies its feeds too", async () => {
    w.clock.set(T0 + H);
    await w.store.upsert(input({ identity: "guid:first", headline: "Quay works start", section: "Harbor Office", body: "Corrected: works start on Monday." }));
    await task.run(ctx);
    assert.deepEqual(topics(hub).filter((t) => t.endsWith("rss.xml")), [`${BASE}/feeds/rss.xml`, `${BASE}/sections/harbor-office/rss.xml`]);
    hub.got.length = 0;
  });

  it("a hub that fails is logged and retried on the next run", async () => {
    hub.status = 503;
    await w.store.upsert(input({ identity: "guid:third", headline: "Night pilotage resumes", section: "Pilotage" }));
    await task.run(ctx);
    assert.equal(hub.got.length, 6);
    assert.ok(logs.some((l) => /websub: could not notify .* hub answered 503/.test(l)), logs.join("\n"));
    hub.got.length = 0;
    hub.status = 202;
    await task.run(ctx);
    assert.equal(hub.got.length, 6, "the same notifications again");
    hub.got.length = 0;
    await task.run(ctx);
    assert.equal(hub.got.length, 0);
  });

  it("without a hub the task does nothing", async () => {
    const quiet = websubTask();
    const c = { ...ctx, websubHub: null };
    await quiet.run(c);
    await w.store.upsert(input({ identity: "guid:fourth", headline: "Buoy relit", section: "Pilotage" }));
    await quiet.run(c);
    assert.equal(hub.got.length, 0);
  });
});

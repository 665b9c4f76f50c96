/**
 * /healthz, /readyz and /metrics on a real server over a real SQLite file (in-process
 * requests): answers, caching, readiness failures, the Prometheus exposition, the latency
 * histogram's labels, the ingest counters, queue depth and scheduler lag, and who may read
 * the metrics.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { importPaths } from "../../src/importer/import.js";
import { releaseTask } from "../../src/editorial/release-task.js";
import { alertTasks } from "../../src/alerts/tasks.js";
import { runTasksOnce } from "../../src/worker/runner.js";
import { loggerOptions } from "../../src/ops/logging.js";
import { INGEST_COUNTER } from "../../src/ops/metrics.js";
import { addUser, bearer } from "../auth-helpers.js";
import { tempDir } from "../helpers.js";
import { rawQuery } from "../db.js";
import { release, transcript } from "../publish/fixtures.js";
import { H, T0, openWire, parsePrometheus, scrape, valueOf } from "./fixtures.js";

const REMOTE = "203.0.113.9";

test("/healthz answers 200 {status: ok}, no-store, even when the store is closed", async () => {
  const w = await openWire();
  try {
    const r = await w.app.inject({ method: "GET", url: "/healthz" });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json(), { status: "ok" });
    assert.equal(r.headers["cache-control"], "no-store");
    assert.match(String(r.headers["content-type"]), /^application\/json/);
    await w.store.close();
    const after = await w.app.inject({ method: "GET", url: "/healthz" });
    assert.equal(after.statusCode, 200);
    assert.deepEqual(after.json(), { status: "ok" });
  } finally {
    await w.close();
  }
});

test("/readyz: 200 with the latest migration; 503 with a reason when a migration is pending or the store is closed", async () => {
  const w = await openWire();
  try {
    const ok = await w.app.inject({ method: "GET", url: "/readyz" });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.headers["cache-control"], "no-store");
    const body = ok.json() as { status: string; migrations: { applied: number; latest: string } };
    assert.equal(body.status, "ready");
    assert.ok(body.migrations.applied >= 8, JSON.stringify(body));

    // Broken: the database no longer records the latest migration (an older schema).
    await rawQuery(w.store, "DELETE FROM kysely_migration WHERE name = ?", [body.migrations.latest]);
    const pending = await w.app.inject({ method: "GET", url: "/readyz" });
    assert.equal(pending.statusCode, 503);
    assert.equal(pending.headers["cache-control"], "no-store");
    assert.deepEqual(pending.json(), { status: "unavailable", reason: `migrations pending: ${body.migrations.latest}` });

    await w.store.close();
    const m = await scrape(w.app);
    assert.equal(valueOf(m, "pressroom_store_up"), 0);
    assert.equal(m.samples.filter((s) => s.name === "pressroom_items" || s.name === "pressroom_queue_depth").length, 0);
    const closed = await w.app.inject({ method: "GET", url: "/readyz" });
    assert.equal(closed.statusCode, 503);
    const c = closed.json() as { status: string; reason: string };
    assert.equal(c.status, "unavailable");
    assert.match(c.reason, /^database not reachable: /);
  } finally {
    await w.close();
  }
});

test("the operations endpoints are outside the API rate limit, the OpenAPI document and the pages", async () => {
  const w = await openWire({ settings: { apiRateLimit: { max: 2, timeWindowMs: 60_000 } } });
  try {
    for (let i = 0; i < 6; i++) {
      assert.equal((await w.app.inject({ method: "GET", url: "/healthz" })).statusCode, 200);
      assert.equal((await w.app.inject({ method: "GET", url: "/readyz" })).statusCode, 200);
      assert.equal((await w.app.inject({ method: "GET", url: "/metrics" })).statusCode, 200);
    }
    const api = [];
    for (let i = 0; i < 3; i++) api.push((await w.app.inject({ method: "GET", url: "/api/v1/stats" })).statusCode);
    assert.deepEqual(api, [200, 200, 429], "the API limit itself still applies");
    const openapi = (await w.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).body;
    for (const p of ["/healthz", "/readyz", "/metrics"]) assert.ok(!openapi.includes(p), `${p} in the OpenAPI document`);
    const home = (await w.app.inject({ method: "GET", url: "/" })).body;
    for (const p of ["/healthz", "/readyz", "/metrics"]) assert.ok(!home.includes(p), `${p} linked from the home page`);
  } finally {
    await w.close();
  }
});

test("/metrics is Prometheus text with process metrics, item counts and route-pattern latency labels, never raw ids", async () => {
  const w = await openWire();
  try {
    const rel = await w.store.upsert(release);
    const tr = await w.store.upsert(transcript);
    assert.equal((await w.app.inject({ method: "GET", url: `/items/${rel.id}` })).statusCode, 200);
    assert.equal((await w.app.inject({ method: "GET", url: `/items/${tr.id}` })).statusCode, 200);
    assert.equal((await w.app.inject({ method: "GET", url: `/api/v1/items/${rel.id}` })).statusCode, 200);
    assert.equal((await w.app.inject({ method: "GET", url: "/items/no-such-item-4242" })).statusCode, 404);
    assert.equal((await w.app.inject({ method: "GET", url: "/wholly/unknown/path-777" })).statusCode, 404);

    const r = await w.app.inject({ method: "GET", url: "/metrics" });
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers["cache-control"], "no-store");
    assert.match(String(r.headers["content-type"]), /^text\/plain; version=0\.0\.4/);
    for (const id of [rel.id, tr.id, "no-such-item-4242", "path-777"]) assert.ok(!r.body.includes(id), `raw id ${id} in the metrics`);
    const x = parsePrometheus(r.body);

    assert.equal(x.types.get("pressroom_http_request_duration_seconds"), "histogram");
    const count = (route: string, status_class: string) =>
      valueOf(x, "pressroom_http_request_duration_seconds_count", { method: "GET", route, status_class });
    assert.equal(count("/items/:id", "2xx"), 2);
    assert.equal(count("/items/:id", "4xx"), 1);
    assert.equal(count("/api/v1/items/:id", "2xx"), 1);
    assert.equal(count("(unmatched)", "4xx"), 1);
    assert.equal(valueOf(x, "pressroom_http_request_duration_seconds_bucket", { route: "/items/:id", status_class: "2xx", le: "+Inf" }), 2);
    const routes = new Set(x.samples.filter((s) => s.name.startsWith("pressroom_http_request_duration_seconds")).map((s) => s.labels.route));
    assert.deepEqual([...routes].sort(), ["(unmatched)", "/api/v1/items/:id", "/items/:id"]);

    assert.equal(valueOf(x, "pressroom_items"), 2);
    assert.equal(valueOf(x, "pressroom_items_by_kind", { kind: "press_release" }), 1);
    assert.equal(valueOf(x, "pressroom_items_by_kind", { kind: "transcript" }), 1);
    assert.equal(valueOf(x, "pressroom_store_up"), 1);
    assert.equal(x.types.get("process_resident_memory_bytes"), "gauge");
    assert.ok(valueOf(x, "process_resident_memory_bytes") > 0);
    assert.equal(x.types.get("nodejs_eventloop_lag_seconds"), "gauge");
    assert.equal(x.types.get(INGEST_COUNTER), "counter");

    // Counts are refreshed at each scrape.
    await w.store.editorial.withdraw(rel.id, "Issued in error.", "ed");
    await w.store.upsert({ ...release, identity: "guid:another", headline: "Second Ferry Notice", contentHash: "x".repeat(64) });
    assert.equal(valueOf(await scrape(w.app), "pressroom_items_by_kind", { kind: "press_release" }), 2);
  } finally {
    await w.close();
  }
});

test("the ingest counters move after an import: imported, updated, unchanged, held, rejected", async () => {
  const w = await openWire();
  const t = tempDir("pressroom-ops-import-");
  try {
    const n = async (result: string) => valueOf(await scrape(w.app), INGEST_COUNTER, { result });
    const before = { imported: await n("imported"), updated: await n("updated"), unchanged: await n("unchanged"), held: await n("held"), rejected: await n("rejected") };
    const doc = (title: string, body: string) => `---\ntitle: "${title}"\npublished_time: 2025-02-20 09:00:00-05:00\nsource_url: https://example.org/ops/${title.toLowerCase().replace(/\W+/g, "-")}/\n---\n\nWritten for the Pressroom tests.\n\n${body}\n`;
    writeFileSync(join(t.dir, "a.md"), doc("Harbor Dredging Resumes", "Dredging of the north channel resumes on Monday."));
    writeFileSync(join(t.dir, "b.md"), doc("Lighthouse Keepers Rotate", "The keepers rotate every six weeks from April."));
    writeFileSync(join(t.dir, "empty.txt"), "");
    const first = await importPaths(w.store, [t.dir], { clock: w.clock });
    assert.equal(first.imported, 2);
    assert.equal(first.rejected.length, 1);
    writeFileSync(join(t.dir, "b.md"), doc("Lighthouse Keepers Rotate", "The keepers rotate every eight weeks from April."));
    writeFileSync(join(t.dir, "c.md"), `---\ntitle: "Pier Notice"\npublished_time: 2025-02-27 09:00:00-05:00\nsource_url: https://example.org/ops/pier/\n---\n\nEMBARGOED UNTIL 10:00 A.M. EDT, MONDAY, MAY 5, 2025\n\nWritten for the Pressroom tests. The pier reopens.\n`);
    const second = await importPaths(w.store, [t.dir], { clock: w.clock });
    assert.deepEqual([second.imported, second.updated, second.unchanged, second.held, second.rejected.length], [0, 1, 1, 1, 1]);
    assert.equal(await n("imported"), before.imported + 2);
    assert.equal(await n("updated"), before.updated + 1);
    assert.equal(await n("unchanged"), before.unchanged + 1);
    assert.equal(await n("held"), before.held + 1);
    assert.equal(await n("rejected"), before.rejected + 2);
  } finally {
    t.cleanup();
    await w.close();
  }
});

test("queue depth and scheduler lag show a held item past its time until the release task runs", async () => {
  const w = await openWire();
  try {
    const q = (x: Awaited<ReturnType<typeof scrape>>, queue: string) => valueOf(x, "pressroom_queue_depth", { queue });
    const empty = await scrape(w.app);
    assert.deepEqual([q(empty, "release"), q(empty, "alert_delivery"), q(empty, "source_poll")], [0, 0, 0]);
    assert.equal(valueOf(empty, "pressroom_scheduler_lag_seconds"), 0);

    await w.store.editorial.hold({ input: release, status: "embargoed", releaseAt: T0 + H, embargo: "until 13:00 UTC" }, "ed");
    await w.store.editorial.hold({ input: { ...transcript, identity: "guid:later" }, status: "scheduled", releaseAt: T0 + 10 * H }, "ed");
    await w.store.sources.add({ name: "Harbour Board", kind: "feed", location: "https://harbour.example.org/feed.xml" });
    const u = await addUser(w.store, "rita", "reader");
    await w.store.alerts.createSavedSearch({ userId: u.id, name: "Lanternfish", query: "lanternfish", webhookUrl: "https://hooks.example.org/pressroom" });
    await w.store.upsert({ ...release, identity: "guid:public-lanternfish", headline: "Lanternfish Route Tickets", contentHash: "a".repeat(64) });
    const match = alertTasks().filter((t) => t.name === "alerts-match");
    assert.deepEqual(await runTasksOnce(match, { store: w.store, clock: w.clock, log: () => {}, baseUrl: "https://wire.example.org" }), []);

    const before = await scrape(w.app);
    assert.equal(q(before, "release"), 0, "not due yet");
    assert.equal(q(before, "source_poll"), 1);
    assert.equal(q(before, "alert_delivery"), 1);

    w.clock.set(T0 + 3 * H); // the embargo lifted two hours ago; the release task has not run
    const late = await scrape(w.app);
    assert.equal(q(late, "release"), 1);
    assert.equal(valueOf(late, "pressroom_scheduler_lag_seconds"), 7200);

    const log: string[] = [];
    assert.deepEqual(await runTasksOnce([releaseTask()], { store: w.store, clock: w.clock, log: (m) => log.push(m) }), []);
    assert.equal(log.length, 1);
    const after = await scrape(w.app);
    assert.equal(q(after, "release"), 0);
    assert.equal(valueOf(after, "pressroom_scheduler_lag_seconds"), 0);
  } finally {
    await w.close();
  }
});

test("/metrics: loopback always; elsewhere only an admin's bearer token, or everyone with PRESSROOM_METRICS_PUBLIC=1", async () => {
  const w = await openWire();
  try {
    await addUser(w.store, "ada", "admin", null);
    await addUser(w.store, "ed", "editor", null);
    const admin = await bearer(w.store, "ada");
    const editor = await bearer(w.store, "ed");
    const get = (remoteAddress: string, headers: Record<string, string> = {}) => w.app.inject({ method: "GET", url: "/metrics", remoteAddress, headers });

    assert.equal((await get("127.0.0.1")).statusCode, 200);
    assert.equal((await get("::1")).statusCode, 200);
    assert.equal((await get("::ffff:127.0.0.1")).statusCode, 200);

    const pub = await get(REMOTE);
    assert.equal(pub.statusCode, 401);
    assert.equal(pub.headers["cache-control"], "no-store");
    assert.equal((pub.json() as { error: { code: string } }).error.code, "PRESSROOM_E_UNAUTHORIZED");
    assert.ok(!pub.body.includes("pressroom_items"));

    const ed = await get(REMOTE, { authorization: editor });
    assert.equal(ed.statusCode, 403);
    assert.equal((ed.json() as { error: { code: string } }).error.code, "PRESSROOM_E_FORBIDDEN");
    assert.equal((await get(REMOTE, { authorization: admin })).statusCode, 200);
    assert.equal((await get(REMOTE, { authorization: "Bearer prt_not-a-token" })).statusCode, 401);

    // Through a reverse proxy on the same machine: loopback socket, but forwarded.
    assert.equal((await get("127.0.0.1", { "x-forwarded-for": REMOTE })).statusCode, 401);
    assert.equal((await get("127.0.0.1", { forwarded: `for=${REMOTE}` })).statusCode, 401);
    assert.equal((await get("127.0.0.1", { "x-forwarded-for": REMOTE, authorization: admin })).statusCode, 200);

    // healthz and readyz are open to everyone.
    assert.equal((await w.app.inject({ method: "GET", url: "/healthz", remoteAddress: REMOTE })).statusCode, 200);
    assert.equal((await w.app.inject({ method: "GET", url: "/readyz", remoteAddress: REMOTE })).statusCode, 200);
  } finally {
    await w.close();
  }

  const saved = process.env.PRESSROOM_METRICS_PUBLIC;
  try {
    process.env.PRESSROOM_METRICS_PUBLIC = "1";
    const open = await openWire();
    try {
      assert.equal((await open.app.inject({ method: "GET", url: "/metrics", remoteAddress: REMOTE })).statusCode, 200);
    } finally {
      await open.close();
    }
    process.env.PRESSROOM_METRICS_PUBLIC = "yes please";
    await assert.rejects(openWire(), (e: Error & { code?: string }) => e.code === "PRESSROOM_E_CONFIG" && /PRESSROOM_METRICS_PUBLIC must be 1 or 0/.test(e.message));
  } finally {
    if (saved === undefined) delete process.env.PRESSROOM_METRICS_PUBLIC;
    else process.env.PRESSROOM_METRICS_PUBLIC = saved;
  }
});

test("request log lines are JSON with request id, method, route pattern, status and duration", async () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, cb) { lines.push(...String(chunk).split("\n").filter(Boolean)); cb(); } });
  const w = await openWire({ logger: loggerOptions("info", sink) as unknown as Record<string, unknown> });
  try {
    const rel = await w.store.upsert(release);
    assert.equal((await w.app.inject({ method: "GET", url: `/items/${rel.id}` })).statusCode, 200);
    assert.equal((await w.app.inject({ method: "GET", url: "/api/v1/items/nope-1" })).statusCode, 404);
    assert.equal((await w.app.inject({ method: "GET", url: "/healthz" })).statusCode, 200);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = parsed.filter((p) => p.msg === "request");
    assert.equal(requests.length, 2, "ops probes are logged at debug level, not info");
    const [a, b] = requests;
    assert.equal(a!.method, "GET");
    assert.equal(a!.route, "/items/:id");
    assert.equal(a!.url, `/items/${rel.id}`);
    assert.equal(a!.status, 200);
    assert.equal(a!.level, 30);
    assert.equal(typeof a!.durationMs, "number");
    assert.match(String(a!.reqId), /\S/);
    assert.match(String(a!.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(b!.route, "/api/v1/items/:id");
    // A capability in the path (the WebSub callback token) is not written to the log.
    await w.app.inject({ method: "GET", url: "/websub/callback/cb-secret-0042?hub.mode=subscribe" });
    const cb = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((p) => p.route === "/websub/callback/:token");
    assert.equal(cb?.url, "/websub/callback/[redacted]?hub.mode=subscribe");
    assert.ok(!lines.some((l) => l.includes("cb-secret-0042")));
    assert.equal(b!.status, 404);
    assert.notEqual(a!.reqId, b!.reqId);
  } finally {
    await w.close();
  }
});

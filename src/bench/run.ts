/**
 * `npm run bench`: measures, on this machine, import and parse throughput of the whole
 * shared corpus, search latency after scaling the store to at least 100,000 items, and
 * requests per second with p99 latency of the home, item, search and feed pages under a
 * load generator (autocannon) on loopback. Prints a table and writes the numbers as JSON
 * to `bench-results/latest.json` (and a dated copy) so runs can be compared.
 *
 * Targets (issue 2): import ≥ 100 documents/s and ≥ 5 MB/s; parse ≥ 20 MB/s; search p95
 * ≤ 20 ms at 100,000 items; item page ≥ 2,000 requests/s.
 *
 * Options (environment): BENCH_ITEMS (default 100000), BENCH_SECONDS per page (default 5),
 * BENCH_PARSE_THREADS (worker threads of the parallel parse figure; default one per core, 0 skips it).
 */
import { mkdirSync, writeFileSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, cpus, totalmem, availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { walkPaths } from "../importer/walk.js";
import { defaultWorkers, importPaths } from "../importer/import.js";
import { toItemInput } from "../importer/to-item.js";
import { readDocuments } from "../ingest/index.js";
import { analyze } from "../transcript/index.js";
import { openSqliteStore } from "../store/sqlite.js";
import { dropPostgresSchema, openPostgresStore } from "../store/pg.js";
import { fixedClock } from "../core/clock.js";
import type { ItemInput } from "../core/item.js";
import { buildServer } from "../publish/server.js";
import { BENCH_QUERIES } from "./queries.js";
import { percentile, round } from "./stats.js";
import { parseOnThreads, threadCpuMs, type ThreadPass } from "./parse-threads.js";

const CORPUS = resolve(process.cwd(), "..", "shared", "corpus");
const N_ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Worker threads of the parallel parse figure (0: skip it). Default: one per core. */
const PARSE_THREADS = Number(process.env.BENCH_PARSE_THREADS ?? availableParallelism());
if (!Number.isInteger(PARSE_THREADS) || PARSE_THREADS < 0) {
  console.error(`bench: BENCH_PARSE_THREADS must be a whole number ≥ 0, got ${JSON.stringify(process.env.BENCH_PARSE_THREADS)}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "pressroom-bench-"));
  const pgUrl = process.env.DATABASE_URL?.trim() || null;
  const pgSchema = `bench_${process.pid}`;
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown", memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version },
  };
  try {
    const { files } = await walkPaths([CORPUS]);
    const docsBytes = files.map((f) => readFileSync(f));
    const totalBytes = docsBytes.reduce((a, b) => a + b.length, 0);

    // 1. Import throughput: the whole corpus into a fresh database.
    const clock = fixedClock(Date.parse("2026-11-01T00:00:00Z"));
    // SQLite in a temp folder, or with DATABASE_URL a fresh PostgreSQL schema dropped at the end.
    const store = pgUrl ? await openPostgresStore({ url: pgUrl, schema: pgSchema, clock }) : await openSqliteStore({ file: join(work, "bench.db"), clock });
    results.database = pgUrl ? "postgres" : "sqlite";
    // The import's own default decides whether files are analysed on a worker thread (a core
    // to spare); CPU time (all threads of this process) is printed beside the wall time, as it
    // shows the import's own cost on a machine shared with other work.
    const workers = defaultWorkers(files.length);
    const impCpu0 = process.cpuUsage();
    const imp = await importPaths(store, [CORPUS], { workers });
    const impCpu = process.cpuUsage(impCpu0);
    const impCpuSecs = (impCpu.user + impCpu.system) / 1e6;
    const docs = imp.imported + imp.updated + imp.unchanged;
    results.import = {
      files: imp.files, documents: docs, rejected: imp.rejected.length, workers, seconds: round(imp.elapsedMs / 1000, 3),
      docsPerSec: round(docs / (imp.elapsedMs / 1000), 1), mbPerSec: round(imp.bytes / 1e6 / (imp.elapsedMs / 1000), 2),
      cpuSeconds: round(impCpuSecs, 3),
    };
    console.log(`import: ${docs} documents (${imp.files} files, ${(imp.bytes / 1e6).toFixed(2)} MB) in ${(imp.elapsedMs / 1000).toFixed(2)} s = ${(results.import as { docsPerSec: number }).docsPerSec} docs/s, ${(results.import as { mbPerSec: number }).mbPerSec} MB/s (${workers} analysis worker${workers === 1 ? "" : "s"}; CPU time ${impCpuSecs.toFixed(2)} s)`);

    // 2. Parse throughput: decode + extract + analyse, in memory, on this thread, best of 3
    //    passes (wall time, and CPU time of the process beside it).
    let best = Infinity;
    let bestCpu = Infinity;
    let bestThreadCpu = Infinity;
    const inputs: ItemInput[] = [];
    for (let pass = 0; pass < 3; pass++) {
      const c0 = process.cpuUsage();
      const tc0 = threadCpuMs();
      const t0 = performance.now();
      docsBytes.forEach((b, i) => {
        try {
          for (const d of readDocuments(b, files[i]!)) {
            const s = analyze(d);
            if (pass === 0) inputs.push(toItemInput(d, s));
          }
        } catch { /* rejected files are counted by the import step */ }
      });
      best = Math.min(best, performance.now() - t0);
      const c = process.cpuUsage(c0);
      bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
      const tc1 = threadCpuMs();
      if (tc0 !== null && tc1 !== null) bestThreadCpu = Math.min(bestThreadCpu, tc1 - tc0);
    }
    results.parse = {
      mb: round(totalBytes / 1e6, 2), seconds: round(best / 1000, 3), mbPerSec: round(totalBytes / 1e6 / (best / 1000), 2),
      cpuSeconds: round(bestCpu / 1000, 3), cpuMbPerSec: round(totalBytes / 1e6 / (bestCpu / 1000), 2),
      threadCpuSeconds: Number.isFinite(bestThreadCpu) ? round(bestThreadCpu / 1000, 3) : null,
      threadCpuMbPerSec: Number.isFinite(bestThreadCpu) ? round(totalBytes / 1e6 / (bestThreadCpu / 1000), 2) : null,
    };
    console.log(`parse, 1 thread: ${(totalBytes / 1e6).toFixed(2)} MB in ${(best / 1000).toFixed(3)} s = ${(results.parse as { mbPerSec: number }).mbPerSec} MB/s (CPU time, all threads, ${(bestCpu / 1000).toFixed(3)} s = ${(results.parse as { cpuMbPerSec: number }).cpuMbPerSec} MB/s` +
      (Number.isFinite(bestThreadCpu) ? `; this thread's CPU time ${(bestThreadCpu / 1000).toFixed(3)} s = ${(results.parse as { threadCpuMbPerSec: number }).threadCpuMbPerSec} MB/s` : "") + ")");

    // 2b. Parse throughput of the whole batch on N worker threads (default: one per core),
    //     best of 3 passes: wall time, and the busiest thread's own CPU time (what the batch
    //     takes with a free core per thread; on a loaded machine the wall time is not that).
    const threads = PARSE_THREADS;
    if (threads > 0) {
      const passes = await parseOnThreads(files, threads, 3);
      const bestWall = Math.min(...passes.map((p) => p.wallMs));
      const busiest = (p: ThreadPass): number | null => p.workers.some((w) => w.cpuMs === null) ? null : Math.max(...p.workers.map((w) => w.cpuMs!));
      const cpuPasses = passes.map(busiest).filter((v): v is number => v !== null);
      const bestBusiest = cpuPasses.length ? Math.min(...cpuPasses) : null;
      const bestProcCpu = Math.min(...passes.map((p) => p.processCpuMs));
      results.parseThreads = {
        threads, seconds: round(bestWall / 1000, 3), mbPerSec: round(totalBytes / 1e6 / (bestWall / 1000), 2),
        busiestThreadCpuSeconds: bestBusiest === null ? null : round(bestBusiest / 1000, 3),
        cpuMbPerSec: bestBusiest === null ? null : round(totalBytes / 1e6 / (bestBusiest / 1000), 2),
        processCpuSeconds: round(bestProcCpu / 1000, 3),
        passes: passes.map((p) => ({ wallMs: round(p.wallMs, 1), processCpuMs: round(p.processCpuMs, 1), workers: p.workers.map((w) => ({ cpuMs: w.cpuMs, files: w.files, mb: round(w.bytes / 1e6, 2) })) })),
      };
      const pt = results.parseThreads as { mbPerSec: number; cpuMbPerSec: number | null };
      console.log(`parse, ${threads} threads (throughput): ${(totalBytes / 1e6).toFixed(2)} MB in ${(bestWall / 1000).toFixed(3)} s = ${pt.mbPerSec} MB/s` +
        ` (${bestBusiest === null ? "" : `busiest thread's CPU time ${(bestBusiest / 1000).toFixed(3)} s = ${pt.cpuMbPerSec} MB/s; `}` +
        `process CPU time, all threads, ${(bestProcCpu / 1000).toFixed(3)} s)`);
    }

    // 3. Scale the store to N items: corpus documents re-inserted under new identities,
    //    posted over the last three years.
    const have = (await store.stats(clock.now())).items;
    const t1 = performance.now();
    const span = 3 * 365 * 86_400_000;
    const start = clock.now() - span;
    for (let i = have, k = 0; i < N_ITEMS; i++, k++) {
      const src = inputs[k % inputs.length]!;
      clock.set(start + Math.floor((span * (i - have)) / Math.max(1, N_ITEMS - have)));
      await store.upsert({ ...src, identity: `bench:${i}:${src.identity}`, contentHash: `bench${i}${src.contentHash}` });
    }
    clock.set(Date.parse("2026-11-01T00:00:00Z"));
    const scaleSecs = (performance.now() - t1) / 1000;
    const items = (await store.stats(clock.now())).items;
    console.log(`scale-up: ${items.toLocaleString("en-US")} items (${(N_ITEMS - have).toLocaleString("en-US")} inserted in ${scaleSecs.toFixed(1)} s = ${round((N_ITEMS - have) / scaleSecs, 0)} items/s)`);

    // 4. Search latency over the fixed query list: one warm-up pass, then 3 timed passes.
    for (const q of BENCH_QUERIES) await store.search(q);
    const lat: number[] = [];
    // CPU time of the same searches: on a machine shared with other work, wall-clock
    // latency includes waiting for a core; CPU time shows the search's own cost.
    const cpuLat: number[] = [];
    const perQuery = new Map<string, number[]>();
    for (let pass = 0; pass < 3; pass++) {
      for (const q of BENCH_QUERIES) {
        const c0 = process.cpuUsage();
        const t = performance.now();
        await store.search(q);
        const ms = performance.now() - t;
        const c = process.cpuUsage(c0);
        cpuLat.push((c.user + c.system) / 1000);
        lat.push(ms);
        const key = JSON.stringify(q);
        perQuery.set(key, [...(perQuery.get(key) ?? []), ms]);
      }
    }
    const slowest = [...perQuery.entries()].map(([q, v]) => ({ query: JSON.parse(q) as unknown, medianMs: round(percentile(v, 50)) }))
      .sort((a, b) => b.medianMs - a.medianMs).slice(0, 8);
    const cpu = { p50ms: round(percentile(cpuLat, 50)), p95ms: round(percentile(cpuLat, 95)), p99ms: round(percentile(cpuLat, 99)) };
    results.search = { items, queries: BENCH_QUERIES.length, samples: lat.length, p50ms: round(percentile(lat, 50)), p95ms: round(percentile(lat, 95)), p99ms: round(percentile(lat, 99)), maxMs: round(Math.max(...lat)), cpu, slowest };
    console.log(`search at ${items.toLocaleString("en-US")} items: p50 ${round(percentile(lat, 50))} ms, p95 ${round(percentile(lat, 95))} ms, p99 ${round(percentile(lat, 99))} ms (CPU time: p50 ${cpu.p50ms} ms, p95 ${cpu.p95ms} ms, p99 ${cpu.p99ms} ms)`);
    for (const x of slowest) console.log(`  slow: ${x.medianMs.toFixed(1).padStart(7)} ms  ${JSON.stringify(x.query)}`);

    // 5. Pages under load (autocannon, 10 connections, loopback).
    const app = await buildServer({ store, clock, baseUrl: "http://127.0.0.1" });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const addr = app.server.address();
    const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    const one = (await store.list({ limit: 1 })).items[0];
    const pages: Record<string, string> = {
      home: "/",
      item: `/items/${one?.id ?? "missing"}`,
      search: "/search?q=vaccine",
      feed: "/feeds/rss.xml",
    };
    const http: Record<string, unknown> = {};
    for (const [name, path] of Object.entries(pages)) {
      const r = await autocannon({ url: base + path, connections: 10, duration: SECONDS });
      http[name] = { path, requestsPerSec: round(r.requests.average, 0), p99ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
      console.log(`http ${name.padEnd(6)} ${path.padEnd(40)} ${round(r.requests.average, 0)} req/s, p99 ${r.latency.p99} ms${r.non2xx ? `, ${r.non2xx} non-2xx` : ""}`);
    }
    results.http = http;
    await app.close();
    await store.close();

    mkdirSync("bench-results", { recursive: true });
    const json = JSON.stringify(results, null, 2) + "\n";
    writeFileSync(join("bench-results", "latest.json"), json);
    writeFileSync(join("bench-results", `${String(results.date).slice(0, 19).replace(/:/g, "")}.json`), json);
    console.log("written: bench-results/latest.json");
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (pgUrl) await dropPostgresSchema(pgUrl, pgSchema).catch((e: unknown) => console.error(`could not drop schema ${pgSchema}: ${String(e)}`));
  }
}

await main();

/**
 * Parse throughput on several threads (the bench's "parse, N threads" figure): the corpus
 * files are parsed (decode + extract + transcript analysis, as `pressroom parse` does) by
 * `threads` worker threads that take the next file from a shared counter until none is
 * left, largest files first, so a thread that drew large files simply takes fewer and the
 * threads finish close together.
 *
 * Every worker reads all files into its own memory before the clock starts (as the
 * single-thread figure parses bytes already in memory). Each pass reports its wall time and,
 * per worker, the CPU time of that thread alone (`/proc/thread-self/stat`, Linux; null
 * elsewhere), besides the CPU time of the whole process (all threads, including V8's
 * collector and compiler threads). On a machine shared with other work the wall time is
 * slowed by waiting for a CPU; `bytes / the busiest worker's CPU time` is what the batch
 * would take with one idle core per worker.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/** One pass of {@link parseOnThreads}. */
export interface ThreadPass {
  /** Wall time from "go" to the last worker's end, in ms. */
  wallMs: number;
  /** CPU time of the whole process (all threads) over the pass, in ms. */
  processCpuMs: number;
  /** Per worker: CPU time of its thread in ms (null when the platform does not tell), files and bytes it parsed. */
  workers: { cpuMs: number | null; files: number; bytes: number }[];
}

/** Clock ticks per second of /proc stat times (USER_HZ: 100 on Linux for all common builds). */
const TICKS = 100;

/**
 * CPU time of the calling thread alone (user + system) in ms, from `/proc/thread-self/stat`
 * (10 ms resolution), or null where that file does not exist (not Linux).
 */
export function threadCpuMs(): number | null {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "latin1");
    // the fields after the command name (which may hold spaces, in parentheses): utime is field 14, stime 15
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / TICKS;
  } catch {
    return null;
  }
}

/** Messages of the worker protocol (see `parse-thread-worker.ts`). */
export type ToWorker = { type: "go" };
export type FromWorker =
  | { type: "ready" }
  | { type: "done"; cpuMs: number | null; files: number; bytes: number }
  | { type: "error"; message: string };

/** A worker running `parse-thread-worker` (compiled `.js`, or the `.ts` source under tsx). */
function startWorker(workerData: unknown): Worker {
  const js = new URL("./parse-thread-worker.js", import.meta.url);
  if (js.protocol === "file:" && existsSync(fileURLToPath(js))) return new Worker(js, { workerData });
  const ts = new URL("./parse-thread-worker.ts", import.meta.url);
  const boot = `import("tsx/esm/api").then((api) => { api.register(); return import(${JSON.stringify(ts.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * Parse `files` on `threads` worker threads, `passes` times.
 * @param files absolute paths (read by each worker before the first pass)
 * @param threads number of worker threads, ≥ 1
 * @param passes number of timed passes, ≥ 1 (the first also warms up the JIT)
 * @returns one {@link ThreadPass} per pass
 * @throws Error when `threads` or `passes` is not a positive integer, or a worker fails
 */
export async function parseOnThreads(files: readonly string[], threads: number, passes: number): Promise<ThreadPass[]> {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be a positive integer, got ${threads}`);
  if (!Number.isInteger(passes) || passes < 1) throw new Error(`passes must be a positive integer, got ${passes}`);
  const next = new Int32Array(new SharedArrayBuffer(4)); // index of the next file to take
  const workers = Array.from({ length: threads }, () => startWorker({ files, next }));
  // one queue of messages per worker, awaited in order
  const queues = workers.map((w) => {
    const waiting: ((m: FromWorker) => void)[] = [];
    const early: FromWorker[] = [];
    const deliver = (m: FromWorker): void => { const r = waiting.shift(); if (r) r(m); else early.push(m); };
    w.on("message", deliver);
    w.on("error", (e: Error) => deliver({ type: "error", message: e.message }));
    w.on("exit", (code) => deliver({ type: "error", message: `worker exited (code ${code})` }));
    return (): Promise<FromWorker> => new Promise((res) => { const m = early.shift(); if (m) res(m); else waiting.push(res); });
  });
  const expect = async <T extends FromWorker["type"]>(k: number, type: T): Promise<Extract<FromWorker, { type: T }>> => {
    const m = await queues[k]!();
    if (m.type === "error") throw new Error(`parse worker ${k}: ${m.message}`);
    if (m.type !== type) throw new Error(`parse worker ${k}: expected ${type}, got ${m.type}`);
    return m as Extract<FromWorker, { type: T }>;
  };
  try {
    await Promise.all(workers.map((_, k) => expect(k, "ready")));
    const out: ThreadPass[] = [];
    for (let pass = 0; pass < passes; pass++) {
      Atomics.store(next, 0, 0);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (const w of workers) w.postMessage({ type: "go" } satisfies ToWorker);
      const done = await Promise.all(workers.map((_, k) => expect(k, "done")));
      const wallMs = performance.now() - t0;
      const c = process.cpuUsage(c0);
      out.push({ wallMs, processCpuMs: (c.user + c.system) / 1000, workers: done.map((d) => ({ cpuMs: d.cpuMs, files: d.files, bytes: d.bytes })) });
    }
    return out;
  } finally {
    await Promise.all(workers.map((w) => { w.removeAllListeners("exit"); return w.terminate().catch(() => 0); }));
  }
}

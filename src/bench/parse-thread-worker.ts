/**
 * Worker-thread entry of {@link parseOnThreads} (`parse-threads.ts`). `workerData`:
 * `{ files: string[], next: Int32Array }` (a shared counter). Reads every file, posts
 * `ready`; on each `go` takes files (largest first) by the counter until none is left, parses each
 * (readDocuments + analyze; a rejected file counts as parsed, as in the single-thread
 * figure) and posts `done` with this thread's CPU time in ms (`/proc/thread-self/stat`,
 * null where that file does not exist), files and bytes parsed.
 */
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { readDocuments } from "../ingest/index.js";
import { analyze } from "../transcript/index.js";
import { threadCpuMs, type FromWorker, type ToWorker } from "./parse-threads.js";

const { files, next } = workerData as { files: string[]; next: Int32Array };
const bytes = files.map((f) => readFileSync(f));
/** Largest files first (the same order in every worker): the last files taken are small, so the threads finish close together. */
const order = bytes.map((_, i) => i).sort((a, b) => bytes[b]!.length - bytes[a]!.length || a - b);

const post = (m: FromWorker): void => parentPort!.postMessage(m);

parentPort!.on("message", (m: ToWorker) => {
  if (m.type !== "go") return;
  try {
    const c0 = threadCpuMs();
    let n = 0;
    let b = 0;
    for (let k = Atomics.add(next, 0, 1); k < order.length; k = Atomics.add(next, 0, 1)) {
      const i = order[k]!;
      try {
        for (const d of readDocuments(bytes[i]!, files[i]!)) analyze(d);
      } catch { /* a rejected file: parsed as far as it goes, as in the single-thread pass */ }
      n++;
      b += bytes[i]!.length;
    }
    const c1 = threadCpuMs();
    post({ type: "done", cpuMs: c0 === null || c1 === null ? null : c1 - c0, files: n, bytes: b });
  } catch (e) {
    post({ type: "error", message: e instanceof Error ? e.message : String(e) });
  }
});
post({ type: "ready" });

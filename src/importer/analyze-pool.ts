/**
 * File analysis on worker threads, so the importer's main thread can store one batch while
 * the next files are read and analysed (on a machine with a spare core, an import then
 * takes about as long as the slower of the two instead of their sum).
 *
 * Only analysis moves: every database write stays on the calling thread, in file order, so
 * crash safety and the order of ids are those of an import without workers. A file whose
 * worker fails (it could not start, or died) is analysed on the calling thread instead, so
 * a pool never loses a file.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { analyzeFile, type FileAnalysis } from "./analyze-file.js";
import type { AnalyzeRequest } from "./analyze-worker.js";

interface Pending {
  req: AnalyzeRequest;
  resolve: (r: FileAnalysis) => void;
}

/**
 * A new worker running `analyze-worker` beside this module: the compiled `.js`, or, when
 * the code runs from its TypeScript source (under tsx, as the tests do), the `.ts` file
 * with tsx's loader registered in the worker first (a worker does not inherit it).
 * Null when neither file exists.
 */
function startWorker(): Worker | null {
  const js = new URL("./analyze-worker.js", import.meta.url);
  if (js.protocol === "file:" && existsSync(fileURLToPath(js))) return new Worker(js);
  const ts = new URL("./analyze-worker.ts", import.meta.url);
  if (ts.protocol !== "file:" || !existsSync(fileURLToPath(ts))) return null;
  const boot = `import("tsx/esm/api").then((api) => { api.register(); return import(${JSON.stringify(ts.href)}); })`;
  return new Worker(boot, { eval: true });
}

interface Slot {
  /** null once the worker failed or was never started. */
  worker: Worker | null;
  /** Requests sent to this worker and not answered yet, by id. */
  inFlight: Map<number, Pending>;
}

/** A pool of analysis workers; see the module comment. Call {@link close} when done. */
export class AnalyzePool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private turn = 0;
  private closed = false;

  /**
   * Start `size` workers (at least 1). Never throws: when a worker cannot be created or
   * dies, its files are analysed on the calling thread.
   */
  constructor(size: number) {
    for (let k = 0; k < Math.max(1, Math.floor(size)); k++) {
      const slot: Slot = { worker: null, inFlight: new Map() };
      this.slots.push(slot);
      try {
        slot.worker = startWorker();
      } catch {
        slot.worker = null;
      }
      if (!slot.worker) continue;
      slot.worker.on("message", (m: { id: number; result?: FileAnalysis; error?: string }) => {
        const p = slot.inFlight.get(m.id);
        if (!p) return;
        slot.inFlight.delete(m.id);
        if (m.result) p.resolve(m.result);
        else void this.local(p); // an unexpected failure in the worker: analyse here instead
      });
      const fail = (): void => {
        // the worker is gone (failed to load, crashed): what it had is analysed here
        slot.worker = null;
        const lost = [...slot.inFlight.values()];
        slot.inFlight.clear();
        if (!this.closed) for (const p of lost) void this.local(p);
      };
      slot.worker.on("error", fail);
      slot.worker.on("exit", fail);
    }
  }

  /** Analyse one file on a worker (round robin), or here when no worker is available. Never rejects. */
  analyze(path: string, maxBytes: number, flags: string[]): Promise<FileAnalysis> {
    const req: AnalyzeRequest = { id: this.nextId++, path, maxBytes, flags };
    return new Promise<FileAnalysis>((resolve) => {
      const p: Pending = { req, resolve };
      const live = this.slots.filter((s) => s.worker !== null);
      const slot = live.length > 0 && !this.closed ? live[this.turn++ % live.length]! : null;
      if (!slot) { void this.local(p); return; }
      slot.inFlight.set(req.id, p);
      try {
        slot.worker!.postMessage(req);
      } catch {
        slot.inFlight.delete(req.id);
        void this.local(p);
      }
    });
  }

  private async local(p: Pending): Promise<void> {
    p.resolve(await analyzeFile(p.req.path, p.req.maxBytes, p.req.flags));
  }

  /** Stop the workers. Requests still open are dropped (their promises never settle). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker?.terminate().catch(() => 0)));
  }
}

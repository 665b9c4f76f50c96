import type { Store } from "../store/store.js";
import { systemClock, type Clock } from "../core/clock.js";
import { isPressroomError, PressroomError } from "../core/errors.js";
import { walkPaths } from "./walk.js";
import { availableParallelism, loadavg } from "node:os";
import { analyzeFile, type FileAnalysis } from "./analyze-file.js";
import { AnalyzePool } from "./analyze-pool.js";
import { storeBatch, type PendingDocument } from "./store-batch.js";
import { recordIngest } from "../ops/metrics.js";

/** Default largest file the importer reads, in bytes (20 MiB). */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Most documents stored in one write transaction, and most body text (counted in UTF-16
 * code units, about bytes for this text) before a batch is stored: enough to
 * pay a commit's fixed costs (a new full-text segment, the WAL frames of shared pages) once
 * for many documents, small enough that a transaction stays short (well under a second:
 * other writers wait for it) and a crash loses little work.
 */
export const BATCH_DOCUMENTS = 64;
export const BATCH_BYTES = 4 * 1024 * 1024;

/** One rejected file (or one rejected entry of a feed file) and why. */
export interface Rejection {
  path: string;
  code: string;
  reason: string;
}

/** Totals of an import run. Counts are documents (a feed file holds several). */
export interface ImportSummary {
  /** Files read (a feed file holds several documents). */
  files: number;
  /** Documents found in those files: imported + updated + unchanged + held + rejected entries. */
  documents: number;
  imported: number;
  updated: number;
  unchanged: number;
  /** Documents held under an embargo stated in them whose time has not come (see `store-document.ts`). */
  held: number;
  rejected: Rejection[];
  /** Total bytes of the files read. */
  bytes: number;
  /** Wall time of the run, ms. */
  elapsedMs: number;
  /** True when the run was stopped early (Ctrl-C); what was stored so far is consistent. */
  interrupted: boolean;
}

/** Progress after each file: `done` of `total` files, `bytes` read so far. */
export type ProgressFn = (p: { done: number; total: number; bytes: number; path: string }) => void;

export interface ImportOptions {
  maxBytes?: number;
  onProgress?: ProgressFn;
  /** Editorial flags to set on every item of this run (e.g. `sample_content` for the demo set). */
  flags?: string[];
  /** Checked before each file; when it returns true the run stops (Ctrl-C). */
  shouldStop?: () => boolean;
  /** Clock that decides whether a stated embargo has lifted (default: the system clock). */
  clock?: Clock;
  /**
   * Worker threads that read and analyse files while this thread stores them (`0`: analyse
   * here). Default: {@link defaultWorkers}. Writes stay on this thread, in file order, so the
   * result is the same either way; only the time differs.
   */
  workers?: number;
}

/** Fewer files than this are analysed on the calling thread by default: starting a worker (loading the parsers) costs more. */
export const MIN_FILES_FOR_WORKER = 8;
/**
 * One analysis worker when it can help: at least {@link MIN_FILES_FOR_WORKER} files, and a
 * core to spare (at least 2 cores, and a one-minute load average below cores − 0.5). On a
 * machine whose cores are all busy a worker only adds its start-up and the copying of
 * results (about a fifth more CPU time for the shared corpus) and wins nothing.
 */
export function defaultWorkers(files: number): number {
  const cores = availableParallelism();
  if (cores < 2 || files < MIN_FILES_FOR_WORKER) return 0;
  return loadavg()[0]! < cores - 0.5 ? 1 : 0;
}

/** Files analysed ahead of the one being stored, when analysing on workers (bounds memory). */
const AHEAD = 32;

/**
 * Import files and folders (recursively) into `store`. Documents are stored a batch at a
 * time (up to {@link BATCH_DOCUMENTS} documents or {@link BATCH_BYTES} bytes of body per
 * write transaction, see `store-batch.ts`), so a crash or Ctrl-C leaves the database
 * consistent (a batch is stored whole or not at all; Ctrl-C stores the files read so far
 * first), and a rerun skips what is already stored (unchanged) and goes on where it
 * stopped. Never throws for a bad file or document: it is listed in `rejected` with a
 * reason, and everything else is imported (a batch that fails is stored again document by
 * document, so only the bad one is rejected).
 * @throws only when the store itself fails (`PRESSROOM_E_DATABASE`), or for a bad
 *   `opts.workers` (`PRESSROOM_E_BAD_REQUEST`).
 */
export async function importPaths(store: Store, paths: string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  const started = Date.now();
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const { files, problems } = await walkPaths(paths, { shouldStop: opts.shouldStop });
  const summary: ImportSummary = {
    files: files.length, documents: 0, imported: 0, updated: 0, unchanged: 0, held: 0,
    rejected: problems.map((p) => ({ path: p.path, code: "PRESSROOM_E_UNREADABLE", reason: p.reason })),
    bytes: 0, elapsedMs: 0, interrupted: false,
  };
  const clock = opts.clock ?? systemClock;
  let pending: PendingDocument[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    await storeBatchInto(store, batch, summary, clock);
  };
  const flags = opts.flags ?? [];
  if (opts.workers !== undefined && !(Number.isInteger(opts.workers) && opts.workers >= 0 && opts.workers <= 64)) {
    throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `workers must be a whole number from 0 to 64, not ${String(opts.workers)}`);
  }
  const nWorkers = opts.workers ?? defaultWorkers(files.length);
  const pool = nWorkers > 0 ? new AnalyzePool(nWorkers) : null;
  // Files are analysed ahead (on the workers) while this thread stores; results are taken in file order.
  const ahead: Promise<FileAnalysis>[] = [];
  let next = 0;
  const fill = (): void => {
    while (next < files.length && ahead.length < (pool ? AHEAD : 1)) {
      const path = files[next++]!;
      ahead.push(pool ? pool.analyze(path, maxBytes, flags) : analyzeFile(path, maxBytes, flags));
    }
  };
  try {
    let done = 0;
    for (const path of files) {
      if (opts.shouldStop?.()) { summary.interrupted = true; break; }
      fill();
      const r = await ahead.shift()!;
      fill();
      summary.bytes += r.bytes;
      for (const x of r.rejected) summary.rejected.push({ path: r.path, ...x });
      for (const input of r.inputs) {
        pending.push({ path: r.path, input });
        pendingBytes += input.body.length;
      }
      if (pending.length >= BATCH_DOCUMENTS || pendingBytes >= BATCH_BYTES) await flush();
      done++;
      opts.onProgress?.({ done, total: files.length, bytes: summary.bytes, path });
    }
    await flush();
  } finally {
    await pool?.close();
  }
  summary.documents = summary.imported + summary.updated + summary.unchanged + summary.held + summary.rejected.length - problems.length;
  summary.elapsedMs = Date.now() - started;
  recordIngest("rejected", summary.rejected.length); // Prometheus counter (ops/metrics.ts); stored documents count in storeDocument
  return summary;
}

/** Store one batch and count what happened; a document's own error is a rejection, a database failure is thrown. */
async function storeBatchInto(store: Store, batch: PendingDocument[], summary: ImportSummary, clock: Clock): Promise<void> {
  // Publish now, or hold under the document's own embargo: the decisions of storeDocument.
  for (const o of await storeBatch(store, batch, { now: clock.now() })) {
    if (o.result) { summary[o.result.status]++; continue; }
    const e = o.error;
    if (isPressroomError(e) && e.code !== "PRESSROOM_E_DATABASE") { summary.rejected.push({ path: o.path, code: e.code, reason: e.message }); continue; }
    throw e instanceof PressroomError ? e : new PressroomError("PRESSROOM_E_DATABASE", `storing ${o.path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

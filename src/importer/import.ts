import type { Store } from "../store/store.js";
import { systemClock, type Clock } from "../core/clock.js";
import { storeDocument } from "./store-document.js";
import { isPressroomError, PressroomError } from "../core/errors.js";
import { walkPaths } from "./walk.js";
import { analyzeFile, type FileAnalysis } from "./analyze-file.js";
import { recordIngest } from "../ops/metrics.js";

/** Default largest file the importer reads, in bytes (20 MiB). */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

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
}

/**
 * Import files and folders (recursively) into `store`. Each document is stored in its
 * own transaction, so a crash or Ctrl-C leaves the database consistent, and a rerun
 * skips what is already stored (unchanged) and goes on where it stopped. Never throws
 * for a bad file: it is listed in `rejected` with a reason, and the batch goes on.
 * @throws only when the store itself fails (`PRESSROOM_E_DATABASE`).
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
  let done = 0;
  for (const path of files) {
    if (opts.shouldStop?.()) { summary.interrupted = true; break; }
    await storeAnalysis(store, await analyzeFile(path, maxBytes, opts.flags ?? []), summary, opts.clock ?? systemClock);
    done++;
    opts.onProgress?.({ done, total: files.length, bytes: summary.bytes, path });
  }
  summary.documents = summary.imported + summary.updated + summary.unchanged + summary.held + summary.rejected.length - problems.length;
  summary.elapsedMs = Date.now() - started;
  recordIngest("rejected", summary.rejected.length); // Prometheus counter (ops/metrics.ts); stored documents count in storeDocument
  return summary;
}

async function storeAnalysis(store: Store, r: FileAnalysis, summary: ImportSummary, clock: Clock): Promise<void> {
  summary.bytes += r.bytes;
  for (const x of r.rejected) summary.rejected.push({ path: r.path, ...x });
  for (const input of r.inputs) {
    let res;
    try {
      // Publish now, or hold under the document's own embargo: one decision, in storeDocument.
      res = await storeDocument(store, input, { now: clock.now() });
    } catch (e) {
      if (isPressroomError(e) && e.code !== "PRESSROOM_E_DATABASE") { summary.rejected.push({ path: r.path, code: e.code, reason: e.message }); continue; }
      throw e instanceof PressroomError ? e : new PressroomError("PRESSROOM_E_DATABASE", `storing ${r.path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    summary[res.status]++;
  }
}

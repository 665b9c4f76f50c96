import { stat, readFile } from "node:fs/promises";
import type { Store } from "../store/store.js";
import { readDocuments } from "../ingest/index.js";
import { analyze } from "../transcript/index.js";
import { isPressroomError, PressroomError } from "../core/errors.js";
import { walkPaths, describeFsError } from "./walk.js";
import { toItemInput } from "./to-item.js";
import { redactForPublication } from "../publish/redact.js";

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
  /** Documents found in those files: imported + updated + unchanged + rejected entries. */
  documents: number;
  imported: number;
  updated: number;
  unchanged: number;
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
  /** Checked before each file; when it returns true the run stops (Ctrl-C). */
  shouldStop?: () => boolean;
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
    files: files.length, documents: 0, imported: 0, updated: 0, unchanged: 0,
    rejected: problems.map((p) => ({ path: p.path, code: "PRESSROOM_E_UNREADABLE", reason: p.reason })),
    bytes: 0, elapsedMs: 0, interrupted: false,
  };
  let done = 0;
  for (const path of files) {
    if (opts.shouldStop?.()) { summary.interrupted = true; break; }
    await importOne(store, path, maxBytes, summary);
    done++;
    opts.onProgress?.({ done, total: files.length, bytes: summary.bytes, path });
  }
  summary.documents = summary.imported + summary.updated + summary.unchanged + summary.rejected.length - problems.length;
  summary.elapsedMs = Date.now() - started;
  return summary;
}

async function importOne(store: Store, path: string, maxBytes: number, summary: ImportSummary): Promise<void> {
  // Reasons from the reader often start with the path; the rejection names it already.
  const reject = (code: string, reason: string) => summary.rejected.push({ path, code, reason: reason.startsWith(`${path}: `) ? reason.slice(path.length + 2) : reason });
  let bytes: Buffer;
  try {
    const st = await stat(path);
    if (st.size > maxBytes) {
      reject("PRESSROOM_E_TOO_LARGE", `file is ${st.size.toLocaleString("en-US")} bytes, over the ${maxBytes.toLocaleString("en-US")}-byte limit`);
      return;
    }
    bytes = await readFile(path);
  } catch (e) {
    reject("PRESSROOM_E_UNREADABLE", describeFsError(e));
    return;
  }
  summary.bytes += bytes.length;
  let docs;
  try {
    docs = readDocuments(bytes, path, { maxBytes });
  } catch (e) {
    if (isPressroomError(e)) reject(e.code, e.message);
    else reject("PRESSROOM_E_INTERNAL", `could not read document: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  for (const doc of docs) {
    let input;
    try {
      // Editorial redaction before anything is stored in a served column (background names).
      input = redactForPublication(toItemInput(doc, analyze(doc))).input;
    } catch (e) {
      reject(isPressroomError(e) ? e.code : "PRESSROOM_E_INTERNAL", `could not analyse document: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    let r;
    try {
      r = await store.upsert(input);
    } catch (e) {
      if (isPressroomError(e) && e.code !== "PRESSROOM_E_DATABASE") { reject(e.code, e.message); continue; }
      throw e instanceof PressroomError ? e : new PressroomError("PRESSROOM_E_DATABASE", `storing ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    summary[r.status]++;
  }
}

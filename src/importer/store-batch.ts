/**
 * Storing analysed documents several to a write transaction. One transaction per document
 * made the commit the largest cost of an import (each COMMIT flushes a new FTS5 segment and
 * writes the WAL frames of every touched page); a batch pays that once for all its documents.
 *
 * The decisions stay those of {@link storeDocument}: a document stating an embargo that has
 * not lifted, or whose identity is already held, goes through `storeDocument` on its own; the
 * rest are published with the store's own `upsertIn`, in document order, in one transaction.
 * When that transaction fails, nothing of it was written, and its documents are stored again
 * one by one through `storeDocument`, so one bad document never takes its batch-mates down
 * with it (it alone is rejected, exactly as without batching).
 */
import type { ItemInput } from "../core/item.js";
import type { Store } from "../store/store.js";
import type { StoreCore } from "../store/sqlite-core.js";
import { upsertIn } from "../store/sqlite.js";
import { recordIngest } from "../ops/metrics.js";
import { embargoOf, storeDocument, type StoreDocumentResult } from "./store-document.js";

/** One analysed document waiting to be stored, with the file it came from. */
export interface PendingDocument {
  path: string;
  input: ItemInput;
}

/** What happened to one document of a batch: its result, or the error storing it threw. */
export type BatchOutcome =
  | { path: string; result: StoreDocumentResult; error?: undefined }
  | { path: string; error: unknown; result?: undefined };

/** Options of {@link storeBatch}. */
export interface StoreBatchOptions {
  /** "Now" for embargo decisions (epoch ms, UTC), as `StoreDocumentOptions.now`. */
  now: number;
  /** Audit actor of a hold (default `import`). */
  actor?: string;
}

/** The store's write-transaction core, when it has one (the SQL stores do); else null. */
function coreOf(store: Store): StoreCore | null {
  const c = store as Partial<StoreCore>;
  return typeof c.writeTx === "function" && c.db !== undefined && c.clock !== undefined && c.engine !== undefined ? (c as StoreCore) : null;
}

/**
 * Store `docs` in order: consecutive documents that are simply published share one write
 * transaction; held or embargoed ones go alone through {@link storeDocument}. Never throws:
 * every document gets an outcome (an error is the one `storeDocument` threw for it alone).
 * A store without a write-transaction core (see `StoreCore`) stores each document alone.
 */
export async function storeBatch(store: Store, docs: readonly PendingDocument[], opts: StoreBatchOptions): Promise<BatchOutcome[]> {
  const out: BatchOutcome[] = [];
  const core = coreOf(store);
  const alone = async (d: PendingDocument, embargo?: ReturnType<typeof embargoOf>): Promise<void> => {
    try {
      out.push({ path: d.path, result: await storeDocument(store, d.input, { now: opts.now, actor: opts.actor, ...(embargo !== undefined ? { embargo } : {}) }) });
    } catch (error) {
      out.push({ path: d.path, error });
    }
  };
  let run: PendingDocument[] = [];
  const flush = async (): Promise<void> => {
    const docsOfRun = run;
    run = [];
    if (docsOfRun.length === 0) return;
    if (docsOfRun.length === 1 || core === null) {
      for (const d of docsOfRun) await alone(d);
      return;
    }
    let results: StoreDocumentResult[];
    try {
      results = await core.writeTx(async (db) => {
        const rs: StoreDocumentResult[] = [];
        for (const d of docsOfRun) {
          const r = await upsertIn(db, d.input, { now: core.clock.now(), engine: core.engine });
          rs.push({ status: r.status, id: r.id, version: r.version });
        }
        return rs;
      });
    } catch {
      // Rolled back as a whole: store each document on its own, so only a bad one fails.
      for (const d of docsOfRun) await alone(d);
      return;
    }
    results.forEach((r, k) => {
      recordIngest(r.status); // as storeDocument does per document
      out.push({ path: docsOfRun[k]!.path, result: r });
    });
  };
  for (const d of docs) {
    const input = d.input;
    if (!input || typeof input.identity !== "string" || input.identity === "") { await flush(); await alone(d); continue; }
    let embargo: ReturnType<typeof embargoOf>;
    let held: boolean;
    try {
      embargo = embargoOf(input);
      // committed state: a hold made by an earlier document of this batch was stored alone, before
      held = (embargo !== null && embargo.at !== null && embargo.at > opts.now) || (await store.editorial.getHeldByIdentity(input.identity)) !== null;
    } catch {
      await flush();
      await alone(d);
      continue;
    }
    if (held) {
      await flush();
      await alone(d, embargo);
    } else {
      run.push(d);
    }
  }
  await flush();
  return out;
}

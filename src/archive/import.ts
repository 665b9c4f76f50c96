/**
 * `pressroom import-archive`: read an archive (see `format.ts`, docs/archive.md) back into
 * an EMPTY store, through the store's archive interface (so it works on any database).
 *
 * Two passes over the file: the first checks every line (JSON, header, record shapes,
 * record order, the header's counts, a line end after the last line) and writes nothing;
 * the second restores the records in transactions of a bounded number of records. A bad
 * archive is therefore refused before anything is stored. Only a failure of the database
 * itself during the second pass leaves part of the archive stored (the batches committed
 * before it); the error says so and names the lines.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { PressroomError, isPressroomError } from "../core/errors.js";
import type { Store } from "../store/store.js";
import type { ArchiveCounts } from "../store/archive.js";
import { RECORD_ORDER, badLine, parseHeader, parseRecord, type ArchiveHeader, type ArchiveRecord, type RecordType } from "./format.js";
import { readLines, type Line } from "./lines.js";

/** Records per restore transaction (items: at most this many, fewer when they are large). */
export const BATCH_RECORDS = 200;
/** Items per restore transaction stop growing past this much JSON text (characters). */
export const BATCH_ITEM_CHARS = 16 << 20;

/** What {@link importArchive} did. */
export interface ArchiveImportSummary {
  header: ArchiveHeader;
  /** Records restored of each type. */
  restored: ArchiveCounts;
}

async function* lines(path: string): AsyncGenerator<Line> {
  yield* readLines(createReadStream(path));
}

const rank = (t: RecordType) => RECORD_ORDER.indexOf(t);

/**
 * Check every line of the archive at `path` without writing anything.
 * @returns The header.
 * @throws PressroomError `PRESSROOM_E_TRUNCATED` / `PRESSROOM_E_UNSUPPORTED` naming the line
 *   (not JSON, not an archive, other version, unknown record type, bad field, records out of
 *   order, counts that do not match the header, a last line without line end),
 *   `PRESSROOM_E_UNREADABLE` when the file cannot be read.
 */
export async function checkArchive(path: string): Promise<ArchiveHeader> {
  let header: ArchiveHeader | null = null;
  const seen: ArchiveCounts = { user: 0, item: 0, held: 0, saved_search: 0, source: 0, audit: 0 };
  let current: RecordType = RECORD_ORDER[0];
  let last = 0;
  try {
    for await (const l of lines(path)) {
      last = l.no;
      if (!l.terminated) throw badLine(l.no, "the last line has no line end: the archive is truncated");
      if (l.no === 1) { header = parseHeader(l.text); continue; }
      const r = parseRecord(l.text, l.no);
      if (rank(r.type) < rank(current)) throw badLine(l.no, `a ${r.type} record after ${current} records: records must come in the order ${RECORD_ORDER.join(", ")}`);
      current = r.type;
      seen[r.type]++;
    }
  } catch (e) {
    if (isPressroomError(e)) throw e;
    throw new PressroomError("PRESSROOM_E_UNREADABLE", `could not read the archive ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!header) throw badLine(1, "the archive is empty (no header)");
  for (const k of RECORD_ORDER) {
    if (seen[k] !== header.counts[k]) {
      throw badLine(last, `the header announces ${header.counts[k]} ${k} records but the archive holds ${seen[k]}: it is truncated or was edited`);
    }
  }
  return header;
}

/**
 * Restore the archive at `path` into `store`, which must be empty.
 * Ids, version numbers and the posting, update and publication times are kept exactly;
 * the full-text index, counters and question rows are rebuilt as items are restored.
 * @throws PressroomError `PRESSROOM_E_CONFLICT` when the store holds anything already
 *   (nothing is written); the errors of {@link checkArchive} (nothing is written);
 *   `PRESSROOM_E_DATABASE` when the database fails mid-way (the message names the lines of
 *   the failed batch; the batches before it stay stored).
 */
export async function importArchive(store: Store, path: string): Promise<ArchiveImportSummary> {
  try {
    if (!(await stat(path)).isFile()) throw new Error("not a file");
  } catch (e) {
    throw new PressroomError("PRESSROOM_E_UNREADABLE", `could not read the archive ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const held = await store.archive.counts();
  const present = RECORD_ORDER.filter((k) => held[k] > 0);
  if (present.length > 0) {
    throw new PressroomError("PRESSROOM_E_CONFLICT",
      `the target archive is not empty (${present.map((k) => `${k}: ${held[k]}`).join(", ")}): import-archive restores into an empty archive only; use a new --data-dir`);
  }
  const header = await checkArchive(path);

  const restored: ArchiveCounts = { user: 0, item: 0, held: 0, saved_search: 0, source: 0, audit: 0 };
  let batch: ArchiveRecord[] = [];
  let batchType: RecordType | null = null;
  let firstLine = 0;
  let lastLine = 0;
  let chars = 0;
  const flush = async () => {
    if (batch.length === 0 || batchType === null) return;
    const rows = batch.map(({ type: _t, ...rest }) => rest);
    try {
      switch (batchType) {
        case "user": await store.archive.restoreUsers(rows as never); break;
        case "item": await store.archive.restoreItems(rows as never); break;
        case "held": await store.archive.restoreHeld(rows as never); break;
        case "saved_search": await store.archive.restoreSavedSearches(rows as never); break;
        case "source": await store.archive.restoreSources(rows as never); break;
        case "audit": await store.archive.restoreAudit(rows as never); break;
      }
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new PressroomError(isPressroomError(e) ? e.code : "PRESSROOM_E_DATABASE",
        `could not restore the ${batchType} records of archive lines ${firstLine}-${lastLine}: ${msg}; the records before line ${firstLine} are stored: remove this archive's data and import again once the cause is fixed`,
        { fromLine: firstLine, toLine: lastLine });
    }
    restored[batchType] += batch.length;
    batch = [];
    chars = 0;
  };
  for await (const l of lines(path)) {
    if (l.no === 1) continue;
    const r = parseRecord(l.text, l.no);
    if (r.type !== batchType || batch.length >= BATCH_RECORDS || (r.type === "item" && chars >= BATCH_ITEM_CHARS)) {
      await flush();
      batchType = r.type;
      firstLine = l.no;
    }
    batch.push(r);
    lastLine = l.no;
    chars += l.text.length;
  }
  await flush();
  return { header, restored };
}

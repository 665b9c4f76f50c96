/**
 * `pressroom export`: write the whole archive as JSON Lines (see `format.ts`,
 * docs/archive.md), reading the store page by page so memory stays flat.
 */
import { PressroomError } from "../core/errors.js";
import type { Store } from "../store/store.js";
import type { ArchiveCounts } from "../store/archive.js";
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, RECORD_ORDER, encodeLine, type ArchiveRecord } from "./format.js";

/** Where the export goes: a function that takes one chunk of text and resolves once it may take the next. */
export type ArchiveSink = (chunk: string) => Promise<void>;

/** Items read per store page. */
const ITEM_PAGE = 100;
/** Held items and audit entries read per store page. */
const ROW_PAGE = 500;

/**
 * Write the archive of `store` to `sink`: the header (with the record counts taken at the
 * start), then every user, item (all versions), held item, saved search, source and audit
 * entry, in that order. `now` (epoch ms, UTC) becomes `exported_at`.
 *
 * @returns The number of records written of each type.
 * @throws PressroomError `PRESSROOM_E_CONFLICT` when the records written do not match the
 *   counts of the header (the archive changed during the export: run it again on a quiet
 *   archive); `PRESSROOM_E_DATABASE` from the store.
 */
export async function exportArchive(store: Store, sink: ArchiveSink, now: number): Promise<ArchiveCounts> {
  const counts = await store.archive.counts();
  await sink(encodeLine({ format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, exported_at: new Date(now).toISOString(), counts }));
  const written: ArchiveCounts = { user: 0, item: 0, held: 0, saved_search: 0, source: 0, audit: 0 };
  const put = async (r: ArchiveRecord) => {
    written[r.type]++;
    await sink(encodeLine(r));
  };

  for (const u of await store.archive.users()) await put({ type: "user", ...u });
  for (let after: string | null = null; ;) {
    const page: { items: Awaited<ReturnType<Store["archive"]["itemsPage"]>>["items"]; next: string | null } = await store.archive.itemsPage(after, ITEM_PAGE);
    for (const it of page.items) await put({ type: "item", ...it });
    if (page.next === null) break;
    after = page.next;
  }
  for (let after = ""; ;) {
    const page = await store.archive.heldPage(after, ROW_PAGE);
    for (const h of page) await put({ type: "held", ...h });
    if (page.length < ROW_PAGE) break;
    after = page[page.length - 1]!.id;
  }
  for (const s of await store.archive.savedSearches()) await put({ type: "saved_search", ...s });
  for (const s of await store.archive.sources()) await put({ type: "source", ...s });
  for (let after = 0; ;) {
    const page = await store.archive.auditPage(after, ROW_PAGE);
    for (const a of page) await put({ type: "audit", ...a });
    if (page.length < ROW_PAGE) break;
    after = page[page.length - 1]!.id;
  }

  const off = RECORD_ORDER.filter((k) => written[k] !== counts[k]);
  if (off.length > 0) {
    throw new PressroomError("PRESSROOM_E_CONFLICT",
      `the archive changed during the export (${off.map((k) => `${k}: ${counts[k]} counted, ${written[k]} written`).join("; ")}); the output is inconsistent: export again while nothing writes`);
  }
  return written;
}

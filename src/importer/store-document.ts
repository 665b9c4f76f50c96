/**
 * The one place that decides whether an ingested document is published now or held under
 * its embargo: used by `importPaths` (the `pressroom import` command) and by the feed
 * poller. An embargo stated in the document ("EMBARGOED UNTIL 10:00 A.M. EDT, TUESDAY,
 * MAY 5, 2026", see `ingest/embargo.ts`) whose time is still in the future holds the item
 * exactly like an editor's embargo (`held_items`, status `embargoed`); the release task
 * publishes it at that time with that posting time.
 */
import type { ItemInput } from "../core/item.js";
import { findEmbargo, type FoundEmbargo } from "../ingest/embargo.js";
import type { Store } from "../store/store.js";
import { publishedToMs } from "../store/rows.js";
import { recordIngest } from "../ops/metrics.js";

/** What happened to one document. */
export interface StoreDocumentResult {
  /** `held`: kept back until `releaseAt` (new or updated held item); the rest as `Store.upsert`. */
  status: "imported" | "updated" | "unchanged" | "held";
  /** Public id (a held item keeps it when released). */
  id: string;
  /** Version stored (1 for a held item). */
  version: number;
  /** Lift time (epoch ms, UTC) when held. */
  releaseAt?: number;
}

/** Options of {@link storeDocument}. */
export interface StoreDocumentOptions {
  /** "Now" by the store's clock (epoch ms, UTC): an embargo at or before it is over. */
  now: number;
  /** The embargo, when the caller found it already (else it is looked for in the headline and body). */
  embargo?: FoundEmbargo | null;
  /** Audit actor of a hold (default `import`). */
  actor?: string;
}

/**
 * The embargo stated in an item's headline or first paragraphs, or null. A statement without
 * a year ("until 5 a.m. Eastern, Monday, September 12") takes the year of the document's own
 * publication time (the next year when that would put it more than two days before it); a
 * document without a publication time gives such a statement no absolute time (not held).
 */
export function embargoOf(input: ItemInput): FoundEmbargo | null {
  const paras = [input.headline, ...input.body.split(/\n{2,}/, 40)];
  const published = publishedToMs(input.published);
  if (published === null) return findEmbargo(paras);
  const year = new Date(published).getUTCFullYear();
  const found = findEmbargo(paras, { referenceYear: year });
  if (found && found.at !== null && found.at < published - 2 * 86_400_000) {
    const next = findEmbargo(paras, { referenceYear: year + 1 });
    // Only a statement without its own year moves; one with a year stays as stated.
    if (next && next.at !== null && next.at !== found.at) return next;
  }
  return found;
}

/**
 * Store one ingested document: hold it when it states an embargo that has not lifted yet
 * (or when the same identity is already held: a changed document never lifts an embargo
 * early), else publish it through `store.upsert`. An embargo without an absolute time
 * ("until the end of the call") does not hold the item; it stays in the ground rules.
 * @throws what `store.upsert` / `store.editorial.hold` throw.
 */
export async function storeDocument(store: Store, input: ItemInput, opts: StoreDocumentOptions): Promise<StoreDocumentResult> {
  const result = await storeDocumentOnce(store, input, opts);
  recordIngest(result.status); // Prometheus counter pressroom_documents_ingested_total (ops/metrics.ts)
  return result;
}

async function storeDocumentOnce(store: Store, input: ItemInput, opts: StoreDocumentOptions): Promise<StoreDocumentResult> {
  const found = opts.embargo !== undefined ? opts.embargo : embargoOf(input);
  const actor = opts.actor ?? "import";
  if (found && found.at !== null && found.at > opts.now) {
    const pub = await store.editorial.publishedByIdentity(input.identity);
    if (pub && pub.contentHash === input.contentHash) return { status: "unchanged", id: pub.id, version: pub.version };
    const r = await store.editorial.hold({ input, status: "embargoed", releaseAt: found.at, embargo: found.stated }, actor);
    return { status: r.status === "unchanged" ? "unchanged" : "held", id: r.held.id, version: 1, releaseAt: found.at };
  }
  const held = await store.editorial.getHeldByIdentity(input.identity);
  if (held) {
    const r = await store.editorial.hold({
      input, status: held.status, releaseAt: held.releaseAt, embargo: held.embargo, note: held.note, targetId: held.targetId, bodyHtml: held.bodyHtml, createdBy: held.createdBy,
    }, actor);
    return { status: r.status === "unchanged" ? "unchanged" : "held", id: r.held.id, version: 1, ...(held.releaseAt !== null ? { releaseAt: held.releaseAt } : {}) };
  }
  const r = await store.upsert(input);
  return { status: r.status, id: r.id, version: r.version };
}

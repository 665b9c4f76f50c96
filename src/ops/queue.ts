/**
 * The background work waiting at a given time, read through the store's own methods (no
 * SQL here): held items whose release time has come, alert deliveries still pending, and
 * sources due for polling; and the scheduler lag (how late the oldest due release is).
 * Used by `/metrics` at each scrape.
 */
import type { Store } from "../store/store.js";

/** Most held items examined per snapshot (they come soonest release first, so due ones first). */
export const HELD_SCAN_LIMIT = 10_000;
/** Most alert deliveries examined per snapshot (past it, `alertDeliveriesPending` is a lower bound). */
export const DELIVERY_SCAN_LIMIT = 20_000;

/** Queue depths and lag at one instant. */
export interface QueueSnapshot {
  /** Embargoed or scheduled held items whose `releaseAt` ≤ now (not yet moved by the release task). */
  releasesDue: number;
  /** Alert deliveries with status `pending` (waiting, retrying, or in flight). */
  alertDeliveriesPending: number;
  /** Sources whose next poll time ≤ now. */
  sourcesDue: number;
  /** now − the oldest `releaseAt` still held and due, in ms; 0 when nothing is due. */
  schedulerLagMs: number;
  /** True when a scan stopped at its limit ({@link HELD_SCAN_LIMIT}, {@link DELIVERY_SCAN_LIMIT}): the counts are lower bounds. */
  capped: boolean;
}

/**
 * Read the queues at `now` (epoch ms, UTC).
 * @throws what the store throws (`PRESSROOM_E_DATABASE`, e.g. when it is closed).
 */
export async function queueSnapshot(store: Store, now: number): Promise<QueueSnapshot> {
  let capped = false;
  const held = await store.editorial.listHeld({ status: ["embargoed", "scheduled"], limit: HELD_SCAN_LIMIT });
  if (held.length >= HELD_SCAN_LIMIT) capped = true;
  let releasesDue = 0;
  let oldest: number | null = null;
  for (const h of held) {
    if (h.releaseAt === null || h.releaseAt > now) continue;
    releasesDue++;
    if (oldest === null || h.releaseAt < oldest) oldest = h.releaseAt;
  }

  let alertDeliveriesPending = 0;
  let scanned = 0;
  outer: for (const s of await store.alerts.listSavedSearches()) {
    for (let offset = 0; ; offset += 100) {
      if (scanned >= DELIVERY_SCAN_LIMIT) { capped = true; break outer; }
      const page = await store.alerts.listDeliveries(s.id, { limit: 100, offset });
      scanned += page.deliveries.length;
      for (const d of page.deliveries) if (d.status === "pending") alertDeliveriesPending++;
      if (page.deliveries.length < 100 || offset + 100 >= page.total) break;
    }
  }

  const sourcesDue = (await store.sources.due(now)).length;
  return { releasesDue, alertDeliveriesPending, sourcesDue, schedulerLagMs: oldest === null ? 0 : Math.max(0, now - oldest), capped };
}

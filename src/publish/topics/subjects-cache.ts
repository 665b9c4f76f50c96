/**
 * Item subjects for the item page, which renders synchronously: a hook of the topics routes
 * loads an item's subjects before its page handler runs and keeps them here (per server,
 * bounded), and the page's topic block reads them. Absent = not loaded (no block shown).
 */
import type { PublishContext } from "../context.js";
import type { ItemSubject } from "../../store/topics.js";

/** Entries kept per server. */
const MAX = 2000;
const byCtx = new WeakMap<PublishContext, Map<string, ItemSubject[]>>();

/** Remember the subjects of `itemId` (most recent last; oldest dropped past the bound). */
export function rememberSubjects(ctx: PublishContext, itemId: string, subjects: ItemSubject[]): void {
  let m = byCtx.get(ctx);
  if (!m) byCtx.set(ctx, (m = new Map()));
  m.delete(itemId);
  m.set(itemId, subjects);
  if (m.size > MAX) m.delete(m.keys().next().value!);
}

/** The subjects last loaded for `itemId`, or undefined. */
export function subjectsFor(ctx: PublishContext, itemId: string): ItemSubject[] | undefined {
  return byCtx.get(ctx)?.get(itemId);
}

/**
 * A short key of the subjects last loaded for `itemId` (`""` when none or not loaded), for
 * page caches: a rendered item page is only reusable while this key is unchanged.
 */
export function subjectsKey(ctx: PublishContext, itemId: string): string {
  return (subjectsFor(ctx, itemId) ?? []).filter((s) => s.direct).map((s) => s.qcode).join(",");
}

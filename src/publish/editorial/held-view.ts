/**
 * Who may see a held item before its release, and the audit of every such view.
 * - `embargoed`: readers, editors and admins (`canSeeEmbargoed`);
 * - `scheduled`, `withheld`: editors and admins only.
 * Everyone else gets null, and the caller answers exactly as for an id that never existed.
 */
import type { FastifyRequest } from "fastify";
import { canSeeEmbargoed, hasRole, type Viewer } from "../../core/access.js";
import type { Item } from "../../core/item.js";
import type { HeldItem } from "../../store/editorial.js";
import type { PublishContext } from "../context.js";

/** True when `viewer` may see held item `h` now. */
export function maySeeHeld(viewer: Viewer, h: Pick<HeldItem, "status">): boolean {
  if (h.status === "embargoed") return canSeeEmbargoed(viewer);
  return hasRole(viewer, "editor");
}

/**
 * The held item `id` as an {@link Item} when this request's viewer may see it (the view is
 * audited as `item.view_embargoed`: who, when, which, through which surface), else null.
 */
export async function heldItemFor(ctx: PublishContext, req: FastifyRequest, id: string, surface: "page" | "api"): Promise<Item | null> {
  const viewer = req.viewer;
  if (!viewer || viewer.kind !== "user") return null;
  const h = await ctx.store.editorial.getHeld(id);
  if (!h || !maySeeHeld(viewer, h)) return null;
  await ctx.store.editorial.audit("item.view_embargoed", viewer.name, h.id, { status: h.status, release_at: h.releaseAt, surface, via: viewer.via });
  return ctx.store.editorial.heldAsItem(h);
}

/** Held items this viewer may see (embargoed for readers; all for editors), soonest first. */
export async function visibleHeld(ctx: PublishContext, viewer: Viewer): Promise<HeldItem[]> {
  if (!canSeeEmbargoed(viewer)) return [];
  const statuses: HeldItem["status"][] = hasRole(viewer, "editor") ? ["embargoed", "scheduled", "withheld"] : ["embargoed"];
  return ctx.store.editorial.listHeld({ status: statuses, limit: 500 });
}

/**
 * Stories for the item page, which renders synchronously: a hook of the dedupe routes loads
 * the story of the requested item before its page handler runs and keeps it here (per
 * server, bounded); the page's "Also published by" block reads it. Absent = not loaded.
 */
import type { PublishContext } from "../context.js";
import type { Story } from "../../store/dedupe.js";

/** Entries kept per server. */
const MAX = 2000;
const byCtx = new WeakMap<PublishContext, Map<string, Story | null>>();

/** Remember the story (or none) of `itemId`; the oldest entry is dropped past the bound. */
export function rememberStory(ctx: PublishContext, itemId: string, story: Story | null): void {
  let m = byCtx.get(ctx);
  if (!m) byCtx.set(ctx, (m = new Map()));
  m.delete(itemId);
  m.set(itemId, story);
  if (m.size > MAX) m.delete(m.keys().next().value!);
}

/** The story last loaded for `itemId` (null: in none), or undefined when not loaded. */
export function storyFor(ctx: PublishContext, itemId: string): Story | null | undefined {
  return byCtx.get(ctx)?.get(itemId);
}

/**
 * A short text that changes whenever the loaded story of `itemId` changes (members joined or
 * withdrawn): for page-cache keys of the item page, so a cached page is not served without
 * a newly joined "Also published by" member. Empty when the item is in no story or its story
 * was not loaded.
 */
export function storyStamp(ctx: PublishContext, itemId: string): string {
  const s = storyFor(ctx, itemId);
  return s ? `${s.id}:${s.items.map((m) => m.id).join(",")}` : "";
}

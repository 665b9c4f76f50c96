import type { Clock } from "../core/clock.js";
import type { Store } from "../store/store.js";

/** A section as the store lists it. */
export interface SectionInfo {
  name: string;
  slug: string;
  count: number;
}

/** Everything a publishing surface (page, API, feed) needs, built once per server. */
export interface PublishContext {
  store: Store;
  clock: Clock;
  /** Absolute base URL without a trailing slash, e.g. `https://wire.example.org`. */
  baseUrl: string;
  siteName: string;
  /** Absolute URL of an item page (also its stable feed id). */
  itemUrl(id: string): string;
  /** Site-relative path of an item page. */
  itemPath(id: string): string;
  sectionPath(slug: string): string;
  /** Sections with counts, cached briefly so hot pages do not ask the store each time. */
  sections(opts?: { fresh?: boolean }): Promise<SectionInfo[]>;
  /** Slug of a section name, or null when the store does not know it. */
  sectionSlug(name: string): Promise<string | null>;
}

/** How long the section list is reused before asking the store again. */
const SECTIONS_TTL_MS = 10_000;

/**
 * Build the shared publishing context.
 * @param deps the store, the clock, the public base URL and an optional site name.
 */
export function createContext(deps: { store: Store; clock: Clock; baseUrl: string; siteName?: string }): PublishContext {
  const baseUrl = deps.baseUrl.replace(/\/+$/, "");
  let cache: { at: number; list: SectionInfo[]; byName: Map<string, string> } | null = null;
  const load = async (fresh: boolean): Promise<NonNullable<typeof cache>> => {
    // Real wall time for the cache, not the injected clock: a fixed test clock must not freeze it.
    const now = Date.now();
    if (!fresh && cache && now - cache.at < SECTIONS_TTL_MS) return cache;
    const list = await deps.store.sections();
    cache = { at: now, list, byName: new Map(list.map((s) => [s.name, s.slug])) };
    return cache;
  };
  return {
    store: deps.store,
    clock: deps.clock,
    baseUrl,
    siteName: deps.siteName ?? "Pressroom",
    itemPath: (id) => `/items/${encodeURIComponent(id)}`,
    itemUrl: (id) => `${baseUrl}/items/${encodeURIComponent(id)}`,
    sectionPath: (slug) => `/sections/${encodeURIComponent(slug)}`,
    sections: async (opts) => (await load(opts?.fresh ?? false)).list,
    sectionSlug: async (name) => {
      let c = await load(false);
      let slug = c.byName.get(name);
      if (slug === undefined) {
        c = await load(true);
        slug = c.byName.get(name);
      }
      return slug ?? null;
    },
  };
}

/** Public item ids are URL-safe; anything else cannot be an id and is answered 404 without a look-up. */
export const ID_PATTERN = /^[A-Za-z0-9_.~-]{1,200}$/;

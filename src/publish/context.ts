import type { Clock } from "../core/clock.js";
import type { Stats, Store } from "../store/store.js";
import { slugify } from "../store/rows.js";
import type { PublishSettings } from "./settings.js";

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
  /** Optional settings (never undefined here; fields may be). */
  settings: PublishSettings;
  /** Absolute base URL without a trailing slash, e.g. `https://wire.example.org`. */
  baseUrl: string;
  siteName: string;
  /** Absolute URL of an item page (also its stable feed id). */
  itemUrl(id: string): string;
  /** Site-relative path of an item page. */
  itemPath(id: string): string;
  sectionPath(slug: string): string;
  /** Site-relative path of a questioner's page, or null when the name yields no slug. */
  questionerPath(name: string): string | null;
  /** Site-relative path of an outlet's page, or null when the name yields no slug. */
  outletPath(name: string): string | null;
  /** The questioner (name as first stored, with question count) whose slug is `slug`, or null. */
  questionerBySlug(slug: string): Promise<{ name: string; outlets: string[]; count: number } | null>;
  /** The outlet whose slug is `slug`, or null. */
  outletBySlug(slug: string): Promise<{ name: string; count: number } | null>;
  /** Questioners merged by slug (one entry per page), most questions first. */
  questioners(opts?: { fresh?: boolean }): Promise<QuestionerInfo[]>;
  /** Outlets with slugs, most questions first. */
  outlets(opts?: { fresh?: boolean }): Promise<OutletInfo[]>;
  /** Sections with counts, cached briefly so hot pages do not ask the store each time. */
  sections(opts?: { fresh?: boolean }): Promise<SectionInfo[]>;
  /** Slug of a section name, or null when the store does not know it. */
  sectionSlug(name: string): Promise<string | null>;
  /** The store's counters, reused for up to {@link STATS_TTL_MS} while nothing was written. */
  stats(): Promise<Stats>;
  /**
   * `build()` cached under `key` while the store reports no change (see `Store.changeToken`),
   * for at most `ttlMs`; stores without change tokens are cached for `ttlMs` only.
   */
  cached<T>(key: string, ttlMs: number, build: () => Promise<T>): Promise<T>;
}

/** One questioner page: a name (as first stored), its slug, outlets asked for, and question count. */
export interface QuestionerInfo {
  name: string;
  slug: string;
  outlets: string[];
  count: number;
}

/** One outlet page. */
export interface OutletInfo {
  name: string;
  slug: string;
  count: number;
}

/** URL slug of a questioner or outlet name (`Reuters` → `reuters`), or null when nothing is left. */
export function personSlug(name: string | null | undefined): string | null {
  if (!name) return null;
  return slugify(name, 80) || null;
}

/** How long the section list is reused before asking the store again. */
const SECTIONS_TTL_MS = 10_000;
/** How long counters (rolling 24 h / 365 d windows) are reused when nothing was written. */
export const STATS_TTL_MS = 2_000;
/** Entries kept by {@link PublishContext.cached}. */
const CACHED_MAX = 1000;

/**
 * Build the shared publishing context.
 * @param deps the store, the clock, the public base URL and an optional site name.
 */
export function createContext(deps: { store: Store; clock: Clock; baseUrl: string; siteName?: string; settings?: PublishSettings }): PublishContext {
  const baseUrl = deps.baseUrl.replace(/\/+$/, "");
  let cache: { at: number; token: string | null; list: SectionInfo[]; byName: Map<string, string> } | null = null;
  const load = async (fresh: boolean): Promise<NonNullable<typeof cache>> => {
    // Real wall time for the cache, not the injected clock: a fixed test clock must not freeze it.
    const now = Date.now();
    // Follows the store's change token too, so a released item shows in section counts at once.
    const token = deps.store.changeToken ? await deps.store.changeToken() : null;
    if (!fresh && cache && cache.token === token && now - cache.at < SECTIONS_TTL_MS) return cache;
    const list = await deps.store.sections();
    cache = { at: now, token, list, byName: new Map(list.map((s) => [s.name, s.slug])) };
    return cache;
  };
  type Lists = { at: number; questioners: QuestionerInfo[]; outlets: OutletInfo[] };
  let lists: Lists | null = null;
  const loadLists = async (fresh: boolean): Promise<Lists> => {
    const now = Date.now();
    if (!fresh && lists && now - lists.at < SECTIONS_TTL_MS) return lists;
    const [qs, os] = await Promise.all([deps.store.questioners({ limit: 10_000 }), deps.store.outlets({ limit: 10_000 })]);
    const bySlug = new Map<string, QuestionerInfo>();
    for (const q of qs) {
      const slug = personSlug(q.name);
      if (!slug) continue;
      const have = bySlug.get(slug);
      if (have) {
        have.count += q.count;
        if (q.outlet && !have.outlets.includes(q.outlet)) have.outlets.push(q.outlet);
      } else bySlug.set(slug, { name: q.name, slug, outlets: q.outlet ? [q.outlet] : [], count: q.count });
    }
    const outSlug = new Map<string, OutletInfo>();
    for (const o of os) {
      const slug = personSlug(o.name);
      if (!slug) continue;
      const have = outSlug.get(slug);
      if (have) have.count += o.count;
      else outSlug.set(slug, { name: o.name, slug, count: o.count });
    }
    const order = <T extends { count: number; name: string }>(a: T, b: T) => b.count - a.count || a.name.localeCompare(b.name);
    lists = { at: now, questioners: [...bySlug.values()].sort(order), outlets: [...outSlug.values()].sort(order) };
    return lists;
  };
  const findBySlug = async <T extends { slug: string }>(pick: (l: Lists) => T[], slug: string): Promise<T | null> => {
    let hit = pick(await loadLists(false)).find((x) => x.slug === slug);
    if (!hit) hit = pick(await loadLists(true)).find((x) => x.slug === slug);
    return hit ?? null;
  };
  const memo = new Map<string, { at: number; token: string | null; value: Promise<unknown> }>();
  const cached = async <T,>(key: string, ttlMs: number, build: () => Promise<T>): Promise<T> => {
    const token = deps.store.changeToken ? await deps.store.changeToken() : null;
    const now = Date.now();
    const hit = memo.get(key);
    if (hit && hit.token === token && now - hit.at < ttlMs) return hit.value as Promise<T>;
    const value = build();
    memo.set(key, { at: now, token, value });
    if (memo.size > CACHED_MAX) memo.delete(memo.keys().next().value!);
    try {
      return await value;
    } catch (e) {
      if (memo.get(key)?.value === value) memo.delete(key);
      throw e;
    }
  };
  return {
    cached,
    stats: () => cached("stats", STATS_TTL_MS, () => deps.store.stats(deps.clock.now())),
    store: deps.store,
    clock: deps.clock,
    settings: deps.settings ?? {},
    baseUrl,
    siteName: deps.siteName ?? "Pressroom",
    itemPath: (id) => `/items/${encodeURIComponent(id)}`,
    itemUrl: (id) => `${baseUrl}/items/${encodeURIComponent(id)}`,
    sectionPath: (slug) => `/sections/${encodeURIComponent(slug)}`,
    questionerPath: (name) => {
      const slug = personSlug(name);
      return slug ? `/questioners/${slug}` : null;
    },
    outletPath: (name) => {
      const slug = personSlug(name);
      return slug ? `/outlets/${slug}` : null;
    },
    questionerBySlug: async (slug) => {
      const q = await findBySlug((l) => l.questioners, slug);
      return q ? { name: q.name, outlets: q.outlets, count: q.count } : null;
    },
    outletBySlug: async (slug) => {
      const o = await findBySlug((l) => l.outlets, slug);
      return o ? { name: o.name, count: o.count } : null;
    },
    questioners: async (opts) => (await loadLists(opts?.fresh ?? false)).questioners,
    outlets: async (opts) => (await loadLists(opts?.fresh ?? false)).outlets,
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

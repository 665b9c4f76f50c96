/**
 * "Search shows the story once" (issue 6): a post-filter over one page of search hits that
 * keeps the first (best-ranked) hit of each story and drops the other members.
 */
import type { SearchHit, SearchQuery, SearchResult, Store } from "../store/store.js";

/**
 * The hits with every story shown once: the first hit of a story (in the given order) is
 * kept, later hits of the same story are dropped; hits of items in no story are kept.
 * Works per page: a member on another page is not known here. Returns a new array; the
 * number of hits dropped is `hits.length - result.length` (subtract it from a total if shown).
 */
export async function collapseStories<H extends { item: Pick<SearchHit["item"], "id"> }>(hits: readonly H[], store: Pick<Store, "dedupe">): Promise<H[]> {
  if (hits.length === 0) return [];
  const ids = await store.dedupe.storyIds(hits.slice(0, 1000).map((h) => h.item.id));
  const seen = new Set<string>();
  return hits.filter((h) => {
    const story = ids.get(h.item.id);
    if (story === undefined) return true;
    if (seen.has(story)) return false;
    seen.add(story);
    return true;
  });
}

/**
 * `store.search(query)` with every story shown once (see {@link collapseStories}) when the
 * search is over whole items; question and answer scopes list exchanges and are left as
 * they are. The total is lowered by the number of hits dropped from this page.
 * @throws what `store.search` throws.
 */
export async function searchStories(store: Pick<Store, "search" | "dedupe">, query: SearchQuery): Promise<SearchResult> {
  const res = await store.search(query);
  if (query.scope === "questions" || query.scope === "answers") return res;
  const hits = await collapseStories(res.hits, store);
  if (hits.length === res.hits.length) return res;
  return { ...res, hits, total: Math.max(hits.length + (query.offset ?? 0), res.total - (res.hits.length - hits.length)) };
}

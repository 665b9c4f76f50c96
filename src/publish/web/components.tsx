import type { ItemSummary } from "../../core/item.js";
import { KINDS } from "../../core/transcript-types.js";
import type { PublishContext, SectionInfo } from "../context.js";
import { displayPublished, kindLabel } from "../format.js";

/** `<time>` for a source publication time (reader's terms), falling back to the posting time. */
export function PublishedTime(p: { published: string | null; fallbackMs: number | null }) {
  const t = displayPublished(p.published, p.fallbackMs);
  if (!t) return null;
  return <time datetime={t.datetime}>{t.text}</time>;
}

/** One line of metadata under a headline in a list. */
export function ItemMeta(p: { item: ItemSummary; slugs: Map<string, string> }) {
  const { item } = p;
  const slug = item.section ? p.slugs.get(item.section) : undefined;
  return (
    <p class="meta">
      {kindLabel(item.kind)}
      {item.section ? (
        <>
          {" · "}
          {slug ? <a href={`/sections/${encodeURIComponent(slug)}`}>{item.section}</a> : item.section}
        </>
      ) : null}
      {" · "}
      <PublishedTime published={item.published} fallbackMs={item.publishedAt ?? item.postedAt} />
    </p>
  );
}

/** A list of items with headline links, metadata and an excerpt (or a search snippet). */
export function ItemList(p: { ctx: PublishContext; items: { item: ItemSummary; snippet?: string }[]; slugs: Map<string, string> }) {
  return (
    <ul class="items">
      {p.items.map(({ item, snippet }) => (
        <li>
          <a class="item-title" href={p.ctx.itemPath(item.id)}>
            {item.headline}
          </a>
          <ItemMeta item={item} slugs={p.slugs} />
          {snippet !== undefined ? (
            // The store returns the snippet HTML-escaped with only <mark> added: the one field rendered as HTML.
            <p class="snippet" dangerouslySetInnerHTML={{ __html: snippet }} />
          ) : item.excerpt ? (
            <p class="snippet">{item.excerpt}</p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** Current values of the search form. */
export interface SearchFormValues {
  q: string;
  section: string;
  kind: string;
  from: string;
  to: string;
  sort: string;
}

/** The search form: every control has a visible label. */
export function SearchForm(p: { values: SearchFormValues; sections: SectionInfo[]; compact?: boolean }) {
  const v = p.values;
  return (
    <form class="search" role="search" method="get" action="/search">
      <label for="q">
        Search press releases and briefings
        <input id="q" name="q" type="search" value={v.q} maxLength={500} />
      </label>
      {p.compact ? null : (
        <div class="row">
          <label for="section">
            Section
            <select id="section" name="section">
              <option value="" selected={v.section === ""}>Any section</option>
              {p.sections.map((s) => (
                <option value={s.name} selected={v.section === s.name}>{s.name}</option>
              ))}
            </select>
          </label>
          <label for="kind">
            Kind
            <select id="kind" name="kind">
              <option value="" selected={v.kind === ""}>Any kind</option>
              {KINDS.map((k) => (
                <option value={k} selected={v.kind === k}>{kindLabel(k)}</option>
              ))}
            </select>
          </label>
          <label for="from">
            From
            <input id="from" name="from" type="date" value={v.from} />
          </label>
          <label for="to">
            To
            <input id="to" name="to" type="date" value={v.to} />
          </label>
          <label for="sort">
            Order
            <select id="sort" name="sort">
              <option value="relevance" selected={v.sort !== "date"}>Best match</option>
              <option value="date" selected={v.sort === "date"}>Newest first</option>
            </select>
          </label>
        </div>
      )}
      <button type="submit">Search</button>
    </form>
  );
}

/** Previous/next links. */
export function Pager(p: { prev?: string | null; next?: string | null; label: string; prevText?: string; nextText?: string }) {
  if (!p.prev && !p.next) return null;
  return (
    <nav class="pager" aria-label={p.label}>
      {p.prev ? <a href={p.prev} rel="prev">{p.prevText ?? "← Newer"}</a> : <span />}
      {p.next ? <a href={p.next} rel="next">{p.nextText ?? "Older →"}</a> : <span />}
    </nav>
  );
}

/** Map section name → slug for links. */
export function slugMap(sections: SectionInfo[]): Map<string, string> {
  return new Map(sections.map((s) => [s.name, s.slug]));
}

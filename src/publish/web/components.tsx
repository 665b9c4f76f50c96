import type { ItemSummary } from "../../core/item.js";
import type { QuestionTurn } from "../../store/store.js";
import { makeExcerpt } from "../../store/rows.js";
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
  /** `all` (everything), `questions` or `answers`. */
  scope: string;
  /** Questioner's name (questions/answers only). */
  questioner: string;
  /** Questioner's outlet (questions/answers only). */
  outlet: string;
}

/** Empty search form values. */
export const EMPTY_SEARCH: SearchFormValues = { q: "", section: "", kind: "", from: "", to: "", sort: "relevance", scope: "all", questioner: "", outlet: "" };

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
        <fieldset class="scope">
          <legend>Search in:</legend>
          {([["all", "everything"], ["questions", "questions"], ["answers", "answers"]] as const).map(([value, text]) => (
            <label for={`scope-${value}`}>
              <input type="radio" id={`scope-${value}`} name="scope" value={value} checked={(v.scope || "all") === value} /> {text}
            </label>
          ))}
        </fieldset>
      )}
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
          <label for="questioner">
            Questioner
            <input id="questioner" name="questioner" type="text" value={v.questioner} maxLength={200} autocomplete="off" />
          </label>
          <label for="outlet">
            Outlet
            <input id="outlet" name="outlet" type="text" value={v.outlet} maxLength={200} autocomplete="off" />
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

/** Link to one exchange on its item page (`/items/ID#exchange-N`, N 1-based as on the page). */
export function exchangeHref(itemPath: string, exchange: number): string {
  return `${itemPath}#exchange-${exchange + 1}`;
}

/**
 * Transcript questions (questioner and outlet pages, scoped search): who asked, for which
 * outlet, when, the question (or a search snippet) linking to the exchange, the answer's start.
 */
export function QuestionList(p: { ctx: PublishContext; questions: { question: QuestionTurn; snippet?: string }[]; snippetOf?: "question" | "answer" }) {
  const { ctx } = p;
  return (
    <ul class="questions">
      {p.questions.map(({ question: q, snippet }) => {
        const qPath = q.questioner ? ctx.questionerPath(q.questioner) : null;
        const oPath = q.outlet ? ctx.outletPath(q.outlet) : null;
        const href = exchangeHref(ctx.itemPath(q.itemId), q.exchange);
        const onAnswer = p.snippetOf === "answer" && snippet !== undefined;
        return (
          <li>
            <p class="meta">
              {q.questioner ? qPath ? <a href={qPath}>{q.questioner}</a> : q.questioner : "Unnamed reporter"}
              {q.outlet ? <>{", "}{oPath ? <a href={oPath}>{q.outlet}</a> : q.outlet}</> : null}
              {" · "}
              <PublishedTime published={null} fallbackMs={q.publishedAt ?? q.postedAt} />
              {q.followUp ? " · follow-up" : ""}
            </p>
            <p class="qtext">
              {snippet !== undefined && !onAnswer ? (
                // Store snippets are escaped text with <mark> only.
                <a href={href} dangerouslySetInnerHTML={{ __html: snippet }} />
              ) : (
                <a href={href}>{makeExcerpt(q.question, 240) || "(question not recorded)"}</a>
              )}
            </p>
            {onAnswer ? (
              <p class="atext">Answer: <span dangerouslySetInnerHTML={{ __html: snippet! }} /></p>
            ) : q.answer ? (
              <p class="atext">Answer: {makeExcerpt(q.answer, 200)}</p>
            ) : null}
            <p class="meta">
              In <a href={ctx.itemPath(q.itemId)}>{q.headline}</a>
            </p>
          </li>
        );
      })}
    </ul>
  );
}

import type { ItemSummary } from "../../core/item.js";
import type { QuestionTurn, SearchHit, Stats } from "../../store/store.js";
import type { OutletInfo, PublishContext, QuestionerInfo, SectionInfo } from "../context.js";
import { countersSentence, formatCount } from "../format.js";
import { EMPTY_SEARCH, ItemList, Pager, QuestionList, SearchForm, slugMap, type SearchFormValues } from "./components.js";

/** Home page body. */
export function HomePage(p: { ctx: PublishContext; stats: Stats; latest: ItemSummary[]; nextCursor: string | null; sections: SectionInfo[] }) {
  const { ctx, stats } = p;
  const slugs = slugMap(p.sections);
  if (stats.items === 0) {
    return (
      <>
        <h1>{ctx.siteName}</h1>
        <p class="counters">{countersSentence(stats.last24h, stats.last365d)}.</p>
        <section class="notice" aria-labelledby="empty-title">
          <h2 id="empty-title">This wire has no documents yet</h2>
          <p>
            Import real press releases and briefing transcripts (plain text, Markdown, saved HTML pages, RSS items, RSS or Atom feeds) with{" "}
            <code>pressroom import PATH</code>, where PATH is a file or a folder.
          </p>
          <p>
            Or start the server with the demo set loaded: <code>pressroom serve --demo</code>.
          </p>
        </section>
      </>
    );
  }
  return (
    <>
      <h1>{ctx.siteName}</h1>
      <p class="counters">{countersSentence(stats.last24h, stats.last365d)}.</p>
      {p.latest.some((i) => (i.flags ?? []).includes("sample_content")) ? (
        <p class="notice" role="note">
          This wire holds the demo set: sample content written for Pressroom, not real releases. Import real documents with{" "}
          <code>pressroom import PATH</code> (a file or a folder).
        </p>
      ) : null}
      <SearchForm values={EMPTY_SEARCH} sections={p.sections} compact />
      <section aria-labelledby="latest-title">
        <h2 id="latest-title">Latest</h2>
        <ItemList ctx={ctx} items={p.latest.map((item) => ({ item }))} slugs={slugs} />
        <Pager label="More items" next={p.nextCursor ? `/latest?cursor=${encodeURIComponent(p.nextCursor)}` : null} />
      </section>
      <SectionList sections={p.sections} ctx={ctx} />
    </>
  );
}

/** The list of sections with counts. */
export function SectionList(p: { ctx: PublishContext; sections: SectionInfo[] }) {
  if (p.sections.length === 0) return null;
  return (
    <section aria-labelledby="sections">
      <h2 id="sections">Sections</h2>
      <ul class="sections">
        {p.sections.map((s) => (
          <li>
            <a href={p.ctx.sectionPath(s.slug)}>{s.name}</a> <span class="meta">({formatCount(s.count)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A paginated list page (one section, or all items). */
export function ListPage(p: {
  ctx: PublishContext;
  title: string;
  intro?: string;
  items: ItemSummary[];
  sections: SectionInfo[];
  basePath: string;
  cursor: string | null;
  nextCursor: string | null;
}) {
  return (
    <>
      <h1>{p.title}</h1>
      {p.intro ? <p class="meta">{p.intro}</p> : null}
      {p.items.length === 0 ? <p>No items here yet.</p> : <ItemList ctx={p.ctx} items={p.items.map((item) => ({ item }))} slugs={slugMap(p.sections)} />}
      <Pager
        label="Pages"
        prev={p.cursor ? p.basePath : null}
        prevText="← Newest"
        next={p.nextCursor ? `${p.basePath}?cursor=${encodeURIComponent(p.nextCursor)}` : null}
      />
    </>
  );
}

/** Search page: the form, and results when there is a query. */
export function SearchPage(p: {
  ctx: PublishContext;
  values: SearchFormValues;
  sections: SectionInfo[];
  error?: string | null;
  result?: { total: number; hits: SearchHit[]; notice?: string; page: number; pageSize: number } | null;
  pageHref: (page: number) => string;
}) {
  const r = p.result;
  const pages = r ? Math.max(1, Math.ceil(r.total / r.pageSize)) : 0;
  return (
    <>
      <h1>Search</h1>
      <SearchForm values={p.values} sections={p.sections} />
      <ErrorAlert message={p.error} />
      {r ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">
            {r.total === 0
              ? "No results"
              : `${formatCount(r.total)} ${r.total === 1 ? "result" : "results"}${pages > 1 ? ` — page ${formatCount(r.page)} of ${formatCount(pages)}` : ""}`}
          </h2>
          {r.notice ? (
            <p class="notice" role="status">
              {r.notice}
            </p>
          ) : null}
          {p.values.scope === "questions" || p.values.scope === "answers" ? (
            <QuestionList
              ctx={p.ctx}
              questions={r.hits.filter((h) => h.question).map((h) => ({ question: h.question!, snippet: h.snippet }))}
              snippetOf={p.values.scope === "answers" ? "answer" : "question"}
            />
          ) : (
            <ItemList ctx={p.ctx} items={r.hits.map((h) => ({ item: h.item, snippet: h.snippet }))} slugs={slugMap(p.sections)} />
          )}
          <ResultPager page={r.page} pages={pages} href={p.pageHref} />
        </section>
      ) : null}
    </>
  );
}

/** An error message announced to assistive technology, or nothing. */
function ErrorAlert(p: { message: string | null | undefined }) {
  return p.message ? (
    <p class="error" role="alert">
      {p.message}
    </p>
  ) : null;
}

/** Previous/next links between numbered result pages (1-based). */
function ResultPager(p: { page: number; pages: number; href: (page: number) => string }) {
  return (
    <Pager
      label="Result pages"
      prev={p.page > 1 ? p.href(p.page - 1) : null}
      prevText="← Previous"
      next={p.page < p.pages ? p.href(p.page + 1) : null}
      nextText="Next →"
    />
  );
}

/** Error page body. */
export function ErrorPage(p: { status: number; code: string; message: string }) {
  const title = p.status === 404 ? "Page not found" : p.status === 405 ? "Method not allowed" : p.status >= 500 ? "Something went wrong" : "Bad request";
  return (
    <>
      <h1>{title}</h1>
      <p class="error" role="alert">
        {p.status === 404 ? "There is no page at this address." : p.message}
      </p>
      <p class="meta">
        Error code: <code>{p.code}</code>
      </p>
      <p>
        <a href="/">Go to the latest items</a> or <a href="/search">search the archive</a>.
      </p>
    </>
  );
}

/** `/questioners`: everyone who asked a question in the archive, most questions first. */
export function QuestionersIndexPage(p: { ctx: PublishContext; questioners: QuestionerInfo[] }) {
  return (
    <>
      <h1>Questioners</h1>
      <p class="meta">Reporters who asked questions in the briefing transcripts, with the number of questions each asked. See also <a href="/outlets">outlets</a>.</p>
      {p.questioners.length === 0 ? (
        <p>No named questioners yet.</p>
      ) : (
        <ul class="sections">
          {p.questioners.map((q) => (
            <li>
              <a href={`/questioners/${encodeURIComponent(q.slug)}`}>{q.name}</a>
              {q.outlets.length ? <span class="meta"> — {q.outlets.join(", ")}</span> : null} <span class="meta">({formatCount(q.count)})</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** `/outlets`: every outlet whose reporters asked questions, most questions first. */
export function OutletsIndexPage(p: { ctx: PublishContext; outlets: OutletInfo[] }) {
  return (
    <>
      <h1>Outlets</h1>
      <p class="meta">News organisations whose reporters asked questions in the briefing transcripts. See also <a href="/questioners">questioners</a>.</p>
      {p.outlets.length === 0 ? (
        <p>No outlets yet.</p>
      ) : (
        <ul class="sections">
          {p.outlets.map((o) => (
            <li>
              <a href={`/outlets/${encodeURIComponent(o.slug)}`}>{o.name}</a> <span class="meta">({formatCount(o.count)})</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** One questioner's or outlet's questions, newest first (by relevance with a query), with a search box. */
export function AskerPage(p: {
  ctx: PublishContext;
  kind: "questioner" | "outlet";
  name: string;
  /** Site-relative path of this page. */
  path: string;
  intro: string;
  q: string;
  error?: string | null;
  notice?: string | null;
  result: { total: number; questions: { question: QuestionTurn; snippet?: string }[]; page: number; pageSize: number } | null;
  pageHref: (page: number) => string;
}) {
  const r = p.result;
  const pages = r ? Math.max(1, Math.ceil(r.total / r.pageSize)) : 0;
  const what = p.kind === "questioner" ? `questions by ${p.name}` : `questions from ${p.name}`;
  return (
    <>
      <h1>{p.name}</h1>
      <p class="meta">{p.intro}</p>
      <form class="search" role="search" method="get" action={p.path}>
        <label for="q">
          Search the {what}
          <input id="q" name="q" type="search" value={p.q} maxLength={500} />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorAlert message={p.error} />
      {r ? (
        <section aria-labelledby="questions-title">
          <h2 id="questions-title">
            {r.total === 0
              ? p.q ? `No ${what} match` : "No questions"
              : `${formatCount(r.total)} ${r.total === 1 ? "question" : "questions"}${p.q ? " matching" : ", newest first"}${pages > 1 ? ` — page ${formatCount(r.page)} of ${formatCount(pages)}` : ""}`}
          </h2>
          {p.notice ? (
            <p class="notice" role="status">
              {p.notice}
            </p>
          ) : null}
          <QuestionList ctx={p.ctx} questions={r.questions} />
          <ResultPager page={r.page} pages={pages} href={p.pageHref} />
        </section>
      ) : null}
    </>
  );
}

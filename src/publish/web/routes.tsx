import type { FastifyInstance, FastifyReply } from "fastify";
import { searchStories } from "../../dedupe/collapse.js";
import { rememberSubjects, subjectsKey } from "../topics/subjects-cache.js";
import { rememberStory, storyStamp } from "../dedupe/story-cache.js";
import type { Item } from "../../core/item.js";
import type { ItemSubject } from "../../store/topics.js";
import type { Story } from "../../store/dedupe.js";
import { PressroomError, isPressroomError } from "../../core/errors.js";
import { KINDS, type Kind } from "../../core/transcript-types.js";
import type { QuestionTurn, SearchQuery, Store } from "../../store/store.js";
import { parseQuery } from "../../search/query.js";
import { highlightTerms, makeSnippet } from "../../search/snippet.js";
import { ID_PATTERN, type PublishContext } from "../context.js";
import { parseDateParam } from "../format.js";
import { CACHE, weakEtag, type PublicError } from "../http.js";
import type { SearchFormValues } from "./components.js";
import { ItemPage } from "./item-page.js";
import { heldItemFor } from "../editorial/held-view.js";
import { hasRole } from "../../core/access.js";
import { renderHeldPage } from "../editorial/pages.js";
import { PRIVATE_CACHE } from "../auth/plugin.js";
import { feedLinks, renderPage } from "./layout.js";
import { PageCache } from "./page-cache.js";
import { registerStylesheet } from "./stylesheet.js";
import { AskerPage, ErrorPage, HomePage, ListPage, OutletsIndexPage, QuestionersIndexPage, SearchPage } from "./pages.js";

const PAGE_SIZE = 20;
/**
 * Rendered item pages kept in memory (LRU): at most 1,000 pages and 24 MiB (an average
 * release page is 10-20 kB, a long transcript's 200 kB and more), a fixed share of the
 * web process's memory budget whatever the archive holds.
 */
const PAGE_CACHE_LIMITS = { maxEntries: 1000, maxBytes: 24 * 1024 * 1024 };
const MAX_SEARCH_PAGE = 500;
/** Pages are hidden from the OpenAPI document (it describes the JSON API only). */
const HIDDEN = { schema: { hide: true } } as const;

function one(v: unknown): string {
  if (Array.isArray(v)) return one(v[0]);
  return typeof v === "string" ? v : "";
}

function html(reply: FastifyReply, body: string | Buffer, cache: string, status = 200): FastifyReply {
  return reply.code(status).header("Content-Type", "text/html; charset=utf-8").header("Cache-Control", cache).send(body);
}

/** Render the HTML error page for a {@link PublicError}. */
export function renderErrorPage(ctx: PublishContext, e: PublicError): string {
  return renderPage({ ctx, title: e.status === 404 ? "Page not found" : "Error", noindex: true }, <ErrorPage status={e.status} code={e.code} message={e.message} />);
}

function notFound(what: string): PressroomError {
  return new PressroomError("PRESSROOM_E_NOT_FOUND", `no such ${what}`);
}

/** Register the HTML pages: home, latest, item (and versions), search, sections; and the site's style sheet. */
export async function registerWebRoutes(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  registerStylesheet(app);
  const pageCache = new PageCache(PAGE_CACHE_LIMITS);
  app.get("/", HIDDEN, async (_req, reply) => {
    const [stats, page, sections] = await Promise.all([ctx.stats(), ctx.cached("home:list", 2_000, () => ctx.store.list({ limit: PAGE_SIZE })), ctx.sections()]);
    const body = renderPage(
      { ctx, title: ctx.siteName, canonical: "/", description: `${ctx.siteName}: press releases and briefing transcripts` },
      <HomePage ctx={ctx} stats={stats} latest={page.items} nextCursor={page.nextCursor} sections={sections} />,
    );
    return html(reply, body, CACHE.page);
  });

  app.get("/latest", HIDDEN, async (req, reply) => {
    const cursor = one((req.query as Record<string, unknown>).cursor) || undefined;
    const [page, sections] = await Promise.all([ctx.store.list({ limit: PAGE_SIZE, cursor }), ctx.sections()]);
    const body = renderPage(
      { ctx, title: "Latest items", canonical: "/latest" },
      <ListPage ctx={ctx} title="Latest items" items={page.items} sections={sections} basePath="/latest" cursor={cursor ?? null} nextCursor={page.nextCursor} />,
    );
    return html(reply, body, CACHE.page);
  });

  // What the item page shows besides the item itself, assigned by background tasks after the
  // item was stored (its topics, its story's other sources): part of the page's validator, so
  // a page rendered before a task ran is not reused after.
  const extrasKey = (id: string) => `${subjectsKey(ctx, id)}|${storyStamp(ctx, id)}`;
  /**
   * The latest version of an item with its subjects and story: one statement where the store
   * can ({@link Store.itemPage}), plus the story's members when it is in one. The subjects and
   * story are left where the page's components read them while rendering (synchronously).
   */
  const readItemPage = async (id: string): Promise<Item | null> => {
    let item: Item | null;
    let subjects: ItemSubject[];
    let story: Story | null;
    if (ctx.store.itemPage) {
      const r = await ctx.store.itemPage(id);
      if (!r) return null;
      const storyId = r.storyId;
      ({ item, subjects } = r);
      story = storyId === null ? null : await ctx.cached(`story:${storyId}`, 10_000, () => ctx.store.dedupe.storyById(storyId));
    } else {
      item = await ctx.store.get(id);
      if (!item) return null;
      [subjects, story] = await Promise.all([ctx.store.topics.subjectsOf(id), ctx.store.dedupe.storyOf(id)]);
    }
    rememberSubjects(ctx, id, subjects);
    rememberStory(ctx, id, story);
    return item;
  };
  const itemHandler = async (id: string, version: number | null, reply: FastifyReply) => {
    if (!ID_PATTERN.test(id)) throw notFound("item");
    // Signed-in viewers get pages of their own (account header, embargoed items): no shared cache.
    const personal = reply.request.viewer?.kind === "user";
    // Pages are kept per id and requested version ("slot"), with the state they were rendered
    // from (`validator`): reused while the item (its latest version and update time), its
    // section's slug and its extras are unchanged.
    const slot = `${id}|${version ?? "latest"}`;
    const kept = personal ? undefined : pageCache.get(slot);
    const latest = await readItemPage(id);
    if (!latest) {
      // A held item exists only for the viewers allowed to see it early (audited); for
      // everyone else this is exactly the answer for an id that never existed.
      if (personal && version === null) {
        const held = await heldItemFor(ctx, reply.request, id, "page");
        if (held) return html(reply, renderHeldPage(ctx, held, held.section ? await ctx.sectionSlug(held.section) : null, hasRole(reply.request.viewer, "editor")), PRIVATE_CACHE);
      }
      throw notFound("item");
    }
    let item = latest;
    if (version !== null && version !== latest.version) {
      const v = await ctx.store.getVersion(id, version);
      if (!v) throw notFound("version");
      item = v;
    }
    const slug = item.section ? await ctx.sectionSlug(item.section) : null;
    const current = `${item.version}|${latest.version}|${latest.updatedAt}|${slug ?? ""}|${extrasKey(id)}`;
    if (kept && kept.validator === current) {
      reply.header("ETag", kept.etag);
      return html(reply, kept.body, CACHE.item);
    }
    const body = renderPage(
      {
        ctx,
        title: item.headline,
        canonical: ctx.itemPath(item.id),
        feeds: feedLinks(ctx, item.section && slug ? { name: item.section, slug } : undefined),
        noindex: item.version !== latest.version,
      },
      <ItemPage ctx={ctx} item={item} latestVersion={latest.version} sectionSlug={slug} editor={personal && hasRole(reply.request.viewer, "editor")} />,
    );
    const bytes = Buffer.from(body, "utf8");
    const etag = weakEtag(bytes);
    if (!personal) pageCache.set(slot, { body: bytes, etag, validator: current });
    reply.header("ETag", etag);
    return html(reply, bytes, CACHE.item);
  };

  app.get("/items/:id", HIDDEN, async (req, reply) => {
    const { id } = req.params as { id: string };
    return itemHandler(id, null, reply);
  });

  app.get("/items/:id/v/:version", HIDDEN, async (req, reply) => {
    const { id, version } = req.params as { id: string; version: string };
    if (!/^[1-9]\d{0,8}$/.test(version)) throw notFound("version");
    return itemHandler(id, Number(version), reply);
  });

  app.get("/search", HIDDEN, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const values: SearchFormValues = {
      q: one(q.q).trim(),
      section: one(q.section),
      kind: one(q.kind),
      from: one(q.from),
      to: one(q.to),
      sort: one(q.sort) === "date" ? "date" : "relevance",
      scope: one(q.scope) || "all",
      questioner: one(q.questioner).trim(),
      outlet: one(q.outlet).trim(),
    };
    // Questioner and outlet belong to questions: with "everything", search the questions.
    let scopeNotice: string | null = null;
    if ((values.questioner || values.outlet) && values.scope === "all") {
      values.scope = "questions";
      scopeNotice = "Questioner and outlet apply to transcript questions, so the search was limited to questions.";
    }
    const sections = await ctx.sections();
    const render = (status: number, error: string | null, result: Parameters<typeof SearchPage>[0]["result"]) => {
      const body = renderPage(
        { ctx, title: values.q ? `Search: ${values.q}` : "Search", noindex: true },
        <SearchPage ctx={ctx} values={values} sections={sections} error={error} result={result} pageHref={(n) => searchHref(values, n)} />,
      );
      return html(reply, body, status === 200 ? CACHE.page : CACHE.none, status);
    };
    if (!values.q) return render(200, null, null);
    let query: SearchQuery;
    let page: number;
    try {
      const pageRaw = one(q.page) || "1";
      if (!/^\d{1,6}$/.test(pageRaw) || Number(pageRaw) < 1 || Number(pageRaw) > MAX_SEARCH_PAGE) {
        throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `page must be a whole number from 1 to ${MAX_SEARCH_PAGE}`);
      }
      page = Number(pageRaw);
      const sortRaw = one(q.sort);
      if (sortRaw && sortRaw !== "relevance" && sortRaw !== "date") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "sort must be relevance or date");
      if (values.kind && !(KINDS as readonly string[]).includes(values.kind)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `kind must be one of: ${KINDS.join(", ")}`);
      if (values.scope !== "all" && values.scope !== "questions" && values.scope !== "answers") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "Search in must be everything, questions or answers");
      if (values.questioner.length > 200 || values.outlet.length > 200) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "questioner and outlet are 200 characters at most");
      if (values.q.length > 500) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "the query is too long (500 characters at most)");
      const from = parseDateParam("From", values.from, false);
      const to = parseDateParam("To", values.to, true);
      if (from !== undefined && to !== undefined && from > to) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "the From date is after the To date");
      query = {
        q: values.q,
        sort: values.sort === "date" ? "date" : "relevance",
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
        ...(values.section ? { section: values.section } : {}),
        ...(values.kind ? { kind: values.kind as Kind } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        scope: values.scope as "all" | "questions" | "answers",
        ...(values.questioner ? { questioner: values.questioner } : {}),
        ...(values.outlet ? { outlet: values.outlet } : {}),
      };
    } catch (e) {
      if (isPressroomError(e)) return render(400, e.message, null);
      throw e;
    }
    try {
      const res = await searchStories(ctx.store, query);
      const notice = [scopeNotice, res.notice].filter(Boolean).join(" ");
      return render(200, null, { total: res.total, hits: res.hits, ...(notice ? { notice } : {}), page, pageSize: PAGE_SIZE });
    } catch (e) {
      if (isPressroomError(e, "PRESSROOM_E_BAD_QUERY") || isPressroomError(e, "PRESSROOM_E_BAD_REQUEST")) {
        return render(400, `Your search could not be understood. ${e.message} Try plain words or "an exact phrase".`, null);
      }
      throw e;
    }
  });

  app.get("/questioners", HIDDEN, async (_req, reply) => {
    const list = await ctx.questioners();
    const body = renderPage({ ctx, title: "Questioners", canonical: "/questioners" }, <QuestionersIndexPage ctx={ctx} questioners={list} />);
    return html(reply, body, CACHE.page);
  });

  app.get("/outlets", HIDDEN, async (_req, reply) => {
    const list = await ctx.outlets();
    const body = renderPage({ ctx, title: "Outlets", canonical: "/outlets" }, <OutletsIndexPage ctx={ctx} outlets={list} />);
    return html(reply, body, CACHE.page);
  });

  /** A questioner's or an outlet's questions, newest first, searchable with `?q=`. */
  const askerPage = async (kind: "questioner" | "outlet", slug: string, query: Record<string, unknown>, reply: FastifyReply) => {
    if (!/^[a-z0-9-]{1,100}$/.test(slug)) throw notFound(kind);
    const found: { name: string; count: number; outlets?: string[] } | null = kind === "questioner" ? await ctx.questionerBySlug(slug) : await ctx.outletBySlug(slug);
    if (!found) throw notFound(kind);
    const path = `/${kind === "questioner" ? "questioners" : "outlets"}/${slug}`;
    const q = one(query.q).trim();
    const intro = kind === "questioner"
      ? `${formatCountWord(found.count, "question")} asked in the archive${found.outlets?.length ? `, for ${found.outlets.join(", ")}` : ""}.`
      : `${formatCountWord(found.count, "question")} asked by its reporters in the archive.`;
    const pageHref = (n: number) => {
      const u = new URLSearchParams();
      if (q) u.set("q", q);
      if (n > 1) u.set("page", String(n));
      const s = u.toString();
      return s ? `${path}?${s}` : path;
    };
    const render = (status: number, error: string | null, notice: string | null, result: Parameters<typeof AskerPage>[0]["result"]) => {
      const body = renderPage(
        { ctx, title: q ? `${found.name}: ${q}` : found.name, canonical: path, noindex: !!q || status !== 200 },
        <AskerPage ctx={ctx} kind={kind} name={found.name} path={path} intro={intro} q={q} error={error} notice={notice} result={result} pageHref={pageHref} />,
      );
      return html(reply, body, status === 200 ? CACHE.page : CACHE.none, status);
    };
    const pageRaw = one(query.page) || "1";
    if (!/^\d{1,6}$/.test(pageRaw) || Number(pageRaw) < 1 || Number(pageRaw) > MAX_SEARCH_PAGE) {
      return render(400, `page must be a whole number from 1 to ${MAX_SEARCH_PAGE}`, null, null);
    }
    if (q.length > 500) return render(400, "the query is too long (500 characters at most)", null, null);
    const page = Number(pageRaw);
    try {
      const res = await ctx.store.questions({
        ...(kind === "questioner" ? { questioner: found.name } : { outlet: found.name }),
        ...(q ? { q } : {}),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      let notice: string | null = null;
      let terms: string[][] = [];
      if (q) {
        const parsed = parseQuery(q);
        terms = highlightTerms(parsed.ast);
        if (parsed.notices.length) notice = parsed.notices.join(" ");
      }
      const withSnippets = res.questions.map((question: QuestionTurn) => {
        const snippet = terms.length ? makeSnippet(question.question, terms) : null;
        return snippet ? { question, snippet } : { question };
      });
      return render(200, null, notice, { total: res.total, questions: withSnippets, page, pageSize: PAGE_SIZE });
    } catch (e) {
      if (isPressroomError(e, "PRESSROOM_E_BAD_QUERY") || isPressroomError(e, "PRESSROOM_E_BAD_REQUEST")) {
        return render(400, `Your search could not be understood. ${e.message} Try plain words or "an exact phrase".`, null, null);
      }
      throw e;
    }
  };

  app.get("/questioners/:slug", HIDDEN, async (req, reply) => {
    const { slug } = req.params as { slug: string };
    return askerPage("questioner", slug, req.query as Record<string, unknown>, reply);
  });

  app.get("/outlets/:slug", HIDDEN, async (req, reply) => {
    const { slug } = req.params as { slug: string };
    return askerPage("outlet", slug, req.query as Record<string, unknown>, reply);
  });

  app.get("/sections/:slug", HIDDEN, async (req, reply) => {
    const { slug } = req.params as { slug: string };
    const cursor = one((req.query as Record<string, unknown>).cursor) || undefined;
    let section = (await ctx.sections()).find((s) => s.slug === slug);
    if (!section) section = (await ctx.sections({ fresh: true })).find((s) => s.slug === slug);
    if (!section) throw notFound("section");
    const [page, sections] = await Promise.all([ctx.store.list({ section: section.name, limit: PAGE_SIZE, cursor }), ctx.sections()]);
    const body = renderPage(
      { ctx, title: section.name, canonical: ctx.sectionPath(section.slug), feeds: feedLinks(ctx, section) },
      <ListPage
        ctx={ctx}
        title={section.name}
        intro={`${section.count.toLocaleString("en-US")} ${section.count === 1 ? "item" : "items"} in this section.`}
        items={page.items}
        sections={sections}
        basePath={ctx.sectionPath(section.slug)}
        cursor={cursor ?? null}
        nextCursor={page.nextCursor}
      />,
    );
    return html(reply, body, CACHE.page);
  });
}

function formatCountWord(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? word : `${word}s`}`;
}

function searchHref(v: SearchFormValues, page: number): string {
  const p = new URLSearchParams();
  p.set("q", v.q);
  if (v.section) p.set("section", v.section);
  if (v.kind) p.set("kind", v.kind);
  if (v.from) p.set("from", v.from);
  if (v.to) p.set("to", v.to);
  if (v.sort === "date") p.set("sort", "date");
  if (v.scope && v.scope !== "all") p.set("scope", v.scope);
  if (v.questioner) p.set("questioner", v.questioner);
  if (v.outlet) p.set("outlet", v.outlet);
  if (page > 1) p.set("page", String(page));
  return `/search?${p.toString()}`;
}

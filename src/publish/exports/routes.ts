/**
 * Standard outputs: the NewsML-G2 export of an item (`/items/:id/newsml.xml` and
 * `/api/v1/items/:id/newsml`), the sitemap (`/sitemap.xml`, with numbered parts
 * `/sitemap-N.xml` beyond 50,000 URLs) and the news sitemap (`/sitemap-news.xml`).
 *
 * Items are read only through the store's public paths (`get`, `list`, `listAll`), which
 * never hold unreleased material: an embargoed item is absent here exactly as everywhere.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { PressroomError } from "../../core/errors.js";
import type { Item } from "../../core/item.js";
import { ID_PATTERN, type PublishContext } from "../context.js";
import { heldItemFor } from "../editorial/held-view.js";
import { CACHE } from "../http.js";
import { NEWSML_MEDIA_TYPE, NEWSML_VERSION } from "./newsml-version.js";
import {
  NEWS_SITEMAP_MAX_URLS,
  NEWS_WINDOW_MS,
  newsSitemap,
  planSitemap,
  sitemapUrlset,
  SITEMAP_MAX_URLS,
  type NewsSitemapEntry,
  type SitemapEntry,
} from "./sitemap.js";

const HIDDEN = { schema: { hide: true } } as const;
const XML_TYPE = "application/xml; charset=utf-8";
/** Longest reuse of a built sitemap (rebuilt at once when the store changes). */
const SITEMAP_TTL_MS = 60_000;
/** Longest reuse of the news sitemap (it also depends on the clock). */
const NEWS_TTL_MS = 10_000;

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } },
  },
} as const;

/** Register the export and sitemap routes. */
export async function registerExportsRoutes(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  const maxUrls = ctx.settings.sitemapMaxUrls ?? SITEMAP_MAX_URLS;

  /**
   * The public item `id`; else the held item when this viewer may see it before release
   * (audited by `heldItemFor`); else a 404 exactly like any unknown id.
   */
  const visibleItem = async (req: FastifyRequest, id: string, surface: "page" | "api"): Promise<Item> => {
    const item = ID_PATTERN.test(id) ? ((await ctx.store.get(id)) ?? (await heldItemFor(ctx, req, id, surface))) : null;
    if (!item) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such item: ${id.slice(0, 100)}`);
    return item;
  };

  const sendNewsml = async (reply: FastifyReply, item: Item) => {
    const sectionSlug = item.section ? await ctx.sectionSlug(item.section) : null;
    const { newsmlItem } = await import("./newsml.js"); // loaded on first use (see newsml-version.ts)
    const xml = newsmlItem(item, {
      siteName: ctx.siteName,
      baseUrl: ctx.baseUrl,
      itemUrl: ctx.itemUrl(item.id),
      sectionUrl: sectionSlug ? `${ctx.baseUrl}${ctx.sectionPath(sectionSlug)}` : null,
    });
    // A held item (shown early to a permitted viewer) never enters a shared cache.
    const cache = item.heldStatus ? "private, no-store" : CACHE.item;
    return reply.header("Cache-Control", cache).type(`${NEWSML_MEDIA_TYPE}; charset=utf-8`).send(xml);
  };

  app.get("/items/:id/newsml.xml", HIDDEN, async (req, reply) => {
    const { id } = req.params as { id: string };
    return sendNewsml(reply, await visibleItem(req, id, "page"));
  });

  app.get(
    "/api/v1/items/:id/newsml",
    {
      schema: {
        summary: "One item (latest version) as an IPTC NewsML-G2 news item",
        description: `A NewsML-G2 ${NEWSML_VERSION} newsItem (${NEWSML_MEDIA_TYPE}); see docs/exports.md.`,
        tags: ["items"],
        params: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
        response: {
          200: { description: "NewsML-G2 news item", content: { [NEWSML_MEDIA_TYPE]: { schema: { type: "string" } } } },
          404: { description: "No such item", ...errorSchema },
        },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      return sendNewsml(reply, await visibleItem(req, id, "api"));
    },
  );

  /** Every public item as a sitemap entry, newest posted first. */
  const allEntries = () =>
    ctx.cached("sitemap:entries", SITEMAP_TTL_MS, async () => {
      const out: SitemapEntry[] = [];
      for await (const it of ctx.store.listAll()) out.push({ loc: ctx.itemUrl(it.id), lastmod: it.updatedAt });
      return out;
    });
  const plan = async () => {
    const entries = await allEntries();
    return planSitemap(entries, (n) => `${ctx.baseUrl}/sitemap-${n}.xml`, maxUrls);
  };

  app.get("/sitemap.xml", HIDDEN, async (_req, reply) => {
    const body = await ctx.cached("sitemap:root", SITEMAP_TTL_MS, async () => {
      const p = await plan();
      return p.index ?? sitemapUrlset(p.parts[0] ?? []);
    });
    return reply.header("Cache-Control", CACHE.feed).type(XML_TYPE).send(body);
  });

  app.get("/sitemap-:n.xml", HIDDEN, async (req, reply) => {
    const { n } = req.params as { n: string };
    const p = /^[1-9]\d{0,5}$/.test(n) ? await plan() : null;
    const part = p && p.index !== null ? p.parts[Number(n) - 1] : undefined;
    if (!part) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such sitemap");
    const body = await ctx.cached(`sitemap:part:${n}`, SITEMAP_TTL_MS, async () => sitemapUrlset(part));
    return reply.header("Cache-Control", CACHE.feed).type(XML_TYPE).send(body);
  });

  app.get("/sitemap-news.xml", HIDDEN, async (_req, reply) => {
    const now = ctx.clock.now();
    const since = now - NEWS_WINDOW_MS;
    // Keyed by the minute as well: items leave the two-day window as the clock moves.
    const body = await ctx.cached(`sitemap:news:${Math.floor(now / 60_000)}`, NEWS_TTL_MS, async () => {
      const entries: NewsSitemapEntry[] = [];
      let cursor: string | undefined;
      // Newest posted first: stop at the first item posted before the window.
      outer: for (;;) {
        const page = await ctx.store.list({ limit: 100, ...(cursor ? { cursor } : {}) });
        for (const it of page.items) {
          if (it.postedAt < since) break outer;
          if (it.postedAt > now || it.pubstatus === "canceled") continue;
          entries.push({ loc: ctx.itemUrl(it.id), publicationName: ctx.siteName, language: "en", publicationDate: it.postedAt, title: it.headline });
          if (entries.length >= NEWS_SITEMAP_MAX_URLS) break outer;
        }
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return newsSitemap(entries);
    });
    return reply.header("Cache-Control", CACHE.feed).type(XML_TYPE).send(body);
  });
}

import type { FastifyInstance, FastifyReply } from "fastify";
import { PressroomError } from "../../core/errors.js";
import type { PublishContext } from "../context.js";
import { CACHE } from "../http.js";
import { atom, FEED_SIZE, jsonFeed, rss, type FeedScope } from "./build.js";

const HIDDEN = { schema: { hide: true } } as const;
/** Longest reuse of a rendered feed (it is rebuilt at once when the store changes). */
const FEED_TTL_MS = 5_000;

const FORMATS = {
  "rss.xml": { type: "application/rss+xml; charset=utf-8", build: rss },
  "atom.xml": { type: "application/atom+xml; charset=utf-8", build: atom },
  "feed.json": { type: "application/feed+json; charset=utf-8", build: jsonFeed },
} as const;

type FeedFile = keyof typeof FORMATS;

/** Register `/feeds/{rss.xml,atom.xml,feed.json}` and `/sections/:slug/{…}`: latest 50 items each. */
export async function registerFeedRoutes(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  const send = async (reply: FastifyReply, file: FeedFile, scope: FeedScope, section?: string) => {
    const f = FORMATS[file];
    // Rendered feeds are reused until the store changes (and for a few seconds at most).
    const body = await ctx.cached(`feed:${file}:${section ?? ""}:${scope.feedBase}`, FEED_TTL_MS, async () => {
      const page = await ctx.store.list({ limit: FEED_SIZE, ...(section ? { section } : {}) });
      return f.build(ctx, scope, page.items);
    });
    return reply.header("Content-Type", f.type).header("Cache-Control", CACHE.feed).send(body);
  };
  for (const file of Object.keys(FORMATS) as FeedFile[]) {
    app.get(`/feeds/${file}`, HIDDEN, async (_req, reply) =>
      send(reply, file, {
        title: ctx.siteName,
        description: `Latest press releases and briefing transcripts on ${ctx.siteName}`,
        homeUrl: `${ctx.baseUrl}/`,
        feedBase: `${ctx.baseUrl}/feeds`,
      }),
    );
    app.get(`/sections/:slug/${file}`, HIDDEN, async (req, reply) => {
      const { slug } = req.params as { slug: string };
      let section = (await ctx.sections()).find((s) => s.slug === slug);
      if (!section) section = (await ctx.sections({ fresh: true })).find((s) => s.slug === slug);
      if (!section) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such section");
      const base = `${ctx.baseUrl}/sections/${encodeURIComponent(section.slug)}`;
      return send(
        reply,
        file,
        { title: `${section.name} — ${ctx.siteName}`, description: `Latest items in ${section.name} on ${ctx.siteName}`, homeUrl: base, feedBase: base },
        section.name,
      );
    });
  }
}

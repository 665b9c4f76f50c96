/**
 * Routes of the topics module: `/topics`, `/topics/:code` (paged like a section),
 * `/topics/:code/{rss.xml,atom.xml,feed.json}`, `GET /api/v1/topics`, and the Media Topics
 * `subjects` of items in the JSON API (added to the ninjs the item routes produce).
 * Every response that shows topic labels carries the IPTC attribution (CC BY 4.0).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { PressroomError } from "../../core/errors.js";
import type { ItemSubject } from "../../store/topics.js";
import { codeOf, qcodeFromParam } from "../../topics/vocab.js";
import type { PublishContext } from "../context.js";
import { CACHE } from "../http.js";
import { atom, FEED_SIZE, jsonFeed, rss, type FeedScope } from "../feeds/build.js";
import { feedLinks, renderPage, type FeedLink } from "../web/layout.js";
import { topicsAttribution } from "./attribution.js";
import { topicPath } from "./components.js";
import { TopicPage, TopicsIndexPage } from "./pages.js";

const HIDDEN = { schema: { hide: true } } as const;
const PAGE_SIZE = 20;
const TTL_MS = 5_000;

const FEEDS = {
  "rss.xml": { type: "application/rss+xml; charset=utf-8", build: rss },
  "atom.xml": { type: "application/atom+xml; charset=utf-8", build: atom },
  "feed.json": { type: "application/feed+json; charset=utf-8", build: jsonFeed },
} as const;

function one(v: unknown): string {
  if (Array.isArray(v)) return one(v[0]);
  return typeof v === "string" ? v : "";
}

/** A ninjs subject for a Media Topic (ninjs 2.1 `subjects[]`: name, uri, literal, rel). */
export function ninjsSubject(s: ItemSubject): { name: string; uri: string; literal: string; rel: string } {
  return { name: s.label, uri: s.uri, literal: s.qcode, rel: s.direct ? "about" : "broader" };
}

/** Register the topic pages, feeds and API. */
export async function registerTopicsRoutes(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  const notFound = () => new PressroomError("PRESSROOM_E_NOT_FOUND", "no such topic");
  const findTopic = async (raw: string) => {
    const qcode = qcodeFromParam(raw);
    if (!qcode) throw notFound();
    const topic = await ctx.store.topics.topic(qcode);
    if (!topic) throw notFound();
    return topic;
  };
  const html = (reply: FastifyReply, body: string) => reply.code(200).header("Content-Type", "text/html; charset=utf-8").header("Cache-Control", CACHE.page).send(body);
  const topicFeeds = (label: string, qcode: string): FeedLink[] => {
    const base = `${ctx.baseUrl}${topicPath(qcode)}`;
    return [
      ...feedLinks(ctx),
      { type: "application/rss+xml", title: `${label} — ${ctx.siteName} (RSS)`, href: `${base}/rss.xml` },
      { type: "application/atom+xml", title: `${label} — ${ctx.siteName} (Atom)`, href: `${base}/atom.xml` },
      { type: "application/feed+json", title: `${label} — ${ctx.siteName} (JSON Feed)`, href: `${base}/feed.json` },
    ];
  };

  app.get("/topics", HIDDEN, async (_req, reply) => {
    const topics = await ctx.cached("topics:inUse", TTL_MS, () => ctx.store.topics.inUse());
    return html(reply, renderPage({ ctx, title: "Topics", canonical: "/topics" }, TopicsIndexPage({ topics })));
  });

  app.get("/topics/:code", HIDDEN, async (req, reply) => {
    const topic = await findTopic((req.params as { code: string }).code);
    const cursor = one((req.query as Record<string, unknown>).cursor) || undefined;
    const [page, n, sections, broader] = await Promise.all([
      ctx.store.topics.items(topic.qcode, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
      ctx.store.topics.count(topic.qcode),
      ctx.sections(),
      topic.broader ? ctx.store.topics.topic(topic.broader) : Promise.resolve(null),
    ]);
    const body = renderPage(
      { ctx, title: topic.label, canonical: topicPath(topic.qcode), feeds: topicFeeds(topic.label, topic.qcode), noindex: !!cursor },
      TopicPage({ ctx, topic, broader, count: n, items: page.items, sections, cursor: cursor ?? null, nextCursor: page.nextCursor }),
    );
    return html(reply, body);
  });

  for (const file of Object.keys(FEEDS) as (keyof typeof FEEDS)[]) {
    app.get(`/topics/:code/${file}`, HIDDEN, async (req, reply) => {
      const topic = await findTopic((req.params as { code: string }).code);
      const base = `${ctx.baseUrl}${topicPath(topic.qcode)}`;
      const scope: FeedScope = {
        title: `${topic.label} — ${ctx.siteName}`,
        description: `Latest items on ${ctx.siteName} with the topic “${topic.label}”. Topic labels: ${topicsAttribution(await ctx.store.topics.vocabulary()).text}.`,
        homeUrl: base,
        feedBase: base,
      };
      const f = FEEDS[file];
      const body = await ctx.cached(`topicfeed:${file}:${topic.qcode}:${base}`, TTL_MS, async () => {
        const page = await ctx.store.topics.items(topic.qcode, { limit: FEED_SIZE });
        return f.build(ctx, scope, page.items);
      });
      return reply.header("Content-Type", f.type).header("Cache-Control", CACHE.feed).send(body);
    });
  }

  // Short feed addresses (`/feeds/topics/20000150.rss|.atom|.json`) point to the canonical ones.
  const SHORT = { rss: "rss.xml", atom: "atom.xml", json: "feed.json" } as const;
  app.get("/feeds/topics/:file", HIDDEN, async (req, reply) => {
    const m = /^([^.]+)\.(rss|atom|json)$/.exec((req.params as { file: string }).file);
    const topic = await findTopic(m?.[1] ?? "");
    return reply.redirect(`${topicPath(topic.qcode)}/${SHORT[m![2] as keyof typeof SHORT]}`, 301);
  });

  app.get(
    "/api/v1/topics",
    {
      schema: {
        summary: "IPTC Media Topics that items have, with item counts (labels CC BY 4.0, IPTC)",
        tags: ["items"],
        querystring: { type: "object", additionalProperties: false, properties: { all: { type: "boolean", description: "every loaded topic, not only those in use" } } },
        response: {
          200: {
            type: "object",
            required: ["attribution", "vocabulary", "topics"],
            properties: {
              attribution: {
                type: "object",
                description: "Attribution the IPTC licence (CC BY 4.0) asks for; show it with the labels.",
                properties: { text: { type: "string" }, holder: { type: "string" }, holderUrl: { type: "string" }, licence: { type: "string" }, licenceUrl: { type: "string" }, scheme: { type: "string" }, released: { type: ["string", "null"] } },
              },
              vocabulary: { type: ["object", "null"], properties: { uri: { type: "string" }, released: { type: ["string", "null"] }, concepts: { type: "integer" } } },
              topics: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    code: { type: "string", description: "eight-digit code, as in /topics/CODE" },
                    qcode: { type: "string", description: "medtop:CODE" },
                    name: { type: "string", description: "English label (IPTC)" },
                    uri: { type: "string" },
                    level: { type: "integer" },
                    broader: { type: ["string", "null"] },
                    count: { type: "integer", description: "public items with this topic (directly or through a narrower one)" },
                    url: { type: "string" },
                    feed_url: { type: "string" },
                  },
                },
              },
            },
          },
          400: { description: "Bad query parameter", type: "object", properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } } } },
        },
      },
    },
    async (req, reply) => {
      const all = (req.query as { all?: boolean }).all === true;
      const [vocab, used] = await Promise.all([ctx.store.topics.vocabulary(), ctx.store.topics.inUse()]);
      const counts = new Map(used.map((t) => [t.qcode, t.count]));
      const list = all ? (await ctx.store.topics.list()).map((t) => ({ ...t, count: counts.get(t.qcode) ?? 0 })) : used;
      reply.header("Cache-Control", CACHE.api);
      return {
        attribution: topicsAttribution(vocab),
        vocabulary: vocab ? { uri: vocab.uri, released: vocab.released, concepts: vocab.concepts } : null,
        topics: list.map((t) => ({
          code: codeOf(t.qcode),
          qcode: t.qcode,
          name: t.label,
          uri: t.uri,
          level: t.level,
          broader: t.broader,
          count: t.count,
          url: `${ctx.baseUrl}${topicPath(t.qcode)}`,
          feed_url: `${ctx.baseUrl}${topicPath(t.qcode)}/feed.json`,
        })),
      };
    },
  );

  // Items in the JSON API get their Media Topics as ninjs subjects (after the section subject).
  app.addHook("preSerialization", async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!req.url.startsWith("/api/v1/items") || reply.statusCode !== 200 || !payload || typeof payload !== "object") return payload;
    const p = payload as Record<string, unknown>;
    const objs: Record<string, unknown>[] = [];
    if (typeof p["pressroom:id"] === "string") objs.push(p);
    else if (Array.isArray(p.items)) for (const x of p.items) if (x && typeof x === "object" && typeof (x as Record<string, unknown>)["pressroom:id"] === "string") objs.push(x as Record<string, unknown>);
    if (objs.length === 0) return payload;
    const subjects = await ctx.store.topics.subjectsOfMany(objs.map((o) => o["pressroom:id"] as string));
    if (subjects.size === 0) return payload;
    const attribution = topicsAttribution(await ctx.store.topics.vocabulary()).text;
    for (const o of objs) {
      const s = subjects.get(o["pressroom:id"] as string);
      if (!s?.length) continue;
      o.subjects = [...(Array.isArray(o.subjects) ? o.subjects : []), ...s.map(ninjsSubject)];
      o["pressroom:subjects-attribution"] = attribution;
    }
    return payload;
  });
}

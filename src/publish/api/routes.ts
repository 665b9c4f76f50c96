import type { FastifyInstance } from "fastify";
import { PressroomError } from "../../core/errors.js";
import { KINDS, type Kind } from "../../core/transcript-types.js";
import type { SearchQuery } from "../../store/store.js";
import { ID_PATTERN, type PublishContext } from "../context.js";
import { DATE_PARAM_PATTERN, parseDateParam, rfc3339Published } from "../format.js";
import { CACHE } from "../http.js";
import { EXTENSION_SCHEMA_PATH, extensionSchema, toNinjs } from "./ninjs.js";

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string", example: "PRESSROOM_E_BAD_REQUEST" }, message: { type: "string" } },
    },
  },
} as const;

const ninjsSchema = {
  type: "object",
  description: "IPTC ninjs 2.1 news object with pressroom extension properties (see docs/api.md).",
  additionalProperties: true,
  required: ["uri", "type", "version", "versioncreated", "pubstatus", "headlines"],
  properties: {
    uri: { type: "string", format: "uri" },
    type: { type: "string", enum: ["text"] },
    representationtype: { type: "string", enum: ["full", "partial"] },
    version: { type: "string" },
    firstcreated: { type: "string", format: "date-time" },
    versioncreated: { type: "string", format: "date-time" },
    contentcreated: { type: "string", format: "date-time" },
    pubstatus: { type: "string", enum: ["usable"] },
    headlines: { type: "array", items: { type: "object", properties: { role: { type: "string" }, value: { type: "string" } } } },
    bodies: { type: "array", items: { type: "object", additionalProperties: true } },
    descriptions: { type: "array", items: { type: "object", additionalProperties: true } },
    subjects: { type: "array", items: { type: "object", additionalProperties: true } },
    genres: { type: "array", items: { type: "object", additionalProperties: true } },
    located: { type: "string" },
    links: { type: "array", items: { type: "object", properties: { rel: { type: "string" }, href: { type: "string" } } } },
    "pressroom:transcript": { type: "object", additionalProperties: true },
  },
} as const;

const filterProps = {
  section: { type: "string", minLength: 1, maxLength: 300, description: "Section name, exactly as listed by /api/v1/stats." },
  kind: { type: "string", enum: [...KINDS] },
  from: { type: "string", pattern: DATE_PARAM_PATTERN, description: "Inclusive lower bound on the source's publication time: 2021-04-30 or 2021-04-30T17:40:00Z." },
  to: { type: "string", pattern: DATE_PARAM_PATTERN, description: "Inclusive upper bound; a date alone means the end of that day (UTC)." },
} as const;

const badRequest = { 400: { description: "Bad parameters", ...errorSchema } } as const;

interface Filters {
  section?: string;
  kind?: Kind;
  from?: string;
  to?: string;
}

function filters(q: Filters): { section?: string; kind?: Kind; from?: number; to?: number } {
  const from = parseDateParam("from", q.from, false);
  const to = parseDateParam("to", q.to, true);
  if (from !== undefined && to !== undefined && from > to) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "from is after to");
  return {
    ...(q.section ? { section: q.section } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

/** Register the JSON API under `/api/v1/`. */
export async function registerApiRoutes(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  app.get(
    "/api/v1/items",
    {
      schema: {
        summary: "List items, newest posted first",
        tags: ["items"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...filterProps,
            limit: { type: "integer", minimum: 1, maximum: 100, default: 20 },
            cursor: { type: "string", minLength: 1, maxLength: 500, description: "next_cursor of the previous page" },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["items", "next_cursor"],
            properties: { items: { type: "array", items: ninjsSchema }, next_cursor: { type: ["string", "null"] } },
          },
          ...badRequest,
        },
      },
    },
    async (req, reply) => {
      const q = req.query as Filters & { limit?: number; cursor?: string };
      const page = await ctx.store.list({ ...filters(q), limit: q.limit ?? 20, ...(q.cursor ? { cursor: q.cursor } : {}) });
      const items = await Promise.all(page.items.map(async (it) => toNinjs(ctx, it, it.section ? await ctx.sectionSlug(it.section) : null)));
      reply.header("Cache-Control", CACHE.api);
      return { items, next_cursor: page.nextCursor };
    },
  );

  app.get(
    "/api/v1/items/:id",
    {
      schema: {
        summary: "One item (latest version) as ninjs",
        tags: ["items"],
        params: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
        response: { 200: ninjsSchema, 404: { description: "No such item", ...errorSchema } },
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      if (!ID_PATTERN.test(id)) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such item: ${id.slice(0, 100)}`);
      const item = await ctx.store.get(id);
      if (!item) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such item: ${id}`);
      reply.header("Cache-Control", CACHE.api);
      return toNinjs(ctx, item, item.section ? await ctx.sectionSlug(item.section) : null);
    },
  );

  app.get(
    "/api/v1/items/:id/versions/:version",
    {
      schema: {
        summary: "One version of an item as ninjs",
        tags: ["items"],
        params: {
          type: "object",
          required: ["id", "version"],
          properties: { id: { type: "string" }, version: { type: "integer", minimum: 1, maximum: 999999999 } },
        },
        response: { 200: ninjsSchema, ...badRequest, 404: { description: "No such item or version", ...errorSchema } },
      },
    },
    async (req, reply) => {
      const { id, version } = req.params as { id: string; version: number };
      if (!ID_PATTERN.test(id)) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such item: ${id.slice(0, 100)}`);
      const item = await ctx.store.getVersion(id, version);
      if (!item) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such version: ${id} v${version}`);
      reply.header("Cache-Control", CACHE.api);
      return toNinjs(ctx, item, item.section ? await ctx.sectionSlug(item.section) : null);
    },
  );

  app.get(
    "/api/v1/search",
    {
      schema: {
        summary: "Full-text search",
        tags: ["search"],
        querystring: {
          type: "object",
          additionalProperties: false,
          required: ["q"],
          properties: {
            q: { type: "string", minLength: 1, maxLength: 500, description: "Query in the documented query language." },
            ...filterProps,
            sort: { type: "string", enum: ["relevance", "date"], default: "relevance" },
            scope: { type: "string", enum: ["all", "questions", "answers"], default: "all" },
            limit: { type: "integer", minimum: 1, maximum: 100, default: 20 },
            offset: { type: "integer", minimum: 0, maximum: 10000, default: 0 },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["total", "results"],
            properties: {
              total: { type: "integer" },
              notice: { type: "string" },
              results: {
                type: "array",
                items: {
                  type: "object",
                  properties: {
                    id: { type: "string" },
                    headline: { type: "string" },
                    url: { type: "string", format: "uri" },
                    api_url: { type: "string", format: "uri" },
                    snippet: { type: "string", description: "HTML: escaped text with matches in <mark>." },
                    section: { type: ["string", "null"] },
                    kind: { type: "string" },
                    published: { type: ["string", "null"], format: "date-time" },
                    posted: { type: "string", format: "date-time" },
                    score: { type: "number" },
                  },
                },
              },
            },
          },
          ...badRequest,
        },
      },
    },
    async (req, reply) => {
      const q = req.query as Filters & { q: string; sort?: "relevance" | "date"; scope?: "all" | "questions" | "answers"; limit?: number; offset?: number };
      if (!q.q.trim()) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "q must not be blank");
      const query: SearchQuery = {
        q: q.q,
        ...filters(q),
        sort: q.sort ?? "relevance",
        scope: q.scope ?? "all",
        limit: q.limit ?? 20,
        offset: q.offset ?? 0,
      };
      const res = await ctx.store.search(query);
      reply.header("Cache-Control", CACHE.api);
      return {
        total: res.total,
        ...(res.notice ? { notice: res.notice } : {}),
        results: res.hits.map((h) => ({
          id: h.item.id,
          headline: h.item.headline,
          url: ctx.itemUrl(h.item.id),
          api_url: `${ctx.baseUrl}/api/v1/items/${encodeURIComponent(h.item.id)}`,
          snippet: h.snippet,
          section: h.item.section,
          kind: h.item.kind,
          published: rfc3339Published(h.item.published, h.item.publishedAt),
          posted: new Date(h.item.postedAt).toISOString(),
          score: h.score,
        })),
      };
    },
  );

  app.get(
    "/api/v1/stats",
    {
      schema: {
        summary: "The wire's rolling counters",
        tags: ["stats"],
        response: {
          200: {
            type: "object",
            required: ["items", "last24h", "last365d", "sections"],
            properties: {
              items: { type: "integer" },
              last24h: { type: "integer", description: "Items posted in the 24 hours before `as_of`." },
              last365d: { type: "integer", description: "Items posted in the 365 days before `as_of`." },
              sections: { type: "object", additionalProperties: { type: "integer" } },
              kinds: { type: "object", additionalProperties: { type: "integer" } },
              as_of: { type: "string", format: "date-time" },
            },
          },
        },
      },
    },
    async (_req, reply) => {
      const now = ctx.clock.now();
      const s = await ctx.store.stats(now);
      reply.header("Cache-Control", CACHE.api);
      return { items: s.items, last24h: s.last24h, last365d: s.last365d, sections: s.sections, kinds: s.kinds, as_of: new Date(now).toISOString() };
    },
  );

  app.get(EXTENSION_SCHEMA_PATH, { schema: { summary: "JSON Schema of the item format (ninjs 2.1 + pressroom extensions)", tags: ["meta"] } }, async (_req, reply) => {
    reply.header("Cache-Control", CACHE.feed).type("application/schema+json; charset=utf-8");
    return JSON.stringify(extensionSchema(ctx));
  });
}

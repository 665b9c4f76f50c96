import type { FastifyInstance, FastifyReply } from "fastify";
import { searchStories } from "../../dedupe/collapse.js";
import type { Item } from "../../core/item.js";
import { PressroomError } from "../../core/errors.js";
import { KINDS, type Kind } from "../../core/transcript-types.js";
import type { QuestionTurn, SearchQuery } from "../../store/store.js";
import { ID_PATTERN, type PublishContext } from "../context.js";
import { DATE_PARAM_PATTERN, parseDateParam, rfc3339Published } from "../format.js";
import { CACHE } from "../http.js";
import { EXTENSION_SCHEMA_PATH, extensionSchema, toNinjs } from "./ninjs.js";
import { heldItemFor } from "../editorial/held-view.js";
import { EDITORIAL_CACHE } from "../editorial/api.js";

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
    pubstatus: { type: "string", enum: ["usable", "withheld", "canceled"] },
    embargoed: { type: "string", format: "date-time", description: "Embargo lift time; only on items still under embargo, shown to readers and editors." },
    ednote: { type: "string", description: "What changed in this version (correction note, withdrawal reason)." },
    headlines: { type: "array", items: { type: "object", properties: { role: { type: "string" }, value: { type: "string" } } } },
    bodies: { type: "array", items: { type: "object", additionalProperties: true } },
    descriptions: { type: "array", items: { type: "object", additionalProperties: true } },
    subjects: { type: "array", items: { type: "object", additionalProperties: true } },
    genres: { type: "array", items: { type: "object", additionalProperties: true } },
    located: { type: "string" },
    links: { type: "array", items: { type: "object", properties: { rel: { type: "string" }, href: { type: "string" } } } },
    "pressroom:transcript": { type: "object", additionalProperties: true },
    "pressroom:flags": { type: "array", items: { type: "string" }, description: "Editorial flags, e.g. leaked_background_name." },
  },
} as const;

const filterProps = {
  section: { type: "string", minLength: 1, maxLength: 300, description: "Section name, exactly as listed by /api/v1/stats." },
  kind: { type: "string", enum: [...KINDS] },
  from: { type: "string", pattern: DATE_PARAM_PATTERN, description: "Inclusive lower bound on the source's publication time: 2021-04-30 or 2021-04-30T17:40:00Z." },
  to: { type: "string", pattern: DATE_PARAM_PATTERN, description: "Inclusive upper bound; a date alone means the end of that day (UTC)." },
} as const;

const questionSchema = {
  type: "object",
  description: "One question-and-answer exchange of a transcript.",
  required: ["item_id", "exchange", "questioner", "outlet", "question", "answer", "follow_up", "url"],
  properties: {
    item_id: { type: "string" },
    headline: { type: "string" },
    exchange: { type: "integer", description: "0-based position in the transcript's exchanges." },
    url: { type: "string", format: "uri", description: "The exchange on the item page (anchor exchange-N, N = exchange + 1)." },
    api_url: { type: "string", format: "uri" },
    questioner: { type: ["string", "null"] },
    questioner_url: { type: ["string", "null"], format: "uri", description: "The questioner's page." },
    outlet: { type: ["string", "null"] },
    outlet_url: { type: ["string", "null"], format: "uri", description: "The outlet's page." },
    question: { type: "string" },
    answer: { type: "string" },
    follow_up: { type: "boolean" },
    published: { type: ["string", "null"], format: "date-time" },
    posted: { type: "string", format: "date-time" },
  },
} as const;

const nameParam = { type: "string", minLength: 1, maxLength: 200 } as const;

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
  /** One item (any version) as ninjs, with the API's cache header. */
  const sendNinjs = async (reply: FastifyReply, item: Item) => {
    reply.header("Cache-Control", CACHE.api);
    return toNinjs(ctx, item, item.section ? await ctx.sectionSlug(item.section) : null);
  };

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
      if (!item) {
        // A held item, for the viewers allowed to see it early (audited); for everyone else
        // exactly the answer for an id that never existed.
        const held = await heldItemFor(ctx, req, id, "api");
        if (held) {
          reply.header("Cache-Control", EDITORIAL_CACHE);
          return toNinjs(ctx, held, held.section ? await ctx.sectionSlug(held.section) : null);
        }
        throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such item: ${id}`);
      }
      return sendNinjs(reply, item);
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
      return sendNinjs(reply, item);
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
            scope: { type: "string", enum: ["all", "questions", "answers"], default: "all", description: "Search everything, or only transcript questions or answers." },
            questioner: { ...nameParam, description: "With scope questions/answers: the questioner's name (exact, case-insensitive)." },
            outlet: { ...nameParam, description: "With scope questions/answers: the questioner's outlet (exact, case-insensitive)." },
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
                    question: { ...questionSchema, description: "With scope questions/answers: the exchange that matched." },
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
      const q = req.query as Filters & { q: string; sort?: "relevance" | "date"; scope?: "all" | "questions" | "answers"; questioner?: string; outlet?: string; limit?: number; offset?: number };
      if (!q.q.trim()) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "q must not be blank");
      if ((q.questioner !== undefined || q.outlet !== undefined) && (q.scope ?? "all") === "all") {
        throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "questioner and outlet need scope=questions or scope=answers");
      }
      const query: SearchQuery = {
        q: q.q,
        ...filters(q),
        sort: q.sort ?? "relevance",
        scope: q.scope ?? "all",
        ...(q.questioner !== undefined ? { questioner: q.questioner } : {}),
        ...(q.outlet !== undefined ? { outlet: q.outlet } : {}),
        limit: q.limit ?? 20,
        offset: q.offset ?? 0,
      };
      const res = await searchStories(ctx.store, query);
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
          ...(h.question ? { question: questionJson(ctx, h.question) } : {}),
        })),
      };
    },
  );

  app.get(
    "/api/v1/questions",
    {
      schema: {
        summary: "Transcript questions, newest first (by relevance with q), filtered by questioner and outlet",
        tags: ["questions"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            questioner: { ...nameParam, description: "Questioner's name (exact, case-insensitive, white space collapsed)." },
            outlet: { ...nameParam, description: "Outlet (exact, case-insensitive, white space collapsed)." },
            q: { type: "string", minLength: 1, maxLength: 500, description: "Words in the query language, matched against question and answer text." },
            limit: { type: "integer", minimum: 1, maximum: 100, default: 20 },
            offset: { type: "integer", minimum: 0, maximum: 10000, default: 0 },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["total", "questions"],
            properties: { total: { type: "integer" }, total_capped: { type: "boolean" }, questions: { type: "array", items: questionSchema } },
          },
          ...badRequest,
        },
      },
    },
    async (req, reply) => {
      const q = req.query as { questioner?: string; outlet?: string; q?: string; limit?: number; offset?: number };
      if (q.q !== undefined && !q.q.trim()) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "q must not be blank");
      const page = await ctx.store.questions({
        ...(q.questioner !== undefined ? { questioner: q.questioner } : {}),
        ...(q.outlet !== undefined ? { outlet: q.outlet } : {}),
        ...(q.q !== undefined ? { q: q.q } : {}),
        limit: q.limit ?? 20,
        offset: q.offset ?? 0,
      });
      reply.header("Cache-Control", CACHE.api);
      return { total: page.total, ...(page.totalCapped ? { total_capped: true } : {}), questions: page.questions.map((x) => questionJson(ctx, x)) };
    },
  );

  app.get(
    "/api/v1/questioners",
    {
      schema: {
        summary: "Everyone who asked a question, with outlet and count, most questions first",
        tags: ["questions"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            outlet: { ...nameParam, description: "Only questioners for this outlet." },
            limit: { type: "integer", minimum: 1, maximum: 10000, default: 100 },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["questioners"],
            properties: {
              questioners: {
                type: "array",
                items: {
                  type: "object",
                  required: ["name", "outlet", "count"],
                  properties: {
                    name: { type: "string" },
                    outlet: { type: ["string", "null"] },
                    count: { type: "integer" },
                    url: { type: ["string", "null"], format: "uri", description: "The questioner's page." },
                    questions_url: { type: "string", format: "uri", description: "Their questions in the API." },
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
      const q = req.query as { outlet?: string; limit?: number };
      const list = await ctx.store.questioners({ ...(q.outlet !== undefined ? { outlet: q.outlet } : {}), limit: q.limit ?? 100 });
      reply.header("Cache-Control", CACHE.api);
      return {
        questioners: list.map((x) => {
          const page = ctx.questionerPath(x.name);
          const params = new URLSearchParams({ questioner: x.name });
          if (x.outlet) params.set("outlet", x.outlet);
          return { name: x.name, outlet: x.outlet, count: x.count, url: page ? `${ctx.baseUrl}${page}` : null, questions_url: `${ctx.baseUrl}/api/v1/questions?${params.toString()}` };
        }),
      };
    },
  );

  app.get(
    "/api/v1/outlets",
    {
      schema: {
        summary: "Every outlet whose reporters asked questions, most questions first",
        tags: ["questions"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { limit: { type: "integer", minimum: 1, maximum: 10000, default: 100 } },
        },
        response: {
          200: {
            type: "object",
            required: ["outlets"],
            properties: {
              outlets: {
                type: "array",
                items: {
                  type: "object",
                  required: ["name", "count"],
                  properties: {
                    name: { type: "string" },
                    count: { type: "integer" },
                    url: { type: ["string", "null"], format: "uri", description: "The outlet's page." },
                    questions_url: { type: "string", format: "uri", description: "Its questions in the API." },
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
      const q = req.query as { limit?: number };
      const list = await ctx.store.outlets({ limit: q.limit ?? 100 });
      reply.header("Cache-Control", CACHE.api);
      return {
        outlets: list.map((x) => {
          const page = ctx.outletPath(x.name);
          return { name: x.name, count: x.count, url: page ? `${ctx.baseUrl}${page}` : null, questions_url: `${ctx.baseUrl}/api/v1/questions?${new URLSearchParams({ outlet: x.name }).toString()}` };
        }),
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

/** An exchange as the API shows it (snake_case, absolute links to the exchange and the pages). */
export function questionJson(ctx: PublishContext, q: QuestionTurn): Record<string, unknown> {
  const qPath = q.questioner ? ctx.questionerPath(q.questioner) : null;
  const oPath = q.outlet ? ctx.outletPath(q.outlet) : null;
  return {
    item_id: q.itemId,
    headline: q.headline,
    exchange: q.exchange,
    url: `${ctx.itemUrl(q.itemId)}#exchange-${q.exchange + 1}`,
    api_url: `${ctx.baseUrl}/api/v1/items/${encodeURIComponent(q.itemId)}`,
    questioner: q.questioner,
    questioner_url: qPath ? `${ctx.baseUrl}${qPath}` : null,
    outlet: q.outlet,
    outlet_url: oPath ? `${ctx.baseUrl}${oPath}` : null,
    question: q.question,
    answer: q.answer,
    follow_up: q.followUp,
    published: q.publishedAt !== null ? new Date(q.publishedAt).toISOString() : null,
    posted: new Date(q.postedAt).toISOString(),
  };
}

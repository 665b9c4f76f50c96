/**
 * The saved-search API (any signed-in role; bearer token or session):
 * `GET/POST /api/v1/saved-searches`, `GET/DELETE /api/v1/saved-searches/:id`,
 * `GET /api/v1/saved-searches/:id/deliveries`. Users see their own searches; admins see
 * everyone's. Someone else's search answers exactly like one that does not exist (404).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { PressroomError } from "../../core/errors.js";
import { allowListFromEnv } from "../../fetch/address-policy.js";
import { checkWebhookUrl } from "../../alerts/validate.js";
import type { Delivery, SavedSearch } from "../../store/alerts.js";
import type { PublishContext } from "../context.js";
import { CACHE } from "../http.js";
import { requireRole, userOf } from "../auth/plugin.js";

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: { type: "object", required: ["code", "message"], properties: { code: { type: "string", example: "PRESSROOM_E_BAD_QUERY" }, message: { type: "string" } } },
  },
} as const;

const savedSearchSchema = {
  type: "object",
  required: ["id", "name", "query", "text", "filters", "webhook_url", "active", "owner", "created", "deliveries_url"],
  properties: {
    id: { type: "integer" },
    name: { type: "string" },
    query: { type: "string", description: "The query as typed: the search language plus field prefixes outlet:, questioner:, section:, kind: (see docs/alerts.md)." },
    text: { type: "string", description: "The free text of the query (field prefixes removed)." },
    filters: {
      type: "object",
      properties: { outlet: { type: "string" }, questioner: { type: "string" }, section: { type: "string" }, kind: { type: "string" } },
    },
    webhook_url: { type: "string", format: "uri" },
    active: { type: "boolean" },
    owner: { type: "string", description: "User name of the owner." },
    created: { type: "string", format: "date-time" },
    deliveries_url: { type: "string", format: "uri" },
    secret: { type: "string", description: "Only in the answer to POST: the webhook signing secret, shown once." },
  },
} as const;

const deliverySchema = {
  type: "object",
  required: ["id", "item_id", "item_version", "status", "attempts", "next_attempt", "last_status", "last_error", "created", "delivered"],
  properties: {
    id: { type: "integer", description: "Also sent as X-Pressroom-Delivery and delivery_id." },
    item_id: { type: "string" },
    item_version: { type: "integer" },
    status: { type: "string", enum: ["pending", "delivered", "failed"] },
    attempts: { type: "integer" },
    next_attempt: { type: ["string", "null"], format: "date-time", description: "When the next attempt is due (pending only)." },
    last_status: { type: ["integer", "null"], description: "HTTP status of the last answer." },
    last_error: { type: ["string", "null"] },
    created: { type: "string", format: "date-time" },
    delivered: { type: ["string", "null"], format: "date-time" },
  },
} as const;

const idParams = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", maxLength: 20 } },
} as const;

/** Every endpoint here needs a signed-in user. */
const AUTH_NOTE = "Needs a signed-in user (any role): `Authorization: Bearer TOKEN`, or a web session with its CSRF token on changes. Users see their own saved searches; admins see everyone's.";
const auth = {
  401: { description: "Sign-in required", ...errorSchema },
} as const;

const iso = (ms: number) => new Date(ms).toISOString();

/** A saved search as the API shows it (never the secret). */
export function savedSearchJson(ctx: PublishContext, s: SavedSearch) {
  return {
    id: s.id,
    name: s.name,
    query: s.query,
    text: s.text,
    filters: s.filters,
    webhook_url: s.webhookUrl,
    active: s.active,
    owner: s.userName,
    created: iso(s.createdAt),
    deliveries_url: `${ctx.baseUrl}/api/v1/saved-searches/${s.id}/deliveries`,
  };
}

/** A delivery as the API shows it. */
export function deliveryJson(d: Delivery) {
  return {
    id: d.id,
    item_id: d.itemId,
    item_version: d.itemVersion,
    status: d.status,
    attempts: d.attempts,
    next_attempt: d.status === "pending" ? iso(d.nextAttemptAt) : null,
    last_status: d.lastStatus,
    last_error: d.lastError,
    created: iso(d.createdAt),
    delivered: d.deliveredAt === null ? null : iso(d.deliveredAt),
  };
}

/**
 * The saved search `rawId` if the request's user may see it (owner, or admin); otherwise
 * `PRESSROOM_E_NOT_FOUND`, the same as for an id that never existed.
 */
export async function ownSavedSearch(ctx: PublishContext, req: FastifyRequest, rawId: string): Promise<SavedSearch> {
  const user = userOf(req);
  const none = new PressroomError("PRESSROOM_E_NOT_FOUND", "no such saved search");
  if (!/^[1-9]\d{0,14}$/.test(rawId)) throw none;
  const s = await ctx.store.alerts.getSavedSearch(Number(rawId));
  if (!s || (s.userId !== user.userId && user.role !== "admin")) throw none;
  return s;
}

/**
 * Create a saved search for the request's user: the webhook host is checked against the
 * fetch allow list (`PRESSROOM_FETCH_ALLOW`), the rest by the store.
 */
export async function createForRequest(ctx: PublishContext, req: FastifyRequest, input: { name: unknown; query: unknown; webhookUrl: unknown }) {
  const user = userOf(req);
  checkWebhookUrl(input.webhookUrl, allowListFromEnv(process.env.PRESSROOM_FETCH_ALLOW));
  return ctx.store.alerts.createSavedSearch({ userId: user.userId, name: input.name as string, query: input.query as string, webhookUrl: input.webhookUrl as string }, user.name);
}

/** Register the saved-search API. */
export async function registerAlertsApi(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  const signedIn = requireRole("reader");

  app.get("/api/v1/saved-searches", {
    preHandler: signedIn,
    schema: {
      tags: ["alerts"],
      summary: "Your saved searches (admins: everyone's), newest first",
      description: AUTH_NOTE,
      response: {
        200: { type: "object", required: ["saved_searches"], properties: { saved_searches: { type: "array", items: savedSearchSchema } } },
        ...auth,
      },
    },
  }, async (req, reply) => {
    const user = userOf(req);
    const list = await ctx.store.alerts.listSavedSearches(user.role === "admin" ? {} : { userId: user.userId });
    reply.header("Cache-Control", CACHE.none);
    return { saved_searches: list.map((s) => savedSearchJson(ctx, s)) };
  });

  app.post("/api/v1/saved-searches", {
    preHandler: signedIn,
    schema: {
      tags: ["alerts"],
      summary: "Save a search: new matching items are POSTed to the webhook, signed (see docs/alerts.md)",
      description: AUTH_NOTE,
      body: {
        type: "object",
        required: ["name", "query", "webhook_url"],
        properties: {
          name: { type: "string", maxLength: 1000 },
          query: { type: "string", maxLength: 5000, example: 'outlet:Reuters "Fordow"' },
          webhook_url: { type: "string", maxLength: 5000, example: "https://hooks.example.org/pressroom" },
        },
      },
      response: {
        201: { description: "Saved; the answer carries the webhook secret, shown only here", ...savedSearchSchema },
        400: { description: "Bad name, query (PRESSROOM_E_BAD_QUERY) or webhook URL", ...errorSchema },
        ...auth,
        409: { description: "Too many saved searches", ...errorSchema },
      },
    },
  }, async (req, reply) => {
    const body = req.body as { name: string; query: string; webhook_url: string };
    const { search, secret } = await createForRequest(ctx, req, { name: body.name, query: body.query, webhookUrl: body.webhook_url });
    reply.code(201).header("Cache-Control", CACHE.none).header("Location", `${ctx.baseUrl}/api/v1/saved-searches/${search.id}`);
    return { ...savedSearchJson(ctx, search), secret };
  });

  app.get("/api/v1/saved-searches/:id", {
    preHandler: signedIn,
    schema: {
      tags: ["alerts"],
      summary: "One saved search (yours; admins: anyone's)",
      description: AUTH_NOTE,
      params: idParams,
      response: { 200: savedSearchSchema, ...auth, 404: { description: "No such saved search (or not yours)", ...errorSchema } },
    },
  }, async (req, reply) => {
    const s = await ownSavedSearch(ctx, req, (req.params as { id: string }).id);
    reply.header("Cache-Control", CACHE.none);
    return savedSearchJson(ctx, s);
  });

  app.delete("/api/v1/saved-searches/:id", {
    preHandler: signedIn,
    schema: {
      tags: ["alerts"],
      summary: "Delete a saved search and its deliveries",
      description: AUTH_NOTE,
      params: idParams,
      response: { 204: { description: "Deleted", type: "null" }, ...auth, 404: { description: "No such saved search (or not yours)", ...errorSchema } },
    },
  }, async (req, reply) => {
    const s = await ownSavedSearch(ctx, req, (req.params as { id: string }).id);
    await ctx.store.alerts.deleteSavedSearch(s.id, userOf(req).name);
    return reply.code(204).header("Cache-Control", CACHE.none).send();
  });

  app.get("/api/v1/saved-searches/:id/deliveries", {
    preHandler: signedIn,
    schema: {
      tags: ["alerts"],
      summary: "Alert deliveries of a saved search, newest first",
      description: AUTH_NOTE,
      params: idParams,
      querystring: {
        type: "object",
        additionalProperties: false,
        properties: {
          limit: { type: "integer", minimum: 1, maximum: 100, default: 20 },
          offset: { type: "integer", minimum: 0, maximum: 1_000_000, default: 0 },
        },
      },
      response: {
        200: { type: "object", required: ["total", "deliveries"], properties: { total: { type: "integer" }, deliveries: { type: "array", items: deliverySchema } } },
        400: { description: "Bad parameters", ...errorSchema },
        ...auth,
        404: { description: "No such saved search (or not yours)", ...errorSchema },
      },
    },
  }, async (req, reply) => {
    const s = await ownSavedSearch(ctx, req, (req.params as { id: string }).id);
    const q = req.query as { limit: number; offset: number };
    const page = await ctx.store.alerts.listDeliveries(s.id, { limit: q.limit, offset: q.offset });
    reply.header("Cache-Control", CACHE.none);
    return { total: page.total, deliveries: page.deliveries.map(deliveryJson) };
  });
}

import fastifySwagger from "@fastify/swagger";
import { PressroomError } from "../core/errors.js";
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from "fastify";
import type { Clock } from "../core/clock.js";
import type { Store } from "../store/store.js";
import { registerApiRoutes } from "./api/routes.js";
import { createContext, type PublishContext } from "./context.js";
import { registerFeedRoutes } from "./feeds/routes.js";
import { CACHE, errorJson, installHttpHooks, isApiRequest, toPublicError } from "./http.js";
import { NINJS_VERSION } from "./api/ninjs.js";
import { registerWebRoutes, renderErrorPage } from "./web/routes.js";
import { registerAuth } from "./auth/plugin.js";
import { registerEditorialRoutes } from "./editorial/routes.js";
import { registerExportsRoutes } from "./exports/routes.js";
import { registerAlertsRoutes } from "./alerts/routes.js";
import { registerSourcesRoutes } from "./sources/routes.js";
import { registerTopicsRoutes } from "./topics/routes.js";
import { registerDedupeRoutes } from "./dedupe/routes.js";
import { registerOpsRoutes } from "./ops/routes.js";
import { registerBriefingRoutes } from "./briefings/routes.js";
import { registerBriefingPages } from "./briefings/page-routes.js";
import { memoryTokenStore, storeTokens } from "./briefings/service-port.js";
import type { BriefingService } from "../briefing/service.js";
import { DEFAULT_BODY_LIMIT, type PublishSettings } from "./settings.js";
import { registerRateLimits } from "./security.js";

/** What the publishing server needs. */
export interface PublishDeps {
  store: Store;
  clock: Clock;
  /** Public absolute base URL (scheme, host, optional path prefix), used in feeds, canonical links and the API. */
  baseUrl: string;
  siteName?: string;
  /** Fastify logger option; off by default (the CLI turns it on). */
  logger?: boolean | Record<string, unknown>;
  /** Optional settings (cookies, WebSub hub, ...); see {@link PublishSettings}. */
  settings?: PublishSettings;
  /**
   * Live briefings (issue 7): with a service, the briefing API (HTTP and WebSocket under
   * `/api/v1/briefings`) and the role pages under `/briefings` are served. The caller starts
   * and closes the service.
   */
  briefings?: BriefingService;
}

/**
 * Build the publishing server: HTML pages, the JSON API under `/api/v1/` (with its
 * OpenAPI document at `/api/v1/openapi.json`) and RSS / Atom / JSON Feed feeds.
 * The caller listens (`await app.listen({ host, port })`) and closes it.
 *
 * @example
 * const app = await buildServer({ store, clock: systemClock, baseUrl: "http://localhost:8080" });
 * await app.listen({ host: "127.0.0.1", port: 8080 });
 */
export async function buildServer(deps: PublishDeps): Promise<FastifyInstance> {
  const ctx: PublishContext = createContext(deps);
  const app = Fastify({
    logger: deps.logger ?? false,
    logController: new LogController({ disableRequestLogging: true }), // one line per request, with its route pattern, comes from ops/routes.ts
    // Larger request bodies are refused with 413 PRESSROOM_E_TOO_LARGE (see http.ts).
    bodyLimit: ctx.settings.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Only named proxies' X-Forwarded-* are believed (PRESSROOM_TRUST_PROXY); none by default.
    trustProxy: ctx.settings.trustProxy && ctx.settings.trustProxy.length > 0 ? ctx.settings.trustProxy : false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
    ajv: { customOptions: { strict: false } },
    // Errors the framework raises before routing (a malformed URL such as /items/%ff, a
    // bad content type) answer in our own error format, like every other error.
    frameworkErrors: (err, req, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      const e = { status: 400, code: "PRESSROOM_E_BAD_REQUEST" as const, message: err.code === "FST_ERR_BAD_URL" ? "the URL is malformed (bad percent-encoding)" : "bad request" };
      reply.code(400).header("Cache-Control", CACHE.none);
      if (isApiRequest(req.url)) return reply.type("application/json; charset=utf-8").send(errorJson(e));
      return reply.type("text/html; charset=utf-8").send(renderErrorPage(ctx, e));
    },
  });

  // Response schemas document the API; serialisation is plain JSON.stringify so that
  // extension properties (e.g. the transcript structure) are never dropped.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: `${ctx.siteName} API`,
        version: "1.0.0",
        description: `Read-only JSON API of ${ctx.siteName}. Items are IPTC ninjs ${NINJS_VERSION} objects with pressroom extension properties. Errors are {"error":{"code","message"}} with PRESSROOM_E_* codes.`,
      },
      servers: [{ url: ctx.baseUrl }],
      tags: [
        { name: "items", description: "Items as ninjs" },
        { name: "search", description: "Full-text search" },
        { name: "questions", description: "Transcript questions by questioner and outlet" },
        { name: "stats", description: "Counters" },
        { name: "briefings", description: "Live briefings: set-up, joining, commands (the WebSocket is described in docs/briefings.md)" },
        { name: "meta", description: "Schemas and documents" },
      ],
    },
    hideUntagged: true,
  });

  installHttpHooks(app, { https: ctx.baseUrl.startsWith("https:") });

  // JSON bodies are checked for the types their schema states before validation runs: the
  // validator would otherwise coerce (5 → "5", true → "true") and a mistyped field would be
  // taken as meant. Query strings and params keep coercion ("?limit=20" is a number).
  app.addHook("preValidation", async (req) => {
    const schema = (req.routeOptions.schema as { body?: { properties?: Record<string, { type?: unknown }> } } | undefined)?.body;
    const body = req.body;
    if (!schema?.properties || !body || typeof body !== "object" || Array.isArray(body)) return;
    if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(String(req.headers["content-type"] ?? ""))) return;
    for (const [key, prop] of Object.entries(schema.properties)) {
      const v = (body as Record<string, unknown>)[key];
      if (v === undefined) continue;
      const types = ([] as unknown[]).concat(prop.type ?? []);
      if (types.length === 0) continue;
      const ok = types.some((t) => (t === "string" && typeof v === "string") || ((t === "number" || t === "integer") && typeof v === "number") ||
        (t === "boolean" && typeof v === "boolean") || (t === "null" && v === null) || (t === "object" && typeof v === "object" && v !== null && !Array.isArray(v)) || (t === "array" && Array.isArray(v)));
      if (!ok) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `${key} must be ${types.map((t) => (t === "integer" ? "a whole number" : `a ${t}`)).join(" or ")}`);
    }
  });
  // Rate limits (API limit on every /api/ route; other routes opt in): before any route module.
  await registerRateLimits(app, ctx.settings);

  app.setErrorHandler((err, req, reply) => {
    const e = toPublicError(err);
    if (e.status >= 500) req.log.error({ err }, "request failed");
    reply.code(e.status).header("Cache-Control", CACHE.none);
    if (isApiRequest(req.url) || req.url.startsWith("/feeds/")) return reply.type("application/json; charset=utf-8").send(errorJson(e));
    return reply.type("text/html; charset=utf-8").send(renderErrorPage(ctx, e));
  });

  app.setNotFoundHandler((req, reply) => {
    // Outside the routes that take writes (editorial, accounts, alerts, sources, inbox), the
    // site is read-only: any other method is not allowed (RFC 9110 §15.5.6).
    if (req.method !== "GET" && req.method !== "HEAD") {
      const e = { status: 405, code: "PRESSROOM_E_BAD_REQUEST" as const, message: `method ${req.method} is not allowed here; this address is read-only (GET, HEAD)` };
      reply.code(405).header("Allow", "GET, HEAD").header("Cache-Control", CACHE.none);
      if (isApiRequest(req.url)) return reply.type("application/json; charset=utf-8").send(errorJson(e));
      return reply.type("text/html; charset=utf-8").send(renderErrorPage(ctx, e));
    }
    const e = { status: 404, code: "PRESSROOM_E_NOT_FOUND" as const, message: "not found" };
    reply.code(404).header("Cache-Control", CACHE.none);
    if (isApiRequest(req.url)) return reply.type("application/json; charset=utf-8").send(errorJson(e));
    return reply.type("text/html; charset=utf-8").send(renderErrorPage(ctx, e));
  });

  await registerAuth(app, ctx);
  await registerWebRoutes(app, ctx);
  await registerApiRoutes(app, ctx);
  await registerFeedRoutes(app, ctx);
  await registerEditorialRoutes(app, ctx);
  await registerExportsRoutes(app, ctx);
  await registerAlertsRoutes(app, ctx);
  await registerSourcesRoutes(app, ctx);
  await registerTopicsRoutes(app, ctx);
  await registerDedupeRoutes(app, ctx);
  if (deps.briefings) {
    // One participant-token store for the API and the pages: a token from the join form opens the journalist's WebSocket.
    const tokens = storeTokens(ctx.store.briefings) ?? memoryTokenStore();
    await registerBriefingRoutes(app, ctx, { service: deps.briefings, tokens });
    await registerBriefingPages(app, ctx, { service: deps.briefings, tokens });
  }
  await registerOpsRoutes(app, ctx); // /healthz, /readyz, /metrics, request latency and log lines

  app.get("/api/v1/openapi.json", { schema: { hide: true } }, async (_req, reply) => {
    reply.header("Cache-Control", CACHE.api).type("application/json; charset=utf-8");
    return JSON.stringify(app.swagger());
  });

  app.get("/robots.txt", { schema: { hide: true } }, async (_req, reply) => {
    reply.header("Cache-Control", CACHE.feed).type("text/plain; charset=utf-8");
    return `User-agent: *\nDisallow: /search\n\nSitemap: ${ctx.baseUrl}/sitemap.xml\nSitemap: ${ctx.baseUrl}/sitemap-news.xml\n`;
  });

  return app;
}

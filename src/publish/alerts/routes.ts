/**
 * Routes of the alerts module: the saved-search API (`api.ts`) and the `/account/alerts`
 * page (list, create, delete; CSRF is checked by the auth plugin for every form post).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isPressroomError } from "../../core/errors.js";
import type { PublishContext } from "../context.js";
import { CACHE, toPublicError } from "../http.js";
import { csrfToken, requireRole, userOf } from "../auth/plugin.js";
import { renderPage } from "../web/layout.js";
import { createForRequest, ownSavedSearch, registerAlertsApi } from "./api.js";
import { AlertsPage, type AlertsProblem } from "./page.js";
import type { SavedSearch } from "../../store/alerts.js";

const HIDDEN = { hide: true } as const;

function one(v: unknown): string {
  if (Array.isArray(v)) return one(v[0]);
  return typeof v === "string" ? v : "";
}

function field(body: unknown, name: string): string {
  return body && typeof body === "object" ? one((body as Record<string, unknown>)[name]) : "";
}

/** Register the alerts API and page. */
export async function registerAlertsRoutes(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  await registerAlertsApi(app, ctx);
  const signedIn = requireRole("reader");

  const page = async (req: FastifyRequest, reply: FastifyReply, status: number, extra: {
    problem?: AlertsProblem | null; done?: string | null; created?: { search: SavedSearch; secret: string } | null;
    form?: { name: string; query: string; webhook_url: string };
  } = {}) => {
    const searches = await ctx.store.alerts.listSavedSearches({ userId: userOf(req).userId });
    const body = renderPage({ ctx, title: "Alerts", noindex: true }, AlertsPage({ searches, csrf: csrfToken(req), ...extra }));
    return reply.code(status).header("Content-Type", "text/html; charset=utf-8").header("Cache-Control", CACHE.none).send(body);
  };

  app.get("/account/alerts", { schema: HIDDEN }, async (req, reply) => {
    // The public is sent to the sign-in form, which comes back here.
    if (req.viewer.kind !== "user") return reply.code(303).header("Location", "/login?next=%2Faccount%2Falerts").header("Cache-Control", CACHE.none).send();
    const deleted = one((req.query as Record<string, unknown>).deleted);
    return page(req, reply, 200, { done: deleted === "1" ? "Deleted the saved search." : null });
  });

  app.post("/account/alerts", { schema: HIDDEN, preHandler: signedIn }, async (req, reply) => {
    const form = { name: field(req.body, "name"), query: field(req.body, "query"), webhook_url: field(req.body, "webhook_url") };
    try {
      const created = await createForRequest(ctx, req, { name: form.name, query: form.query, webhookUrl: form.webhook_url });
      // Not a redirect: the secret is shown on this answer only.
      return page(req, reply, 201, { created });
    } catch (e) {
      if (!isPressroomError(e) || !["PRESSROOM_E_BAD_REQUEST", "PRESSROOM_E_BAD_QUERY", "PRESSROOM_E_CONFLICT"].includes(e.code)) throw e;
      const pe = toPublicError(e);
      return page(req, reply, pe.status, { problem: { message: pe.message, code: pe.code }, form: { name: form.name.slice(0, 100), query: form.query.slice(0, 1000), webhook_url: form.webhook_url.slice(0, 2000) } });
    }
  });

  app.post("/account/alerts/:id/delete", { schema: HIDDEN, preHandler: signedIn }, async (req, reply) => {
    const s = await ownSavedSearch(ctx, req, (req.params as { id: string }).id);
    await ctx.store.alerts.deleteSavedSearch(s.id, userOf(req).name);
    return reply.code(303).header("Location", "/account/alerts?deleted=1").send();
  });
}

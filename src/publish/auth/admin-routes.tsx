/**
 * Admin pages (`/admin/users`, `/admin/tokens`, `/admin/audit`; admin role) and the
 * account API (`GET /api/v1/me`, `GET /api/v1/audit`). Every change is audited with the
 * admin's name as actor, in the same transaction as the change.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { PressroomError, isPressroomError } from "../../core/errors.js";
import { USER_NAME_PATTERN } from "../../accounts/names.js";
import type { AuditEntry } from "../../store/accounts.js";
import { CACHE, toPublicError } from "../http.js";
import type { PublishContext } from "../context.js";
import { renderPage } from "../web/layout.js";
import { AuditPageView, TokensPage, UsersPage, type FormProblem } from "./pages.js";
import { csrfToken, requireRole, userOf } from "./plugin.js";

const HIDDEN = { hide: true } as const;
const AUDIT_PAGE = 50;

function one(v: unknown): string {
  if (Array.isArray(v)) return one(v[0]);
  return typeof v === "string" ? v : "";
}

function field(body: unknown, name: string): string {
  return body && typeof body === "object" ? one((body as Record<string, unknown>)[name]) : "";
}

function html(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).header("Content-Type", "text/html; charset=utf-8").header("Cache-Control", CACHE.none).send(body);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** An audit entry as the API shows it (snake_case, RFC 3339 time). */
export function auditJson(e: AuditEntry) {
  return { id: e.id, at: iso(e.at), actor: e.actor, action: e.action, item_id: e.itemId, detail: e.detail };
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string", example: "PRESSROOM_E_UNAUTHORIZED" }, message: { type: "string" } } } },
} as const;

const auditEntrySchema = {
  type: "object",
  required: ["id", "at", "actor", "action", "item_id", "detail"],
  properties: {
    id: { type: "integer" },
    at: { type: "string", format: "date-time" },
    actor: { type: "string", description: "A user name, or cli / system / anonymous." },
    action: { type: "string", example: "item.view_embargoed" },
    item_id: { type: ["string", "null"] },
    detail: { type: "object", additionalProperties: true },
  },
} as const;


/** Register the admin pages and the account API. */
export async function registerAdminRoutes(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  const accounts = ctx.store.accounts;
  const admin = requireRole("admin");

  // ---- API -------------------------------------------------------------------------
  app.get("/api/v1/me", {
    schema: {
      tags: ["accounts"],
      summary: "Who am I: the user behind the bearer token (or session)",
      response: {
        200: {
          type: "object",
          required: ["name", "role", "via"],
          properties: {
            name: { type: "string" },
            role: { type: "string", enum: ["admin", "editor", "reader"] },
            via: { type: "string", enum: ["token", "session"] },
            token_id: { type: "integer", description: "With a bearer token: its id (as listed by `pressroom token list`)." },
          },
        },
        401: { description: "No credentials, or a token that is unknown or revoked", ...errorSchema },
      },
    },
  }, async (req) => {
    const u = userOf(req);
    return { name: u.name, role: u.role, via: u.via, ...(u.via === "token" ? { token_id: Number(u.credentialId) } : {}) };
  });

  app.get("/api/v1/audit", {
    preHandler: admin,
    schema: {
      tags: ["accounts"],
      summary: "The audit log, newest first (admin)",
      querystring: {
        type: "object",
        additionalProperties: false,
        properties: {
          limit: { type: "integer", minimum: 1, maximum: 500, default: 50 },
          offset: { type: "integer", minimum: 0, maximum: 10_000_000, default: 0 },
          item_id: { type: "string", minLength: 1, maxLength: 200 },
          actor: { type: "string", minLength: 1, maxLength: 200 },
          action: { type: "string", minLength: 1, maxLength: 200 },
        },
      },
      response: {
        200: { type: "object", required: ["total", "entries"], properties: { total: { type: "integer" }, entries: { type: "array", items: auditEntrySchema } } },
        400: { description: "Bad parameters", ...errorSchema },
        401: { description: "Sign-in required", ...errorSchema },
        403: { description: "Not an admin", ...errorSchema },
      },
    },
  }, async (req) => {
    const q = req.query as { limit: number; offset: number; item_id?: string; actor?: string; action?: string };
    const page = await accounts.audit.list({ limit: q.limit, offset: q.offset, itemId: q.item_id, actor: q.actor, action: q.action });
    return { total: page.total, entries: page.entries.map(auditJson) };
  });

  app.get("/admin", { schema: HIDDEN, preHandler: admin }, async (_req, reply) => reply.code(303).header("Location", "/admin/users").send());

  // ---- Users -----------------------------------------------------------------------
  const usersPage = async (req: Parameters<typeof csrfToken>[0], reply: FastifyReply, status: number, problem: FormProblem | null, done: string | null, form?: { name: string; role: string }) => {
    const users = await accounts.listUsers();
    const body = renderPage({ ctx, title: "Users", noindex: true }, <UsersPage users={users} csrf={csrfToken(req)} self={userOf(req).name} problem={problem} done={done} form={form} />);
    return html(reply, body, status);
  };

  app.get("/admin/users", { schema: HIDDEN, preHandler: admin }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const added = one(q.added), removed = one(q.removed);
    const done = USER_NAME_PATTERN.test(added) ? `Added ${added}.` : USER_NAME_PATTERN.test(removed) ? `Removed ${removed}; their sessions ended and their tokens were revoked.` : null;
    return usersPage(req, reply, 200, null, done);
  });

  app.post("/admin/users", { schema: HIDDEN, preHandler: admin }, async (req, reply) => {
    const name = field(req.body, "name").trim();
    const role = field(req.body, "role");
    const password = field(req.body, "password");
    try {
      await accounts.createUser({ name, role: role as never, password: password === "" ? null : password }, userOf(req).name);
    } catch (e) {
      if (!isPressroomError(e) || (e.code !== "PRESSROOM_E_BAD_REQUEST" && e.code !== "PRESSROOM_E_CONFLICT")) throw e;
      const pe = toPublicError(e);
      return usersPage(req, reply, pe.status, { message: pe.message, code: pe.code }, null, { name: name.slice(0, 64), role });
    }
    return reply.code(303).header("Location", `/admin/users?added=${encodeURIComponent(name)}`).send();
  });

  app.post("/admin/users/:name/remove", { schema: HIDDEN, preHandler: admin }, async (req, reply) => {
    const { name } = req.params as { name: string };
    if (!USER_NAME_PATTERN.test(name)) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such user");
    if (name.toLowerCase() === userOf(req).name.toLowerCase()) {
      return usersPage(req, reply, 409, { message: "You cannot remove yourself; ask another admin, or use the CLI.", code: "PRESSROOM_E_CONFLICT" }, null);
    }
    await accounts.removeUser(name, userOf(req).name);
    return reply.code(303).header("Location", `/admin/users?removed=${encodeURIComponent(name)}`).send();
  });

  // ---- Tokens ----------------------------------------------------------------------
  app.get("/admin/tokens", { schema: HIDDEN, preHandler: admin }, async (req, reply) => {
    const revoked = one((req.query as Record<string, unknown>).revoked);
    const tokens = await accounts.listTokens();
    const done = /^[1-9]\d{0,15}$/.test(revoked) ? `Revoked token ${revoked}.` : null;
    return html(reply, renderPage({ ctx, title: "API tokens", noindex: true }, <TokensPage tokens={tokens} csrf={csrfToken(req)} done={done} />));
  });

  app.post("/admin/tokens/:id/revoke", { schema: HIDDEN, preHandler: admin }, async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!/^[1-9]\d{0,15}$/.test(id)) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such token");
    await accounts.revokeToken(Number(id), userOf(req).name);
    return reply.code(303).header("Location", `/admin/tokens?revoked=${id}`).send();
  });

  // ---- Audit log -------------------------------------------------------------------
  app.get("/admin/audit", { schema: HIDDEN, preHandler: admin }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const filter = { item: one(q.item).trim().slice(0, 200), actor: one(q.actor).trim().slice(0, 200), action: one(q.action).trim().slice(0, 200) };
    const rawOffset = one(q.offset);
    if (rawOffset !== "" && !/^\d{1,8}$/.test(rawOffset)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "offset must be a whole number");
    const offset = rawOffset === "" ? 0 : Number(rawOffset);
    const page = await accounts.audit.list({
      limit: AUDIT_PAGE,
      offset,
      itemId: filter.item || undefined,
      actor: filter.actor || undefined,
      action: filter.action || undefined,
    });
    return html(reply, renderPage({ ctx, title: "Audit log", noindex: true }, <AuditPageView entries={page.entries} total={page.total} offset={offset} limit={AUDIT_PAGE} filter={filter} />));
  });
}

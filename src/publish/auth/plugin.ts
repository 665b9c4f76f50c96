/**
 * Authentication for the publishing server: resolves every request's {@link Viewer}
 * (session cookie for the web, `Authorization: Bearer` token for the API), CSRF tokens for
 * forms, role checks. Owner: accounts work. STUB: every request is public until implemented.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { PUBLIC_VIEWER, hasRole, type Role, type UserViewer, type Viewer } from "../../core/access.js";
import { PressroomError } from "../../core/errors.js";
import type { PublishContext } from "../context.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Who is asking; the public unless a valid session or bearer token says otherwise. */
    viewer: Viewer;
  }
}

/** Register the auth hooks and the login/logout pages. Must run before any route module. */
export async function registerAuth(app: FastifyInstance, _ctx: PublishContext): Promise<void> {
  app.decorateRequest("viewer", null as never);
  app.addHook("onRequest", async (req) => {
    req.viewer = PUBLIC_VIEWER;
  });
}

/**
 * A preHandler that lets only users of `role` or higher through.
 * Throws `PRESSROOM_E_UNAUTHORIZED` (401) for the public, `PRESSROOM_E_FORBIDDEN` (403) for a
 * user with a lower role.
 */
export function requireRole(role: Role) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (req.viewer.kind !== "user") throw new PressroomError("PRESSROOM_E_UNAUTHORIZED", "sign in first");
    if (!hasRole(req.viewer, role)) throw new PressroomError("PRESSROOM_E_FORBIDDEN", `this needs the ${role} role`);
  };
}

/** The signed-in user of a request that passed {@link requireRole}. */
export function userOf(req: FastifyRequest): UserViewer {
  if (req.viewer.kind !== "user") throw new PressroomError("PRESSROOM_E_UNAUTHORIZED", "sign in first");
  return req.viewer;
}

/** The CSRF token to put in a form's hidden `_csrf` field for this request's session. */
export function csrfToken(_req: FastifyRequest): string {
  return "";
}

/**
 * A preHandler for form posts (cookie sessions): rejects a missing or wrong `_csrf` field
 * (or `X-CSRF-Token` header) with `PRESSROOM_E_FORBIDDEN`. Bearer-token requests pass.
 */
export async function verifyCsrf(_req: FastifyRequest, _reply: FastifyReply): Promise<void> {}

/**
 * Who a request to the briefing API acts as: a member of staff (an editor or admin choosing
 * moderator, operator or stenographer: the actor is the set-up's id for that role), a bridge
 * (`system`, editor or admin), a journalist (their participant token), or a listener (anyone
 * the ground rules allow: the public, or readers when the set-up says `listeners: "readers"`).
 */
import type { FastifyRequest } from "fastify";
import { hasRole } from "../../core/access.js";
import { PressroomError } from "../../core/errors.js";
import type { Actor, BriefingSetup } from "../../briefing/types.js";
import type { Viewer as CallViewer } from "../../briefing/view.js";
import { listenerAudience } from "../../briefing/filter.js";
import type { ConnectionRole } from "./protocol.js";
import { participantOf } from "./participants.js";
import type { ParticipantTokenStore } from "./service-port.js";

/** Roles an editor may take with `as`. */
export const STAFF_ROLES = ["moderator", "operator", "stenographer", "system"] as const;
/** A role an editor may take. */
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The identity of a request in one briefing. */
export interface Identity {
  role: ConnectionRole;
  /** What the state machine's views see (a bridge sees what the operator sees). */
  viewer: CallViewer;
  /** Who commands are sent as; null for a listener. */
  actor: Actor | null;
  participantId: string | null;
  /** True when a session cookie is what grants this identity (the Origin must then be ours). */
  byCookie: boolean;
}

/** Actor id of commands sent by a bridge or by the server itself (`system` role). */
export const SYSTEM_ACTOR_ID = "system";

/** The actor of staff role `role` in a briefing. */
export function staffActor(setup: BriefingSetup, role: StaffRole): Actor {
  if (role === "system") return { id: SYSTEM_ACTOR_ID, role: "system" };
  return { id: role === "moderator" ? setup.moderatorId : role === "operator" ? setup.operatorId : setup.stenographerId, role };
}

/**
 * Resolve the identity of `req` for briefing `id` (whose set-up is `setup`).
 * @param as The role asked for (`as` query or body field), or undefined.
 * @param token A participant token (header or subprotocol), or null.
 * @throws PressroomError `PRESSROOM_E_BAD_REQUEST` (unknown `as`), `PRESSROOM_E_UNAUTHORIZED`
 *   (no sign-in, or a bad participant token), `PRESSROOM_E_FORBIDDEN` (the role is not enough).
 */
export async function identify(req: FastifyRequest, id: string, setup: BriefingSetup, tokens: ParticipantTokenStore, as: unknown, token: string | null): Promise<Identity> {
  const viewer = req.viewer;
  const byCookie = viewer.kind === "user" && viewer.via === "session";
  if (as !== undefined && as !== "" && as !== "journalist" && as !== "listener" && !(STAFF_ROLES as readonly unknown[]).includes(as)) {
    throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `as must be one of moderator, operator, stenographer, system, journalist, listener`);
  }
  if (token !== null || as === "journalist") {
    if (token === null) throw new PressroomError("PRESSROOM_E_UNAUTHORIZED", "a journalist connects with their participant token (X-Participant-Token header or the pressroom.token.* subprotocol)");
    const participant = await participantOf(tokens, id, token);
    if (participant === null) throw new PressroomError("PRESSROOM_E_UNAUTHORIZED", "the participant token is not valid for this briefing (unknown, or replaced by a later join)");
    return { role: "journalist", viewer: { role: "journalist", id: participant }, actor: { id: participant, role: "journalist" }, participantId: participant, byCookie: false };
  }
  if (as !== undefined && as !== "" && as !== "listener") {
    const role = as as StaffRole;
    if (viewer.kind !== "user") throw new PressroomError("PRESSROOM_E_UNAUTHORIZED", `sign in (editor or admin) to act as ${role}`);
    if (!hasRole(viewer, "editor")) throw new PressroomError("PRESSROOM_E_FORBIDDEN", `acting as ${role} needs the editor role`);
    return { role, viewer: { role: role === "system" ? "operator" : role }, actor: staffActor(setup, role), participantId: null, byCookie };
  }
  if (listenerAudience(setup) === "readers") {
    if (viewer.kind !== "user") throw new PressroomError("PRESSROOM_E_UNAUTHORIZED", "this briefing is for signed-in readers only");
    return { role: "listener", viewer: { role: "listener" }, actor: null, participantId: null, byCookie };
  }
  return { role: "listener", viewer: { role: "listener" }, actor: null, participantId: null, byCookie: false };
}

/**
 * Whether the `Origin` of a cookie-authenticated WebSocket upgrade is this site: the base
 * URL's origin, or the origin of the `Host` the request was sent to. A browser always sends
 * `Origin` on a WebSocket; a page of another site gets refused (cross-site WebSocket hijacking).
 */
export function originAllowed(req: FastifyRequest, baseUrl: string): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== "string" || origin === "" || origin === "null") return false;
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false;
  }
  if (o.origin === new URL(baseUrl).origin) return true;
  const host = req.headers.host;
  return typeof host === "string" && o.host === host.toLowerCase() && (o.protocol === "http:" || o.protocol === "https:");
}

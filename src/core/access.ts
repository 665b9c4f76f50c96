/**
 * Who is asking: the anonymous public or a signed-in user with a role. Every surface that
 * could show an unreleased item asks {@link canSeeEmbargoed} first.
 *
 * Roles (issue 4): `admin` manages users and sources and can do everything an editor can;
 * `editor` creates, corrects, withdraws and publishes; `reader` may see embargoed items
 * early (a vetted journalist on a real wire). Roles are ordered admin > editor > reader.
 */
export type Role = "admin" | "editor" | "reader";

/** All roles, highest first. */
export const ROLES: readonly Role[] = ["admin", "editor", "reader"];

/** A signed-in user as a request sees it. */
export interface UserViewer {
  kind: "user";
  /** Internal user id. */
  userId: number;
  /** Login name. */
  name: string;
  role: Role;
  /** How the request authenticated: a session cookie (web) or a bearer token (API). */
  via: "session" | "token";
  /** Session id hash or token id, for audit entries and CSRF binding. */
  credentialId: string;
}

/** The viewer of a request. */
export type Viewer = { kind: "public" } | UserViewer;

/** The anonymous public. */
export const PUBLIC_VIEWER: Viewer = Object.freeze({ kind: "public" as const });

const RANK: Record<Role, number> = { admin: 3, editor: 2, reader: 1 };

/** True when `v` is a user whose role is `role` or higher (admin > editor > reader). */
export function hasRole(v: Viewer, role: Role): v is UserViewer {
  return v.kind === "user" && RANK[v.role] >= RANK[role];
}

/** True when `v` may see items before their embargo lifts (readers, editors, admins). */
export function canSeeEmbargoed(v: Viewer): v is UserViewer {
  return hasRole(v, "reader");
}

/** True when `s` names a role. */
export function isRole(s: unknown): s is Role {
  return s === "admin" || s === "editor" || s === "reader";
}

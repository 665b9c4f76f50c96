/**
 * Who may read `/metrics`: a client on the loopback interface always (a scraper on the
 * same machine); anyone else only with an admin's bearer token, or everyone when the
 * operator says so with `PRESSROOM_METRICS_PUBLIC=1`.
 *
 * A request that arrives from loopback but carries a proxy's forwarding header
 * (`Forwarded`, `X-Forwarded-For`, `X-Real-IP`) came through a reverse proxy on the same
 * machine, so it is treated as remote: otherwise the proxy would publish the metrics to
 * the world.
 */
import ipaddr from "ipaddr.js";
import type { FastifyRequest } from "fastify";
import { hasRole } from "../../core/access.js";
import { PressroomError } from "../../core/errors.js";

/** Environment variable that makes `/metrics` readable by anyone. */
export const METRICS_PUBLIC_ENV = "PRESSROOM_METRICS_PUBLIC";

/**
 * Parse `PRESSROOM_METRICS_PUBLIC`: unset, empty, `0` or `false` → false; `1` or `true` → true.
 * @throws PressroomError `PRESSROOM_E_CONFIG` for any other value.
 */
export function metricsPublicFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env[METRICS_PUBLIC_ENV] ?? "").trim().toLowerCase();
  if (v === "" || v === "0" || v === "false") return false;
  if (v === "1" || v === "true") return true;
  throw new PressroomError("PRESSROOM_E_CONFIG", `${METRICS_PUBLIC_ENV} must be 1 or 0, got "${env[METRICS_PUBLIC_ENV]}"`);
}

/** True when `address` (IPv4, IPv6 or IPv4-mapped IPv6) is a loopback address. */
export function isLoopback(address: string | undefined): boolean {
  if (!address || !ipaddr.isValid(address)) return false;
  const a = ipaddr.process(address);
  return a.range() === "loopback";
}

/** True when the request carries a reverse proxy's forwarding header. */
function forwarded(req: FastifyRequest): boolean {
  return req.headers.forwarded !== undefined || req.headers["x-forwarded-for"] !== undefined || req.headers["x-real-ip"] !== undefined;
}

/**
 * Decide whether `req` may read the metrics (see the module comment).
 * @returns null when allowed, else the error to answer with (401 for the public, 403 for a
 *   signed-in user without the admin role).
 */
export function metricsAccessError(req: FastifyRequest, opts: { metricsPublic: boolean }): PressroomError | null {
  if (opts.metricsPublic) return null;
  if (isLoopback(req.socket.remoteAddress) && !forwarded(req)) return null;
  const signedIn = req.viewer.kind === "user";
  if (hasRole(req.viewer, "admin")) return null;
  const how = `metrics are served to loopback clients, to admins with a bearer token, or to everyone when ${METRICS_PUBLIC_ENV}=1`;
  return signedIn
    ? new PressroomError("PRESSROOM_E_FORBIDDEN", `this needs the admin role; ${how}`)
    : new PressroomError("PRESSROOM_E_UNAUTHORIZED", how);
}

/**
 * The site's style sheet as a file of its own (`GET /assets/site-<hash>.css`), linked from
 * every page instead of inlined in each: it is half of a typical item page's bytes (4.6 of
 * 9.3 kB), which a reader's browser would otherwise download again with every page, and which
 * the server would render, cache and write again for every response. The name carries a hash
 * of the content, so the file is cached for a year (`immutable`) and a new version of the
 * sheet is a new address.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { CSS } from "./styles.js";

/** The sheet as sent (UTF-8). */
const BYTES = Buffer.from(CSS.trim(), "utf8");
const HASH = createHash("sha256").update(BYTES).digest("base64url").slice(0, 12);

/** Path of the site's style sheet, e.g. `/assets/site-3q2x…css`: changes with its content. */
export const STYLESHEET_PATH = `/assets/site-${HASH}.css`;

/** `Cache-Control` of content-addressed assets: one year, never revalidated (RFC 8246 `immutable`). */
export const IMMUTABLE = "public, max-age=31536000, immutable";

/** Register `GET STYLESHEET_PATH` (any other `/assets/site-*.css` is a 404 like any unknown path). */
export function registerStylesheet(app: FastifyInstance): void {
  app.get(STYLESHEET_PATH, { schema: { hide: true } }, async (_req, reply) =>
    reply.header("Content-Type", "text/css; charset=utf-8").header("Cache-Control", IMMUTABLE).header("ETag", `"${HASH}"`).send(BYTES));
}

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

/** `Cache-Control` of a sheet asked for under another build's name (see {@link registerStylesheet}). */
const OTHER_NAME_CACHE = "public, max-age=60";

/**
 * Register `GET /assets/site-<hash>.css`. The current name is cached for a year; any other
 * well-formed name gets the current sheet too, cached for a minute: during a rolling upgrade
 * of several web processes, a page rendered by one build may ask another build for its sheet,
 * and an unstyled page is worse than a slightly different style. Anything else under
 * `/assets/` is a 404. The route is marked `asset` (route config): the same for every viewer,
 * so the auth plugin neither looks up a session for it nor makes it private.
 */
export function registerStylesheet(app: FastifyInstance): void {
  app.get("/assets/:name", { schema: { hide: true }, config: { asset: true } }, async (req, reply) => {
    const { name } = req.params as { name: string };
    if (!/^site-[A-Za-z0-9_-]{12}\.css$/.test(name)) {
      return reply.code(404).header("Content-Type", "text/plain; charset=utf-8").header("Cache-Control", "no-store").send("not found\n");
    }
    const current = `/assets/${name}` === STYLESHEET_PATH;
    return reply.header("Content-Type", "text/css; charset=utf-8").header("Cache-Control", current ? IMMUTABLE : OTHER_NAME_CACHE).header("ETag", `"${HASH}"`).send(BYTES);
  });
}

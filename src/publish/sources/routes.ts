/**
 * Routes of the sources module: the admin page `/admin/sources` (admin role; list with
 * state, add, remove; CSRF-checked forms) and the e-mail drop `POST /api/v1/inbox`
 * (editor role; a raw RFC 822 message, `Content-Type: message/rfc822`), and the WebSub
 * callback `/websub/callback/:token` (hub verification GET, content distribution POST).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { PressroomError, isPressroomError } from "../../core/errors.js";

/*
 * The ingestion machinery these routes hand work to (e-mail and feed readers, the fetcher, the
 * source registry) is loaded on first use, not with the server: it weighs about 20 MB of heap
 * and 50 MB of resident memory (mailparser, linkedom, chrono-node, undici, iconv-lite), which a
 * web process that never receives an e-mail, a WebSub push or a new source should not carry
 * (issue 5: web process under 300 MB). `import()` loads each module once.
 */
const inbox = () => import("../../sources/inbox.js");
const poll = () => import("../../sources/poll.js");
const readFeed = () => import("../../sources/read-feed.js");
const websub = () => import("../../sources/websub.js");
const registry = () => import("../../sources/registry.js");
import { csrfToken, requireRole, userOf, verifyCsrf } from "../auth/plugin.js";
import type { PublishContext } from "../context.js";
import { CACHE, toPublicError } from "../http.js";
import { renderSourcesPage, type SourceForm, type SourcesProblem } from "./page.js";

const HIDDEN = { hide: true } as const;
/** Largest message accepted by the inbox: 10 MiB. */
export const INBOX_MAX_BYTES = 10 * 1024 * 1024;

function one(v: unknown): string {
  if (Array.isArray(v)) return one(v[0]);
  return typeof v === "string" ? v : "";
}

function field(body: unknown, name: string): string {
  return body && typeof body === "object" ? one((body as Record<string, unknown>)[name]) : "";
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } } },
} as const;

export async function registerSourcesRoutes(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  const admin = requireRole("admin");

  // ---- E-mail drop -----------------------------------------------------------------
  app.addContentTypeParser("message/rfc822", { parseAs: "buffer", bodyLimit: INBOX_MAX_BYTES }, (_req, body, done) => done(null, body));

  app.post("/api/v1/inbox", {
    preHandler: requireRole("editor"),
    bodyLimit: INBOX_MAX_BYTES,
    schema: {
      tags: ["items"],
      summary: "Submit a release by e-mail (editor): a raw RFC 822 message as the body, Content-Type message/rfc822",
      description: "Subject becomes the headline, Date the publication time, From the source name; the text/plain part is preferred, else the HTML part as text. The Message-ID is the identity: the same message again is unchanged. A stated embargo holds the item.",
      response: {
        201: {
          type: "object",
          required: ["status", "id", "version", "headline"],
          properties: {
            status: { type: "string", enum: ["imported", "updated", "unchanged", "held"] },
            id: { type: "string" },
            version: { type: "integer" },
            headline: { type: "string" },
            release_at: { type: "string", format: "date-time", description: "When held: the embargo lift time." },
          },
        },
        400: errorSchema, 401: errorSchema, 403: errorSchema, 413: errorSchema, 415: errorSchema, 422: errorSchema,
      },
    },
  }, async (req: FastifyRequest, reply: FastifyReply) => {
    const ct = String(req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (ct !== "message/rfc822") throw new PressroomError("PRESSROOM_E_UNSUPPORTED", "send the raw message with Content-Type: message/rfc822");
    const raw = req.body;
    if (!Buffer.isBuffer(raw) || raw.length === 0) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "the request body is empty; send one raw RFC 822 message");
    const r = await (await inbox()).ingestEmail(ctx.store, raw, { now: ctx.clock.now(), actor: userOf(req).name });
    reply.code(201).header("Cache-Control", CACHE.none);
    if (r.status !== "held") reply.header("Location", `${ctx.baseUrl}/api/v1/items/${encodeURIComponent(r.id)}`);
    return { status: r.status, id: r.id, version: r.version, headline: r.headline, ...(r.releaseAt !== undefined ? { release_at: new Date(r.releaseAt).toISOString() } : {}) };
  });

  // ---- WebSub callback -------------------------------------------------------------
  await app.register(async (hubs) => {
    // Pushed content is read as bytes whatever its type (RSS, Atom, JSON Feed).
    hubs.removeAllContentTypeParsers();
    hubs.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: INBOX_MAX_BYTES }, (_req, body, done) => done(null, body));

    hubs.get("/websub/callback/:token", { schema: HIDDEN }, async (req, reply) => {
      const { token } = req.params as { token: string };
      const q = req.query as Record<string, unknown>;
      const sub = /^[A-Za-z0-9_-]{10,64}$/.test(token) ? await ctx.store.sources.findWebSubByToken(token) : null;
      const mode = one(q["hub.mode"]);
      if (!sub || one(q["hub.topic"]) !== sub.topic) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such subscription");
      const now = ctx.clock.now();
      reply.header("Cache-Control", CACHE.none);
      if (mode === "denied") {
        await ctx.store.sources.putWebSub({ ...sub, state: "denied" });
        return reply.code(200).type("text/plain").send("");
      }
      const challenge = one(q["hub.challenge"]);
      if (mode !== "subscribe" || !challenge || challenge.length > 1000) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such subscription request");
      const lease = Number(one(q["hub.lease_seconds"]));
      const leaseUntil = Number.isFinite(lease) && lease > 0 ? now + Math.min(lease, 365 * 24 * 3600) * 1000 : null;
      await ctx.store.sources.putWebSub({ ...sub, state: "active", verifiedAt: now, leaseUntil });
      return reply.code(200).type("text/plain").send(challenge);
    });

    hubs.post("/websub/callback/:token", { schema: HIDDEN }, async (req, reply) => {
      const { token } = req.params as { token: string };
      const sub = /^[A-Za-z0-9_-]{10,64}$/.test(token) ? await ctx.store.sources.findWebSubByToken(token) : null;
      const source = sub ? await ctx.store.sources.get(sub.sourceId) : null;
      if (!sub || !source || sub.state !== "active") throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such subscription");
      reply.header("Cache-Control", CACHE.none);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const sig = req.headers["x-hub-signature"];
      // WebSub 7.4: content with a missing or wrong signature is acknowledged and ignored.
      if (!(await websub()).signatureValid(sub.secret, typeof sig === "string" ? sig : undefined, body)) {
        req.log.warn({ source: source.id }, "WebSub content with a missing or wrong signature ignored");
        return reply.code(202).send();
      }
      try {
        const read = (await readFeed()).readFeedBytes(body, sub.topic, String(req.headers["content-type"] ?? "") || null);
        const counts = await (await poll()).ingestEntries(ctx.store, source, read.docs.map((doc) => ({ doc })), [], ctx.clock);
        await ctx.store.sources.addItemsSeen(source.id, counts.fresh);
      } catch (e) {
        if (!isPressroomError(e) || e.code === "PRESSROOM_E_DATABASE") throw e;
        req.log.warn({ source: source.id, err: e.message }, "WebSub content could not be read");
      }
      return reply.code(202).send();
    });
  });

  // ---- Admin page ------------------------------------------------------------------
  const page = async (req: FastifyRequest, reply: FastifyReply, status: number, problem: SourcesProblem | null, done: string | null, form?: SourceForm) => {
    const sources = await ctx.store.sources.list();
    const body = renderSourcesPage(ctx, { sources, csrf: csrfToken(req), problem, done, form });
    return reply.code(status).header("Content-Type", "text/html; charset=utf-8").header("Cache-Control", CACHE.none).send(body);
  };

  app.get("/admin/sources", { schema: HIDDEN, preHandler: admin }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const added = one(q.added), removed = one(q.removed);
    const done = /^[1-9]\d{0,15}$/.test(added) ? `Added source ${added}; it is polled at the next worker run.` : /^[1-9]\d{0,15}$/.test(removed) ? `Removed source ${removed}; its items stay in the archive.` : null;
    return page(req, reply, 200, null, done);
  });

  app.post("/admin/sources", { schema: HIDDEN, preHandler: [admin, verifyCsrf] }, async (req, reply) => {
    const form: SourceForm = {
      target: field(req.body, "target").slice(0, 2000), name: field(req.body, "name").slice(0, 200), section: field(req.body, "section").slice(0, 200),
      kind: field(req.body, "kind").slice(0, 40), selector: field(req.body, "selector").slice(0, 500), interval: field(req.body, "interval").slice(0, 20),
    };
    let id: number;
    try {
      const spec = (await registry()).sourceFromSpec({ target: form.target, name: form.name, section: form.section, kind: form.kind, selector: form.selector, interval: form.interval }, process.cwd(), { remote: true });
      id = (await ctx.store.sources.add(spec)).id;
    } catch (e) {
      if (!isPressroomError(e) || (e.code !== "PRESSROOM_E_BAD_REQUEST" && e.code !== "PRESSROOM_E_CONFLICT")) throw e;
      const pe = toPublicError(e);
      return page(req, reply, pe.status, { message: pe.message, code: pe.code }, null, form);
    }
    return reply.code(303).header("Location", `/admin/sources?added=${id}`).send();
  });

  app.post("/admin/sources/:id/remove", { schema: HIDDEN, preHandler: [admin, verifyCsrf] }, async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!/^[1-9]\d{0,15}$/.test(id)) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such source");
    if (!(await ctx.store.sources.remove(Number(id)))) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no source ${id}`);
    return reply.code(303).header("Location", `/admin/sources?removed=${id}`).send();
  });
}

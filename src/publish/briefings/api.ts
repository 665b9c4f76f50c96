/**
 * The briefing HTTP API under `/api/v1/briefings` (JSON, camelCase like the state machine's
 * commands and events; times are epoch ms UTC):
 *
 * - `POST /api/v1/briefings` (editor+): create from a set-up → 201 `{ briefing, accessCode, setup }`.
 * - `GET /api/v1/briefings`: list (no real names). `GET /api/v1/briefings/:id`: one, with the
 *   caller's view (staff: the moderator's view and the set-up with real names; a journalist
 *   with their token: their view; others: the listener's view, if the ground rules let them).
 * - `POST /api/v1/briefings/:id/participants`: a journalist joins (account, or access code) →
 *   201 `{ participantId, token, briefingId }`.
 * - `POST /api/v1/briefings/:id/commands`: one command (idempotent by `commandId`), for
 *   clients without WebSocket and for a telephone bridge.
 *
 * A refused command answers with the catalogue status and `reason`, the briefing code:
 * `{"error": {"code": "PRESSROOM_E_CONFLICT", "message": "...", "reason": "PRESSROOM_E_BRIEFING_QUEUE_CLOSED"}}`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasRole } from "../../core/access.js";
import { isPressroomError, PressroomError } from "../../core/errors.js";
import { clientView, eventsFor, listenerAudience } from "../../briefing/filter.js";
import type { BriefingRecord } from "../../store/briefings.js";
import type { PublishContext } from "../context.js";
import { CACHE, HTTP_STATUS } from "../http.js";
import { requireRole, userOf } from "../auth/plugin.js";
import { identify, type Identity } from "./access.js";
import { TOKEN_HEADER, wireError, type WireError } from "./protocol.js";
import { joinParticipant } from "./participants.js";
import { KeyedWindows, DEFAULT_MESSAGE_LIMIT, type RateLimit } from "./rate.js";
import type { BriefingServicePort, ParticipantTokenStore } from "./service-port.js";
import { parseSetupInput } from "./setup-input.js";

/** Options of the HTTP API. */
export interface BriefingApiOptions {
  service: BriefingServicePort;
  tokens: ParticipantTokenStore;
  /** Commands one participant may send over HTTP per window (default 20 per 10 s). */
  participantCommandLimit?: RateLimit;
  /**
   * Joins per client IP (brute force of access codes): default 30 a minute; `false` leaves
   * only the API-wide limit (for load tests).
   */
  joinRateLimit?: { max: number; timeWindowMs: number } | false;
}

/** Public briefing id shape (`b` + 10 characters); anything else is 404 without a look-up. */
export const BRIEFING_ID = /^[A-Za-z0-9_-]{1,64}$/;

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" }, reason: { type: "string" } } } },
} as const;

const briefingSchema = {
  type: "object",
  required: ["id", "title", "section", "scheduledStart", "phase", "createdAt", "itemId", "itemUrl", "liveUrl"],
  properties: {
    id: { type: "string" },
    title: { type: "string" },
    section: { type: ["string", "null"] },
    scheduledStart: { type: "integer", description: "epoch ms UTC" },
    phase: { type: "string", enum: ["scheduled", "open", "last_question", "closed"] },
    createdAt: { type: "integer", description: "epoch ms UTC" },
    itemId: { type: ["string", "null"], description: "the published transcript item, once the call closed" },
    itemUrl: { type: ["string", "null"] },
    liveUrl: { type: "string", description: "WebSocket URL of the live call" },
  },
} as const;

const idParams = { type: "object", required: ["id"], properties: { id: { type: "string", maxLength: 64 } } } as const;

/** A briefing as the API lists it (never the set-up's officials). */
export function briefingJson(ctx: PublishContext, r: BriefingRecord) {
  return {
    id: r.id,
    title: r.title,
    section: r.section,
    scheduledStart: r.scheduledStart,
    phase: r.phase,
    createdAt: r.createdAt,
    itemId: r.itemId,
    itemUrl: r.itemId ? ctx.itemUrl(r.itemId) : null,
    liveUrl: `${ctx.baseUrl.replace(/^http/, "ws")}/api/v1/briefings/${encodeURIComponent(r.id)}/live`,
  };
}

/** Send a refusal with its briefing `reason` (the error handler would drop it). */
export function sendWireError(reply: FastifyReply, e: WireError): FastifyReply {
  return reply.code(HTTP_STATUS[e.code] ?? 500).header("Cache-Control", CACHE.none).type("application/json; charset=utf-8").send(JSON.stringify({ error: e }));
}

function header(req: FastifyRequest, name: string): string | null {
  const v = req.headers[name];
  return typeof v === "string" && v !== "" ? v : null;
}

/** The briefing `id` of the route, or 404. */
async function briefingOf(service: BriefingServicePort, id: string) {
  const none = new PressroomError("PRESSROOM_E_NOT_FOUND", "no such briefing");
  if (!BRIEFING_ID.test(id)) throw none;
  const [record, state] = await Promise.all([service.get(id), service.state(id)]);
  if (!record || !state) throw none;
  return { record, state };
}

/** Register the briefing HTTP API. */
export async function registerBriefingApi(app: FastifyInstance, ctx: PublishContext, opts: BriefingApiOptions): Promise<void> {
  const { service, tokens } = opts;
  const participantLimits = new KeyedWindows(opts.participantCommandLimit ?? DEFAULT_MESSAGE_LIMIT);
  const join = opts.joinRateLimit === undefined ? { max: 30, timeWindowMs: 60_000 } : opts.joinRateLimit;

  app.post("/api/v1/briefings", {
    preHandler: requireRole("editor"),
    schema: {
      tags: ["briefings"],
      summary: "Create a live briefing (editor or admin); the access code is shown only in this answer",
      body: { type: "object" },
      response: { 201: { type: "object", required: ["briefing", "accessCode", "setup"], properties: { briefing: briefingSchema, accessCode: { type: "string" }, setup: { type: "object" } } }, 400: errorSchema, 401: errorSchema, 403: errorSchema },
    },
  }, async (req, reply) => {
    const setup = parseSetupInput(req.body);
    const { record, accessCode } = await service.create(setup, { userId: userOf(req).userId });
    reply.code(201).header("Cache-Control", CACHE.none).header("Location", `${ctx.baseUrl}/api/v1/briefings/${encodeURIComponent(record.id)}`);
    return { briefing: briefingJson(ctx, record), accessCode, setup };
  });

  app.get("/api/v1/briefings", {
    schema: {
      tags: ["briefings"],
      summary: "Live briefings, newest scheduled first (titles and phases; never officials' names; readers-only briefings to signed-in users only)",
      response: { 200: { type: "object", required: ["briefings"], properties: { briefings: { type: "array", items: briefingSchema } } } },
    },
  }, async (req, reply) => {
    reply.header("Cache-Control", CACHE.none);
    let list = await service.list();
    // a briefing for signed-in readers only is not listed to the public
    if (req.viewer.kind !== "user") {
      const open = await Promise.all(list.map(async (r) => {
        const s = await service.state(r.id);
        return s !== null && listenerAudience(s.setup) === "public";
      }));
      list = list.filter((_, i) => open[i]);
    }
    return { briefings: list.map((r) => briefingJson(ctx, r)) };
  });

  app.get("/api/v1/briefings/:id", {
    schema: {
      tags: ["briefings"],
      summary: "One briefing with the caller's view: staff (editor+) the moderator's view and the set-up; a journalist (X-Participant-Token) theirs; others the listener's",
      params: idParams,
      response: { 200: { type: "object", required: ["briefing", "view"], properties: { briefing: briefingSchema, view: { type: "object" }, setup: { type: "object" } } }, 401: errorSchema, 404: errorSchema },
    },
  }, async (req, reply) => {
    const { record, state } = await briefingOf(service, (req.params as { id: string }).id);
    const now = ctx.clock.now();
    reply.header("Cache-Control", CACHE.none);
    const token = header(req, TOKEN_HEADER);
    if (token === null && hasRole(req.viewer, "editor")) {
      return { briefing: briefingJson(ctx, record), view: clientView(state, { role: "moderator" }, now), setup: state.setup };
    }
    const who = await identify(req, record.id, state.setup, tokens, token !== null ? "journalist" : undefined, token);
    return { briefing: briefingJson(ctx, record), view: clientView(state, who.viewer, now) };
  });

  app.post("/api/v1/briefings/:id/participants", {
    config: join === false ? {} : { rateLimit: { max: join.max, timeWindow: join.timeWindowMs } },
    schema: {
      tags: ["briefings"],
      summary: "Join as a journalist: with a signed-in account (reader or higher), or with the briefing's access code; answers the participant token (shown once)",
      params: idParams,
      body: {
        type: "object",
        required: ["name"],
        properties: { name: { type: "string", maxLength: 1000 }, outlet: { type: ["string", "null"], maxLength: 1000 }, accessCode: { type: "string", maxLength: 100 } },
      },
      response: {
        201: { type: "object", required: ["briefingId", "participantId", "token", "rejoined"], properties: { briefingId: { type: "string" }, participantId: { type: "string" }, token: { type: "string" }, rejoined: { type: "boolean" } } },
        400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 429: errorSchema,
      },
    },
  }, async (req, reply) => {
    const { record } = await briefingOf(service, (req.params as { id: string }).id);
    const body = req.body as { name: unknown; outlet?: unknown; accessCode?: unknown };
    let via: { accessCode: string } | { userId: number };
    if (typeof body.accessCode === "string" && body.accessCode !== "") via = { accessCode: body.accessCode };
    else if (req.viewer.kind === "user") via = { userId: req.viewer.userId };
    else throw new PressroomError("PRESSROOM_E_UNAUTHORIZED", "join with the briefing's access code, or sign in");
    try {
      const j = await joinParticipant(service, tokens, record.id, { name: body.name, outlet: body.outlet }, via);
      reply.code(201).header("Cache-Control", CACHE.none);
      return { briefingId: record.id, participantId: j.participantId, token: j.token, rejoined: j.rejoined };
    } catch (e) {
      const reason = isPressroomError(e) ? (e.detail?.reason as string | undefined) : undefined;
      if (isPressroomError(e) && reason) return sendWireError(reply, { code: e.code, message: e.message, reason });
      throw e;
    }
  });

  app.post("/api/v1/briefings/:id/commands", {
    schema: {
      tags: ["briefings"],
      summary: "Send one command (idempotent by commandId): a journalist with X-Participant-Token, staff or a bridge (editor+) with \"as\"",
      description: "Body: the command without actor, e.g. {\"commandId\":\"c1\",\"type\":\"raise_hand\"}; staff add \"as\": moderator|operator|stenographer|system. Answers the events the sender may see.",
      params: idParams,
      body: { type: "object", properties: { commandId: { type: "string" }, type: { type: "string" }, as: { type: "string" } } },
      response: {
        200: { type: "object", required: ["ok", "retried", "seq", "events"], properties: { ok: { type: "boolean" }, retried: { type: "boolean" }, seq: { type: ["integer", "null"] }, events: { type: "array", items: { type: "object" } } } },
        400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 429: errorSchema,
      },
    },
  }, async (req, reply) => {
    const { record, state } = await briefingOf(service, (req.params as { id: string }).id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const token = header(req, TOKEN_HEADER);
    const who: Identity = await identify(req, record.id, state.setup, tokens, token !== null ? "journalist" : body.as ?? "", token);
    if (!who.actor) throw new PressroomError(req.viewer.kind === "user" ? "PRESSROOM_E_BAD_REQUEST" : "PRESSROOM_E_UNAUTHORIZED", "send commands as a journalist (X-Participant-Token) or, signed in as an editor, with \"as\": moderator, operator, stenographer or system");
    if (who.participantId !== null && !participantLimits.take(`${record.id}\u0000${who.participantId}`, Date.now())) {
      const after = Math.max(1, Math.ceil(participantLimits.retryAfter(`${record.id}\u0000${who.participantId}`, Date.now()) / 1000));
      reply.header("Retry-After", String(after));
      throw new PressroomError("PRESSROOM_E_RATE_LIMITED", `too many commands; try again in ${after} s`);
    }
    const { as: _as, actor: _actor, ...command } = body;
    const r = await service.command(record.id, { ...command, actor: who.actor });
    if (!r.ok) return sendWireError(reply, wireError(r.error));
    const after = (await service.state(record.id)) ?? state;
    reply.header("Cache-Control", CACHE.none);
    return { ok: true, retried: r.retried, seq: r.effects.length ? r.effects[r.effects.length - 1]!.seq : null, events: eventsFor(who.viewer, r.effects, after, ctx.clock.now()) };
  });
}

/**
 * Routes of live briefings: the HTTP API (`api.ts`) and the WebSocket
 * `GET /api/v1/briefings/:id/live` (`ws.ts`), on the server's own port.
 *
 * The upgrade goes through fastify's routing (@fastify/websocket), so the request is
 * authenticated by the same hook as every route (session cookie or bearer token), counted by
 * the API rate limit, and refused with an ordinary HTTP answer in our error format (401, 403,
 * 404, 429) before any WebSocket exists. A cookie-authenticated upgrade must come from a page
 * of this site (`Origin` check: WebSocket has no CSRF token); so must one authenticated by the
 * journalist page's participant cookie (`?as=journalist` with no token in header or subprotocol).
 */
import fastifyWebsocket from "@fastify/websocket";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { PressroomError } from "../../core/errors.js";
import type { PublishContext } from "../context.js";
import { identify, originAllowed, type Identity } from "./access.js";
import { registerBriefingApi, BRIEFING_ID, type BriefingApiOptions } from "./api.js";
import { MAX_MESSAGE_BYTES, SUBPROTOCOL, TOKEN_HEADER, tokenFromProtocols } from "./protocol.js";
import { memoryTokenStore, storeTokens, type BriefingServicePort, type ParticipantTokenStore } from "./service-port.js";
import { LiveHub, type LiveOptions } from "./ws.js";
import type { Kysely } from "kysely";
import { BriefingPresenceStore } from "../../store/briefing-presence.js";

/** What the briefing routes need. */
export interface BriefingRoutesOptions extends LiveOptions {
  service: BriefingServicePort;
  /** Where participant tokens are kept; default: the store's briefings sub-store, else memory. */
  tokens?: ParticipantTokenStore;
  participantCommandLimit?: BriefingApiOptions["participantCommandLimit"];
  joinRateLimit?: BriefingApiOptions["joinRateLimit"];
}

/** Name of the journalist page's HttpOnly participant cookie (`PARTICIPANT_COOKIE` in page-routes.tsx). */
const PARTICIPANT_COOKIE = "pressroom_participant";

interface Upgrade {
  id: string;
  ident: Identity;
  since: number | null;
}

/**
 * Register the briefing API and the live WebSocket. Returns the hub (connection count, for
 * metrics and tests). Connections are closed with 1012 when the server closes.
 */
export async function registerBriefingRoutes(app: FastifyInstance, ctx: PublishContext, opts: BriefingRoutesOptions): Promise<LiveHub> {
  const { service } = opts;
  let tokens = opts.tokens ?? storeTokens((ctx.store as { briefings?: unknown }).briefings);
  if (!tokens) {
    app.log.warn("briefings: the store keeps no participant tokens; they are kept in memory and lost on restart");
    tokens = memoryTokenStore();
  }
  const db = (ctx.store as { briefings?: { core?: { db?: Kysely<any> } } }).briefings?.core?.db;
  const presence = opts.presence !== undefined ? opts.presence : db ? new BriefingPresenceStore(db) : null;
  if (!presence) app.log.warn("briefings: no shared presence table; journalists' presence is per web process");
  const hub = new LiveHub(service, ctx.clock, app.log, { ...opts, presence });
  await app.register(fastifyWebsocket, {
    options: {
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      // Answer with our protocol name, never with the token a browser offered beside it.
      handleProtocols: (protocols: Set<string>) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    },
    preClose: (done: () => void) => {
      hub.close();
      done();
    },
  });
  // An upgrade refused by a hook that ran before the plugin's (the auth hook: a bad bearer
  // token) is answered over HTTP but its socket would stay open: close it like the plugin does.
  app.addHook("onResponse", async (req) => {
    if (!req.ws && /^websocket$/i.test(String(req.headers.upgrade ?? "")) && !req.raw.socket.destroyed) req.raw.socket.destroy();
  });
  await registerBriefingApi(app, ctx, { service, tokens, participantCommandLimit: opts.participantCommandLimit, joinRateLimit: opts.joinRateLimit });

  const upgrades = new WeakMap<FastifyRequest, Upgrade>();
  const t = tokens;
  app.route({
    method: "GET",
    url: "/api/v1/briefings/:id/live",
    schema: { hide: true },
    preHandler: async (req) => {
      if (!req.ws) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "this address takes WebSocket upgrades only (see docs/briefings.md)");
      const id = (req.params as { id: string }).id;
      if (!BRIEFING_ID.test(id)) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such briefing");
      const state = await service.state(id);
      if (!state) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such briefing");
      const q = req.query as Record<string, unknown>;
      let since: number | null = null;
      if (q.since !== undefined && q.since !== "") {
        if (typeof q.since !== "string" || !/^\d{1,15}$/.test(q.since)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "since must be a whole number >= 0 (the last seq you saw)");
        since = Number(q.since);
      }
      const headerToken = req.headers[TOKEN_HEADER];
      const token = (typeof headerToken === "string" && headerToken !== "" ? headerToken : null) ?? tokenFromProtocols(req.headers["sec-websocket-protocol"] as string | undefined);
      // The journalist page's socket: the HttpOnly participant cookie set by the join form
      // (PARTICIPANT_COOKIE of page-routes.tsx, path = this address), only with as=journalist.
      const cookieToken = token === null && q.as === "journalist" ? (req.cookies?.[PARTICIPANT_COOKIE] || null) : null;
      const ident = await identify(req, id, state.setup, t, typeof q.as === "string" ? q.as : undefined, token ?? cookieToken);
      if ((ident.byCookie || cookieToken !== null) && !originAllowed(req, ctx.baseUrl)) {
        throw new PressroomError("PRESSROOM_E_FORBIDDEN", "a signed-in WebSocket must be opened from a page of this site (Origin)");
      }
      upgrades.set(req, { id, ident, since });
    },
    handler: async () => {
      throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "this address takes WebSocket upgrades only (see docs/briefings.md)");
    },
    wsHandler: (socket, req) => {
      const u = upgrades.get(req);
      if (!u) {
        socket.close(1011, "not authenticated");
        return;
      }
      upgrades.delete(req);
      void hub.attach(socket, u.id, u.ident, u.since);
    },
  });
  return hub;
}

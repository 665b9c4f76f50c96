/**
 * The web pages of live briefings (issue 7), registered by {@link registerBriefingPages}:
 *
 * | path | who | what |
 * | --- | --- | --- |
 * | `GET /briefings` | anyone | live, upcoming and closed briefings (closed ones link their transcript item) |
 * | `GET/POST /briefings/new` | editor+ | the set-up form; the answer shows the access code once |
 * | `GET /briefings/:id` | anyone | listener view: the live transcript, nothing under embargo |
 * | `GET/POST /briefings/:id/join` | anyone with the access code, or a signed-in reader+ | join as a journalist |
 * | `GET /briefings/:id/journalist`, `POST .../journalist/command` | the journalist (participant cookie) | raise / withdraw the hand |
 * | `GET /briefings/:id/moderator|operator|stenographer`, `POST .../ROLE/command` | editor+ | the consoles |
 * | `GET /briefings/assets/live.js` | anyone | the client script (progressive enhancement) |
 *
 * Every control is a form POST that works without JavaScript (answer: 303 back to the page,
 * or the page again with the refusal); with `Accept: application/json` the same routes answer
 * `{ ok, error? }` (the client script sends forms that way). Each form carries a fresh
 * `commandId`, so a form sent twice is a safe retry. Staff forms carry the session's CSRF
 * token (checked by the auth plugin); journalist forms also carry `_pcsrf`, an HMAC of the
 * participant token, checked here. `?part=live` on any page answers its main content without
 * the site layout, for the client to refresh the regions marked `data-live`.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID, createHash } from "node:crypto";
import { DateTime, IANAZone } from "luxon";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import { hasRole } from "../../core/access.js";
import { isPressroomError, PressroomError, type ErrorCode } from "../../core/errors.js";
import { BASES } from "../../core/transcript-types.js";
import { csrfMatches, csrfTokenFor } from "../../accounts/secrets.js";
import type { ApplyResult, BriefingSetup, Viewer as CallViewer, CallView } from "../../briefing/index.js";
import type { BriefingRecord } from "../../store/briefings.js";
import { csrfToken, requireRole, sessionCookieOptions } from "../auth/plugin.js";
import type { PublishContext } from "../context.js";
import { CACHE, HTTP_STATUS, toPublicError } from "../http.js";
import { renderPage } from "../web/layout.js";
import { MAX_ID_CHARS } from "../../briefing/command.js";
import { MAX_TITLE_CHARS } from "./setup-input.js";
import {
  BriefingErrorPage, BriefingList, CLIENT_SCRIPT_PATH, errorHeading, ConsolePage, CreatedPage, JoinPage, JournalistPage, ListenerPage, NewBriefingForm, OFFICIAL_ROWS,
  briefingPaths, emptyBriefingForm, type BriefingFormValues, type ConsoleRole, type JoinFormValues, type Problem,
} from "./pages.js";
import { joinParticipant, participantOf } from "./participants.js";
import { storeTokens, type BriefingServicePort, type ParticipantTokenStore } from "./service-port.js";

/** What the pages use of the briefing service (`src/briefing/service.ts` satisfies it as it is). */
export interface PagesBriefingService extends BriefingServicePort {
  view(id: string, viewer: CallViewer): Promise<CallView | null>;
}

/** Dependencies of the briefing pages. */
export interface BriefingPagesDeps {
  service: PagesBriefingService;
  /**
   * Where journalists' participant tokens are kept: the SAME store the API's routes use (a
   * token from the join form must open the journalist's WebSocket). Default: the store's own
   * (`store.briefings`, when it keeps tokens); without either, registering throws.
   */
  tokens?: ParticipantTokenStore;
  /** WebSocket path of the live API (default `/api/v1/briefings/ID/live`). */
  livePath?: (briefingId: string) => string;
}

/** Name of the cookie holding a journalist's participant token (scoped to the briefing's path). */
export const PARTICIPANT_COOKIE = "pressroom_participant";

const HIDDEN = { hide: true } as const;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
/**
 * Join attempts per client address per minute. Generous, since a press room shares one
 * address; guessing an 8-digit access code at this rate still takes years.
 */
export const JOIN_RATE = { max: 60, timeWindow: 60_000 };
/** Journalist form commands per participant (or address) per 10 s: no flooding from one caller. */
export const JOURNALIST_RATE = { max: 20, timeWindow: 10_000, keyGenerator: (req: FastifyRequest) => req.cookies?.[PARTICIPANT_COOKIE] ?? req.ip };

function one(v: unknown): string {
  if (Array.isArray(v)) return one(v[0]);
  return typeof v === "string" ? v : "";
}

function bodyOf(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  return b && typeof b === "object" && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

function bad(message: string): PressroomError {
  return new PressroomError("PRESSROOM_E_BAD_REQUEST", message);
}

function wantsJson(req: FastifyRequest): boolean {
  return /\bapplication\/json\b/.test(String(req.headers.accept ?? ""));
}

/** Read the set-up form from a urlencoded body (strings as typed). */
export function briefingFormValues(body: unknown): BriefingFormValues {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const embargo = one(b.embargo) || "end_of_call";
  if (embargo !== "end_of_call" && embargo !== "until" && embargo !== "none") throw bad(`embargo must be end_of_call, until or none; got "${embargo.slice(0, 40)}"`);
  const officials = Array.from({ length: OFFICIAL_ROWS }, (_, i) => ({
    realName: one(b[`official_name_${i + 1}`]),
    label: one(b[`official_label_${i + 1}`]),
    attribution: one(b[`official_attr_${i + 1}`]),
  }));
  return {
    title: one(b.title), section: one(b.section), dateline: one(b.dateline), start_local: one(b.start_local), zone: one(b.zone_other).trim() || one(b.zone) || "UTC",
    basis: one(b.basis), attribute_to: one(b.attribute_to), embargo, embargo_local: one(b.embargo_local), grace_seconds: one(b.grace_seconds) || "120", listeners: one(b.listeners) || "public", officials,
  };
}

function localToMs(local: string, zone: string, what: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/.test(local)) throw bad(`give the ${what} as a date and time (YYYY-MM-DDTHH:MM)`);
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) throw bad(`the ${what} is not a real date and time`);
  // Luxon moves a wall-clock time that does not exist (the hour skipped when clocks go forward) silently.
  if (dt.toFormat(local.length > 16 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm") !== local) {
    throw bad(`the ${what} ${local.replace("T", " ")} does not exist in ${zone} (the clocks go forward then); choose another time`);
  }
  if (dt.year < FORM_YEARS.from || dt.year >= FORM_YEARS.to) throw bad(`the ${what} must be between ${FORM_YEARS.from} and ${FORM_YEARS.to}`);
  return dt.toMillis();
}

/** Years the form's times may fall in (from inclusive, to exclusive), as the store accepts. */
const FORM_YEARS = { from: 2000, to: 2100 };
/** Longest grace period, in ms: the API's limit in setup-input.ts (24 h; F3 asked F1 to export it there as MAX_GRACE_MS). */
const MAX_GRACE_MS = 24 * 3_600_000;
/** Longest grace period the form accepts, in seconds: the API's limit (24 h). */
export const MAX_GRACE_SECONDS = MAX_GRACE_MS / 1000;

/** True when `zone` is an IANA time-zone name this runtime knows (e.g. `Africa/Nairobi`). */
export function knownZone(zone: string): boolean {
  return zone.length <= 64 && IANAZone.isValidZone(zone);
}

/**
 * Map the set-up form to a {@link BriefingSetup}: times read in the chosen IANA zone (stored as
 * ms UTC), staff ids `moderator`, `operator`, `stenographer`, officials `official-N`, labels in
 * capitals, grace in seconds → ms.
 * @throws `PRESSROOM_E_BAD_REQUEST` with a message naming the field.
 */
export function formToSetup(v: BriefingFormValues): BriefingSetup {
  if (!v.title.trim()) throw bad("give the briefing a title");
  if (v.title.trim().length > MAX_TITLE_CHARS) throw bad(`the title is longer than ${MAX_TITLE_CHARS} characters`);
  for (const [field, value] of [["section", v.section], ["dateline", v.dateline], ["attribute to", v.attribute_to]] as const) {
    if (value.trim().length > MAX_ID_CHARS) throw bad(`the ${field} field is longer than ${MAX_ID_CHARS} characters`);
  }
  if (!knownZone(v.zone)) throw bad(`"${v.zone.slice(0, 64)}" is not a time zone: choose one from the list or type an IANA name such as Africa/Nairobi`);
  const scheduledStart = localToMs(v.start_local, v.zone, "scheduled start");
  if (v.basis !== "" && !(BASES as readonly string[]).includes(v.basis)) throw bad("choose a basis from the list");
  const embargo = v.embargo === "end_of_call" ? "end_of_call" as const : v.embargo === "none" ? null : { until: localToMs(v.embargo_local, v.zone, "embargo time") };
  if (v.listeners !== "public" && v.listeners !== "readers") throw bad("choose who may follow the live transcript");
  const grace = v.grace_seconds.trim();
  if (!/^\d{1,6}$/.test(grace) || Number(grace) > MAX_GRACE_SECONDS) throw bad(`the grace period is a whole number of seconds (0 to ${MAX_GRACE_SECONDS})`);
  const officials: BriefingSetup["officials"] = [];
  v.officials.forEach((o, i) => {
    const realName = o.realName.trim();
    const label = o.label.trim();
    const attribution = o.attribution.trim();
    if (!realName && !label && !attribution) return;
    if (!realName) throw bad(`official ${i + 1}: give the real name`);
    if (!label) throw bad(`official ${i + 1}: give the label they are shown under (e.g. SENIOR STATE DEPARTMENT OFFICIAL ONE)`);
    if (realName.length > MAX_ID_CHARS || label.length > MAX_ID_CHARS || attribution.length > MAX_ID_CHARS) throw bad(`official ${i + 1}: each field is at most ${MAX_ID_CHARS} characters`);
    officials.push({ id: `official-${i + 1}`, realName, label: label.toUpperCase(), ...(attribution ? { attribution } : {}) });
  });
  return {
    title: v.title.trim(),
    section: v.section.trim() || null,
    scheduledStart,
    groundRules: { basis: v.basis === "" ? null : (v.basis as BriefingSetup["groundRules"]["basis"]), attribute_to: v.attribute_to.trim() || null, embargo },
    officials,
    moderatorId: "moderator",
    operatorId: "operator",
    stenographerId: "stenographer",
    graceMs: Number(grace) * 1000,
    dateline: v.dateline.trim() || null,
    listeners: v.listeners,
  };
}

/** Command types each page may send (the state machine checks roles again). */
export const PAGE_COMMANDS: Record<ConsoleRole | "journalist", readonly string[]> = {
  moderator: ["open", "last_question", "close"],
  operator: ["open_line", "reorder", "skip", "remove", "mute"],
  stenographer: ["add_turn", "edit_last_turn", "retract_last_turn"],
  journalist: ["raise_hand", "withdraw_hand", "rejoin"],
};

/**
 * Turn a page's form into a command body (without `commandId`/`actor`): only the fields the
 * command type takes, with `position` a whole number and `muted` a boolean.
 * @throws `PRESSROOM_E_BAD_REQUEST` for a type this page may not send or a malformed field.
 */
export function formToCommand(page: ConsoleRole | "journalist", body: Record<string, unknown>): Record<string, unknown> {
  const type = one(body.type);
  if (!PAGE_COMMANDS[page].includes(type)) throw bad(`this page cannot send "${type.slice(0, 40)}"`);
  const out: Record<string, unknown> = { type };
  const participant = one(body.participant);
  if (["open_line", "skip"].includes(type) && participant) out.participant = participant;
  if (["reorder", "remove", "mute"].includes(type)) out.participant = participant;
  if (type === "reorder") {
    const pos = one(body.position);
    if (!/^\d{1,6}$/.test(pos)) throw bad("position must be a whole number");
    out.position = Number(pos);
  }
  if (type === "mute") {
    const m = one(body.muted);
    if (m !== "true" && m !== "false") throw bad("muted must be true or false");
    out.muted = m === "true";
  }
  if (type === "add_turn") {
    out.speaker = one(body.speaker);
    out.text = one(body.text);
  }
  if (type === "edit_last_turn") out.text = one(body.text);
  return out;
}

/** The client script, read once (from beside this module, or from the source tree when running from `dist/`). */
function loadClient(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, "client", "live.js"), join(here, "..", "..", "..", "src", "publish", "briefings", "client", "live.js")];
  for (const c of candidates) {
    try {
      return readFileSync(c, "utf8");
    } catch {
      // try the next place
    }
  }
  throw new PressroomError("PRESSROOM_E_CONFIG", `briefing client script not found (looked in ${candidates.join(", ")})`);
}

/** Register the briefing pages. Call after `registerAuth` (pages read `req.viewer`). */
export async function registerBriefingPages(root: FastifyInstance, ctx: PublishContext, deps: BriefingPagesDeps): Promise<void> {
  // Own scope, for an error handler of the pages' own: refusals thrown anywhere on these routes
  // (sign-in and role checks, CSRF, rate limits, unknown briefing) answer `{ ok: false, error }`
  // to a client that asks for JSON, else an HTML page whose heading matches the status.
  await root.register(async (app) => {
    app.setErrorHandler((err, req, reply) => {
      const e = toPublicError(err);
      if (e.status >= 500) req.log.error({ err }, "request failed");
      reply.code(e.status).header("Cache-Control", CACHE.none);
      if (wantsJson(req)) return reply.type("application/json; charset=utf-8").send({ ok: false, error: { code: e.code, message: e.message } });
      const path = req.url.split("?")[0]!.replace(/\/command$/, "");
      return reply.type("text/html; charset=utf-8").send(renderPage({ ctx, title: errorHeading(e.status), noindex: true }, <BriefingErrorPage status={e.status} code={e.code} message={e.message} path={path} />));
    });
    await registerPageRoutes(app, ctx, deps);
  });
}

async function registerPageRoutes(app: FastifyInstance, ctx: PublishContext, deps: BriefingPagesDeps): Promise<void> {
  const { service } = deps;
  const tokens = deps.tokens ?? storeTokens((ctx.store as { briefings?: unknown }).briefings);
  if (!tokens) throw new PressroomError("PRESSROOM_E_CONFIG", "the briefing pages need a participant token store (pass the API's `tokens`, or a store that keeps them)");
  const livePath = deps.livePath ?? ((id: string) => `/api/v1/briefings/${encodeURIComponent(id)}/live`);
  const client = loadClient();
  const clientEtag = `"${createHash("sha256").update(client).digest("base64url").slice(0, 22)}"`;

  const send = (reply: FastifyReply, html: string, status = 200) =>
    reply.code(status).header("Content-Type", "text/html; charset=utf-8").header("Cache-Control", CACHE.none).send(html);
  /** A whole page, or (`?part=live`) its main content alone for the client's refresh. */
  const respond = (req: FastifyRequest, reply: FastifyReply, title: string, body: ComponentChildren, status = 200) => {
    if (one((req.query as Record<string, unknown> | undefined)?.part) === "live") return send(reply, renderToString(<>{body}</>), status);
    return send(reply, renderPage({ ctx, title, noindex: true, feeds: [] }, body), status);
  };
  const problemOf = (e: unknown): Problem => {
    const pe = toPublicError(e);
    return { message: pe.message, code: pe.code };
  };
  const record = async (id: string): Promise<BriefingRecord> => {
    const r = ID.test(id) ? await service.get(id) : null;
    if (!r) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such briefing");
    return r;
  };
  const viewOf = async (id: string, viewer: CallViewer): Promise<CallView> => {
    const v = await service.view(id, viewer);
    if (!v) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such briefing");
    return v;
  };

  app.get(CLIENT_SCRIPT_PATH, { schema: HIDDEN, config: { asset: true } }, async (_req, reply) => {
    reply.header("Content-Type", "text/javascript; charset=utf-8").header("Cache-Control", "public, max-age=300").header("ETag", clientEtag);
    return client;
  });

  // ------------------------------------------------------------ list and set-up

  app.get("/briefings", { schema: HIDDEN }, async (req, reply) => {
    const records = await service.list();
    return respond(req, reply, "Briefings", <BriefingList ctx={ctx} records={records} staff={hasRole(req.viewer, "editor")} />);
  });

  const editor = { schema: HIDDEN, preHandler: requireRole("editor") };
  app.get("/briefings/new", editor, async (req, reply) =>
    respond(req, reply, "New briefing", <NewBriefingForm values={emptyBriefingForm()} csrf={csrfToken(req)} problem={null} />));

  app.post("/briefings/new", editor, async (req, reply) => {
    let values = emptyBriefingForm();
    try {
      values = briefingFormValues(req.body);
      const setup = formToSetup(values);
      const by = req.viewer.kind === "user" ? req.viewer.userId : null;
      const created = await service.create(setup, { userId: by });
      return respond(req, reply, `Briefing created: ${created.record.title}`, <CreatedPage record={created.record} accessCode={created.accessCode} />, 201);
    } catch (e) {
      if (!isPressroomError(e) || toPublicError(e).status >= 500) throw e;
      return respond(req, reply, "New briefing", <NewBriefingForm values={values} csrf={csrfToken(req)} problem={problemOf(e)} />, toPublicError(e).status);
    }
  });

  // ------------------------------------------------------------ listener

  app.get("/briefings/:id", { schema: HIDDEN }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const r = await record(id);
    const st = await service.state(id);
    if (st?.setup.listeners === "readers" && !hasRole(req.viewer, "reader")) {
      throw new PressroomError("PRESSROOM_E_UNAUTHORIZED", "this briefing can be followed by signed-in readers only: sign in first");
    }
    const view = await viewOf(id, { role: "listener" });
    return respond(req, reply, r.title, <ListenerPage ctx={ctx} record={r} view={view} now={ctx.clock.now()} ws={livePath(id)} />);
  });

  // ------------------------------------------------------------ consoles

  const staffId = async (id: string, role: ConsoleRole): Promise<string> => {
    const st = await service.state(id);
    if (!st) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such briefing");
    return role === "moderator" ? st.setup.moderatorId : role === "operator" ? st.setup.operatorId : st.setup.stenographerId;
  };
  const renderConsole = async (req: FastifyRequest, reply: FastifyReply, id: string, role: ConsoleRole, extra: { problem?: Problem; draft?: { speaker: string; text: string } } = {}, status = 200) => {
    const r = await record(id);
    const view = await viewOf(id, { role });
    let lastOwnTurn: { index: number; text: string } | null = null;
    if (role === "stenographer") {
      const st = await service.state(id);
      const last = st?.turns[st.turns.length - 1];
      if (last && last.source === "stenographer") lastOwnTurn = { index: last.index, text: last.text };
    }
    const body = (
      <ConsolePage ctx={ctx} record={r} view={view} role={role} csrf={csrfToken(req)} newId={randomUUID} now={ctx.clock.now()}
        ws={`${livePath(id)}?as=${role}`} lastOwnTurn={lastOwnTurn} problem={extra.problem ?? null} draft={extra.draft ?? null} />
    );
    return respond(req, reply, `${role[0]!.toUpperCase()}${role.slice(1)}: ${r.title}`, body, status);
  };

  /** Answer a command's result: JSON for the script, else 303 back (or the page with the refusal). */
  const answer = async (req: FastifyRequest, reply: FastifyReply, result: ApplyResult, back: string, onRefused: (p: Problem, status: number) => Promise<unknown>) => {
    if (result.ok) {
      if (wantsJson(req)) return reply.code(200).header("Cache-Control", CACHE.none).send({ ok: true, retried: result.retried, seq: result.effects.at(-1)?.seq ?? null });
      return reply.code(303).header("Location", back).header("Cache-Control", CACHE.none).send();
    }
    const status = HTTP_STATUS[result.error.status as ErrorCode] ?? 400;
    if (wantsJson(req)) return reply.code(status).header("Cache-Control", CACHE.none).send({ ok: false, error: { code: result.error.status, reason: result.error.code, message: result.error.message } });
    return onRefused({ message: result.error.message, code: result.error.code }, status);
  };

  for (const role of ["moderator", "operator", "stenographer"] as const) {
    app.get(`/briefings/:id/${role}`, editor, async (req, reply) => renderConsole(req, reply, (req.params as { id: string }).id, role));

    app.post(`/briefings/:id/${role}/command`, editor, async (req, reply) => {
      const { id } = req.params as { id: string };
      await record(id);
      const body = bodyOf(req);
      const back = briefingPaths(id).console(role);
      const draft = role === "stenographer" && one(body.type) === "add_turn" ? { speaker: one(body.speaker), text: one(body.text) } : undefined;
      let cmd: Record<string, unknown>;
      try {
        cmd = formToCommand(role, body);
      } catch (e) {
        if (!isPressroomError(e)) throw e;
        const pe = toPublicError(e);
        if (wantsJson(req)) return reply.code(pe.status).header("Cache-Control", CACHE.none).send({ ok: false, error: { code: pe.code, message: pe.message } });
        return renderConsole(req, reply, id, role, { problem: problemOf(e), draft }, pe.status);
      }
      const commandId = one(body.commandId) || randomUUID();
      const result = await service.command(id, { ...cmd, commandId, actor: { id: await staffId(id, role), role } });
      return answer(req, reply, result, back, (p, status) => renderConsole(req, reply, id, role, { problem: p, draft }, status));
    });
  }

  // ------------------------------------------------------------ journalists

  const cookieOpts = (id: string) => ({ ...sessionCookieOptions(ctx), path: briefingPaths(id).listen });
  /** The participant cookie again, scoped to the live WebSocket's path (sent with the page's upgrade request). */
  const liveCookieOpts = (id: string) => ({ ...sessionCookieOptions(ctx), path: livePath(id).split("?")[0]! });
  /** The journalist behind the request's participant cookie, or null. */
  const journalistOf = async (req: FastifyRequest, id: string): Promise<{ participantId: string; token: string } | null> => {
    const token = req.cookies[PARTICIPANT_COOKIE];
    if (!token) return null;
    const participantId = await participantOf(tokens, id, token);
    return participantId ? { participantId, token } : null;
  };
  const canJoinWithAccount = (req: FastifyRequest) => hasRole(req.viewer, "reader");

  const renderJoin = (req: FastifyRequest, reply: FastifyReply, r: BriefingRecord, values: JoinFormValues, problem: Problem | null, status = 200) =>
    respond(req, reply, `Join: ${r.title}`, <JoinPage record={r} values={values} csrf={csrfToken(req)} needsCode={!canJoinWithAccount(req)} problem={problem} />, status);

  app.get("/briefings/:id/join", { schema: HIDDEN }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const r = await record(id);
    if (r.phase !== "closed" && (await journalistOf(req, id))) return reply.code(303).header("Location", briefingPaths(id).journalist).header("Cache-Control", CACHE.none).send();
    return renderJoin(req, reply, r, { code: "", name: "", outlet: "" }, null);
  });

  app.post("/briefings/:id/join", { schema: HIDDEN, config: { rateLimit: JOIN_RATE } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const r = await record(id);
    const b = bodyOf(req);
    const values: JoinFormValues = { code: one(b.code).trim(), name: one(b.name).trim(), outlet: one(b.outlet).trim() };
    try {
      if (r.phase === "closed") throw new PressroomError("PRESSROOM_E_CONFLICT", "this briefing has ended");
      if (!values.name) throw bad("give your name");
      if (values.name.length > 200 || values.outlet.length > 200) throw bad("name and outlet are at most 200 characters");
      let via: { accessCode: string } | { userId: number };
      if (canJoinWithAccount(req) && req.viewer.kind === "user") via = { userId: req.viewer.userId };
      else {
        if (!values.code) throw bad("give the briefing's access code");
        via = { accessCode: values.code };
      }
      const joined = await joinParticipant(service, tokens, id, { name: values.name, outlet: values.outlet || null }, via);
      reply.setCookie(PARTICIPANT_COOKIE, joined.token, cookieOpts(id));
      // The same token for the live WebSocket of this briefing: the page's script never sees it.
      reply.setCookie(PARTICIPANT_COOKIE, joined.token, liveCookieOpts(id));
      return reply.code(303).header("Location", briefingPaths(id).journalist).header("Cache-Control", CACHE.none).send();
    } catch (e) {
      if (!isPressroomError(e) || toPublicError(e).status >= 500) throw e;
      return renderJoin(req, reply, r, { ...values, code: "" }, problemOf(e), toPublicError(e).status);
    }
  });

  const renderJournalist = async (req: FastifyRequest, reply: FastifyReply, id: string, me: { participantId: string; token: string }, problem: Problem | null = null, status = 200) => {
    const r = await record(id);
    const view = await viewOf(id, { role: "journalist", id: me.participantId });
    const row = view.speakers.find((s) => s.id === me.participantId);
    const st = await service.state(id);
    const j = st?.journalists.find((x) => x.id === me.participantId);
    const standing = { dropped: st?.connections[me.participantId]?.status === "dropped", removed: j?.removed ?? false, muted: j?.muted ?? false };
    const body = (
      <JournalistPage record={r} view={view} me={{ participantId: me.participantId, name: row?.name ?? "", outlet: row?.outlet ?? null }} csrf={csrfToken(req)}
        pcsrf={csrfTokenFor(me.token)} newId={randomUUID} now={ctx.clock.now()} ws={`${livePath(id)}?as=journalist`} problem={problem} standing={standing} />
    );
    // The token stays in its HttpOnly cookies: the live WebSocket sends the one scoped to its path.
    return respond(req, reply, r.title, body, status);
  };

  app.get("/briefings/:id/journalist", { schema: HIDDEN }, async (req, reply) => {
    const { id } = req.params as { id: string };
    await record(id);
    const me = await journalistOf(req, id);
    if (!me) return reply.code(303).header("Location", briefingPaths(id).join).header("Cache-Control", CACHE.none).send();
    return renderJournalist(req, reply, id, me);
  });

  app.post("/briefings/:id/journalist/command", { schema: HIDDEN, config: { rateLimit: JOURNALIST_RATE } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    await record(id);
    const me = await journalistOf(req, id);
    if (!me) throw new PressroomError("PRESSROOM_E_UNAUTHORIZED", "join the briefing first");
    const body = bodyOf(req);
    const pcsrf = one(body._pcsrf);
    if (!pcsrf || !csrfMatches(me.token, pcsrf)) throw new PressroomError("PRESSROOM_E_FORBIDDEN", "the form's security token is missing or out of date; reload the page and try again");
    const cmd = formToCommand("journalist", body);
    const commandId = one(body.commandId) || randomUUID();
    const result = await service.command(id, { ...cmd, commandId, actor: { id: me.participantId, role: "journalist" } });
    return answer(req, reply, result, briefingPaths(id).journalist, (p, status) => renderJournalist(req, reply, id, me, p, status));
  });
}

/**
 * The editorial web pages: `/editor` (dashboard), `/editor/new`, `/items/:id/edit`,
 * `/items/:id/withdraw`, `/editor/held/:id/release|discard` (editors; every form carries the
 * session's CSRF token and is checked with `verifyCsrf`), `/items/:id/versions` (public
 * version history with diffs) and `/embargoed` (readers and editors). Forms are mapped to
 * the same ninjs shape as the API and validated by the same code.
 */
import { DateTime } from "luxon";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isPressroomError, PressroomError } from "../../core/errors.js";
import { randomUUID } from "node:crypto";
import { csrfToken, requireRole, userOf, verifyCsrf } from "../auth/plugin.js";
import { ID_PATTERN, type PublishContext } from "../context.js";
import { CACHE, toPublicError } from "../http.js";
import { renderPage } from "../web/layout.js";
import { changeItem, createItem, EDITORIAL_CACHE, editorialValidator, reasonOf } from "./api.js";
import { visibleHeld } from "./held-view.js";
import { EditorDashboard, EmbargoedList, FORM_ZONES, ItemForm, VersionsPage, WithdrawForm, emptyForm, type ItemFormValues } from "./pages.js";

const HIDDEN = { hide: true } as const;

function one(v: unknown): string {
  if (Array.isArray(v)) return one(v[0]);
  return typeof v === "string" ? v : "";
}

function html(reply: FastifyReply, body: string, status = 200, cache: string = EDITORIAL_CACHE): FastifyReply {
  return reply.code(status).header("Content-Type", "text/html; charset=utf-8").header("Cache-Control", cache).send(body);
}

function notFound(): PressroomError {
  return new PressroomError("PRESSROOM_E_NOT_FOUND", "no such item");
}

function badRelease(value: string): never {
  throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `release must be one of now, scheduled, embargoed, withheld; got "${value.slice(0, 40)}"`);
}

/** Read the item form from a urlencoded body. @throws `PRESSROOM_E_BAD_REQUEST` for an unknown release choice. */
export function formValues(body: unknown): ItemFormValues {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const release = one(b.release);
  return {
    headline: one(b.headline),
    section: one(b.section),
    kind: one(b.kind) || "press_release",
    dateline: one(b.dateline),
    body_text: one(b.body_text),
    body_html: one(b.body_html),
    // Anything but the four choices is an error, never "now": an embargo must not fail open.
    release: release === "" || release === "now" || release === "scheduled" || release === "embargoed" || release === "withheld" ? (release || "now") as ItemFormValues["release"] : badRelease(release),
    release_local: one(b.release_local),
    zone: one(b.zone) || "UTC",
    note: one(b.note),
    override_reason: one(b.override_reason),
  };
}

/**
 * Map the form to the API's ninjs shape. The release time is read in the chosen time zone
 * (IANA rules on that date) and sent as ISO 8601 with its offset; it is stored in UTC.
 * @throws `PRESSROOM_E_BAD_REQUEST` for an unknown zone or a missing/unreal date and time.
 */
export function formToNinjs(v: ItemFormValues, mode: "create" | "correct" | "held"): Record<string, unknown> {
  const out: Record<string, unknown> = { headline: v.headline, body_text: v.body_text, "pressroom:kind": v.kind };
  if (v.dateline.trim()) out.located = v.dateline;
  if (v.section.trim()) out["pressroom:section"] = v.section;
  if (v.body_html.trim()) out.body_html = v.body_html;
  if (v.note.trim()) out["pressroom:note"] = v.note;
  if (v.override_reason.trim()) out["pressroom:override_reason"] = v.override_reason;
  if (mode === "correct") return out;
  // A time with "release now" on a new item is a contradiction: refuse rather than publish.
  if (mode === "create" && v.release === "now" && v.release_local.trim() !== "") {
    throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "a release time was given, but the release choice is \"now\": choose \"at a time\" or \"under embargo\", or clear the time");
  }
  if (v.release === "scheduled" || v.release === "embargoed") {
    if (!FORM_ZONES.some((z) => z.zone === v.zone)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "choose a time zone from the list");
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/.test(v.release_local)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "give the release date and time (YYYY-MM-DDTHH:MM)");
    const dt = DateTime.fromISO(v.release_local, { zone: v.zone });
    if (!dt.isValid) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "the release date and time is not a real date and time");
    const iso = dt.toISO({ suppressMilliseconds: true });
    out[v.release === "embargoed" ? "embargoed" : "pressroom:release_at"] = iso;
    out.contentcreated = iso;
  } else if (v.release === "withheld") out.pubstatus = "withheld";
  return out;
}

/** Register the editorial pages. */
export async function registerEditorialWeb(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  const editorGet = { schema: HIDDEN, preHandler: requireRole("editor") };
  const editorPost = { schema: HIDDEN, preHandler: [requireRole("editor"), verifyCsrf] };
  const page = (title: string, body: preact.ComponentChildren) => renderPage({ ctx, title, noindex: true }, body);

  const dashboard = async (req: FastifyRequest, reply: FastifyReply, notice: string | null) => {
    const [held, recent] = await Promise.all([ctx.store.editorial.listHeld({ limit: 500 }), ctx.store.list({ limit: 20 })]);
    return html(reply, page("Editor", <EditorDashboard ctx={ctx} held={held} recent={recent.items} csrf={csrfToken(req)} notice={notice} />));
  };
  app.get("/editor", editorGet, async (req, reply) => dashboard(req, reply, null));

  app.get("/editor/new", editorGet, async (req, reply) =>
    html(reply, page("New item", <ItemForm action="/editor/new" title="New item" values={emptyForm()} csrf={csrfToken(req)} problem={null} mode="create" />)));

  app.post("/editor/new", editorPost, async (req, reply) => {
    const values = formValues(req.body);
    try {
      const r = (await editorialValidator()).parseEditorialItem(formToNinjs(values, "create"), { now: ctx.clock.now(), identity: `pressroom:editor:${randomUUID()}`, mode: "create" });
      const item = await createItem(ctx, r, userOf(req).name);
      return reply.code(303).header("Location", ctx.itemPath(item.id)).header("Cache-Control", CACHE.none).send();
    } catch (e) {
      if (!isPressroomError(e) || toPublicError(e).status >= 500) throw e;
      const pe = toPublicError(e);
      return html(reply, page("New item", <ItemForm action="/editor/new" title="New item" values={values} csrf={csrfToken(req)} problem={{ message: pe.message, code: pe.code }} mode="create" />), pe.status);
    }
  });

  /** The change form for a published item (a correction) or a held one (an edit before release). */
  const editTarget = async (id: string) => {
    if (!ID_PATTERN.test(id)) throw notFound();
    const item = await ctx.store.get(id);
    if (item) {
      if (item.pubstatus === "canceled") throw new PressroomError("PRESSROOM_E_CONFLICT", "the item was withdrawn; it cannot be corrected");
      return { item, mode: "correct" as const };
    }
    const held = await ctx.store.editorial.getHeld(id);
    if (!held) throw notFound();
    return { item: ctx.store.editorial.heldAsItem(held), mode: "held" as const };
  };

  app.get("/items/:id/edit", editorGet, async (req, reply) => {
    const { id } = req.params as { id: string };
    const { item, mode } = await editTarget(id);
    const values: ItemFormValues = {
      ...emptyForm(),
      headline: item.headline,
      section: item.section ?? "",
      kind: item.kind,
      dateline: item.dateline ?? "",
      body_text: item.body,
      body_html: item.bodyHtml ?? "",
      note: mode === "held" ? item.note ?? "" : "",
    };
    const title = mode === "correct" ? `Correct: ${item.headline}` : `Edit held item: ${item.headline}`;
    return html(reply, page(title, <ItemForm action={`${ctx.itemPath(id)}/edit`} title={title} values={values} csrf={csrfToken(req)} problem={null} mode={mode} />));
  });

  app.post("/items/:id/edit", editorPost, async (req, reply) => {
    const { id } = req.params as { id: string };
    const { item, mode } = await editTarget(id);
    const values = formValues(req.body);
    try {
      const res = await changeItem(ctx, id, formToNinjs(values, mode), userOf(req).name);
      return reply.code(303).header("Location", ctx.itemPath(res.item.id)).header("Cache-Control", CACHE.none).send();
    } catch (e) {
      if (!isPressroomError(e) || toPublicError(e).status >= 500) throw e;
      const pe = toPublicError(e);
      const title = mode === "correct" ? `Correct: ${item.headline}` : `Edit held item: ${item.headline}`;
      return html(reply, page(title, <ItemForm action={`${ctx.itemPath(id)}/edit`} title={title} values={values} csrf={csrfToken(req)} problem={{ message: pe.message, code: pe.code }} mode={mode} />), pe.status);
    }
  });

  const withdrawTarget = async (id: string) => {
    if (!ID_PATTERN.test(id)) throw notFound();
    const item = await ctx.store.get(id);
    if (!item) throw notFound();
    return item;
  };

  app.get("/items/:id/withdraw", editorGet, async (req, reply) => {
    const { id } = req.params as { id: string };
    const item = await withdrawTarget(id);
    return html(reply, page(`Withdraw: ${item.headline}`, <WithdrawForm ctx={ctx} item={item} csrf={csrfToken(req)} reason="" problem={null} />));
  });

  app.post("/items/:id/withdraw", editorPost, async (req, reply) => {
    const { id } = req.params as { id: string };
    const item = await withdrawTarget(id);
    const reason = one((req.body as Record<string, unknown> | undefined)?.reason);
    try {
      await ctx.store.editorial.withdraw(id, reasonOf({ reason }), userOf(req).name);
      return reply.code(303).header("Location", ctx.itemPath(id)).header("Cache-Control", CACHE.none).send();
    } catch (e) {
      if (!isPressroomError(e) || toPublicError(e).status >= 500) throw e;
      const pe = toPublicError(e);
      return html(reply, page(`Withdraw: ${item.headline}`, <WithdrawForm ctx={ctx} item={item} csrf={csrfToken(req)} reason={reason} problem={{ message: pe.message, code: pe.code }} />), pe.status);
    }
  });

  app.post("/editor/held/:id/release", editorPost, async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!ID_PATTERN.test(id)) throw notFound();
    const r = await ctx.store.editorial.releaseNow(id, userOf(req).name);
    return reply.code(303).header("Location", ctx.itemPath(r.id)).header("Cache-Control", CACHE.none).send();
  });

  app.post("/editor/held/:id/discard", editorPost, async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!ID_PATTERN.test(id)) throw notFound();
    await ctx.store.editorial.discard(id, userOf(req).name);
    return dashboard(req, reply, "The held item was discarded; it was never published.");
  });

  app.get("/items/:id/versions", { schema: HIDDEN }, async (req, reply) => {
    const { id } = req.params as { id: string };
    if (!ID_PATTERN.test(id)) throw notFound();
    const versions = await ctx.store.editorial.versions(id);
    const last = versions[versions.length - 1];
    if (!last) throw notFound();
    const body = renderPage({ ctx, title: `Version history: ${last.headline}`, canonical: `${ctx.itemPath(id)}/versions`, noindex: true }, <VersionsPage ctx={ctx} id={id} headline={last.headline} versions={versions} />);
    return html(reply, body, 200, CACHE.page);
  });

  app.get("/embargoed", { schema: HIDDEN, preHandler: requireRole("reader") }, async (req, reply) => {
    const viewer = userOf(req);
    const held = await visibleHeld(ctx, viewer);
    for (const h of held) await ctx.store.editorial.audit("item.list_embargoed", viewer.name, h.id, { status: h.status, surface: "page" });
    return html(reply, page("Embargoed items", <EmbargoedList ctx={ctx} held={held} />));
  });
}

/**
 * The editorial JSON API: create (`POST /api/v1/items`), correct (`PUT /api/v1/items/:id`),
 * withdraw (`POST /api/v1/items/:id/withdraw`), release a held item (`POST /api/v1/items/:id/release`)
 * and the list of embargoed items (`GET /api/v1/embargoed`). Bodies are ninjs (see
 * `editorial/validate.ts`); errors are `{"error":{"code","message"}}`.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { canSeeEmbargoed } from "../../core/access.js";
import { PressroomError } from "../../core/errors.js";
import type { Item } from "../../core/item.js";
import { groundRulesProblem } from "../../editorial/ground-rules.js";
import type { EditorialRequest } from "../../editorial/validate.js";
import { MAX_NOTE_CHARS } from "../../editorial/limits.js";

/**
 * The editorial validator, loaded on first use: it brings an HTML parser and the transcript
 * analyser, which a web process that only serves pages never needs (issue 5: web memory).
 */
export const editorialValidator = () => import("../../editorial/validate.js");
import type { HeldItem } from "../../store/editorial.js";
import { requireRole, userOf } from "../auth/plugin.js";
import { ID_PATTERN, type PublishContext } from "../context.js";
import { toNinjs } from "../api/ninjs.js";
import { CACHE } from "../http.js";
import { visibleHeld } from "./held-view.js";

/** Cache policy of every editorial answer: never stored by anyone. */
export const EDITORIAL_CACHE = "private, no-store";

const errorSchema = {
  type: "object",
  properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } } },
} as const;
const ninjsRef = { type: "object", additionalProperties: true, description: "The item as ninjs 2.1 (see GET /api/v1/items/{id})." } as const;
const itemBody = {
  type: "object",
  additionalProperties: true,
  description:
    "A ninjs item: headline (or headlines), body_text and/or body_html (sanitised), located, contentcreated, pressroom:section, pressroom:kind, " +
    "embargoed (ISO 8601 with offset, future) | pressroom:release_at (same) | pubstatus usable/withheld, pressroom:note or ednote, " +
    "pressroom:groundrules {basis, attribute_to}, pressroom:override_reason. Unknown fields are ignored.",
} as const;
const errors = {
  400: { description: "Bad input", ...errorSchema },
  401: { description: "Sign in first", ...errorSchema },
  403: { description: "Needs the editor role", ...errorSchema },
  404: { description: "No such item", ...errorSchema },
  409: { description: "Conflicts with the stored state", ...errorSchema },
  422: { description: "The ground rules forbid publishing this as it stands (PRESSROOM_E_GROUND_RULES)", ...errorSchema },
} as const;

/** Refuse a background transcript that names its briefer unless the request overrides with a reason. */
export function checkGroundRules(req: EditorialRequest): Record<string, unknown> {
  const problem = groundRulesProblem(req.input);
  if (!problem) return {};
  if (!req.overrideReason) throw new PressroomError("PRESSROOM_E_GROUND_RULES", problem.message, { names: problem.names });
  return { ground_rules_override: req.overrideReason, names: problem.names, basis: problem.basis };
}

/** Store an editor's validated new item: publish now, or hold it. Returns the item as stored or held. */
export async function createItem(ctx: PublishContext, r: EditorialRequest, actor: string): Promise<Item> {
  const auditDetail = checkGroundRules(r);
  if (r.release.kind === "now") {
    const res = await ctx.store.editorial.create(r.input, { changedBy: actor, bodyHtml: r.bodyHtml, note: r.note, auditDetail }, actor);
    const item = await ctx.store.get(res.id);
    if (!item) throw new PressroomError("PRESSROOM_E_INTERNAL", "the new item could not be read back");
    return item;
  }
  const plan = r.release;
  const held = await ctx.store.editorial.hold({
    input: r.input,
    status: plan.kind,
    releaseAt: plan.kind === "withheld" ? null : plan.at,
    embargo: plan.kind === "embargoed" ? plan.stated : null,
    createdBy: actor,
    note: r.note,
    bodyHtml: r.bodyHtml,
  }, actor);
  if (Object.keys(auditDetail).length) await ctx.store.editorial.audit("item.ground_rules_override", actor, held.held.id, auditDetail);
  return ctx.store.editorial.heldAsItem(held.held);
}

/** Apply an editor's change to an item: a correction of a published item, or an edit of a held one. */
export async function changeItem(ctx: PublishContext, id: string, raw: unknown, actor: string): Promise<{ item: Item; status: number }> {
  const current = await ctx.store.get(id);
  if (current) {
    const base = { kind: current.kind, section: current.section, dateline: current.dateline, published: current.published, source: current.source, flags: current.flags, groundRules: current.groundRules };
    const r = (await editorialValidator()).parseEditorialItem(raw, { now: ctx.clock.now(), identity: current.identity, mode: "correct", base });
    const auditDetail = checkGroundRules(r);
    const res = await ctx.store.editorial.correct(id, r.input, { note: r.note ?? "", changedBy: actor, bodyHtml: r.bodyHtml, auditDetail }, actor);
    const item = await ctx.store.get(res.id);
    if (!item) throw new PressroomError("PRESSROOM_E_INTERNAL", "the corrected item could not be read back");
    return { item, status: 200 };
  }
  const held = await ctx.store.editorial.getHeld(id);
  if (!held) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such item: ${id}`);
  const r = (await editorialValidator()).parseEditorialItem(raw, { now: ctx.clock.now(), identity: held.identity, mode: "create" });
  const auditDetail = checkGroundRules(r);
  const plan = r.release;
  const updated = await ctx.store.editorial.hold({
    input: r.input,
    status: plan.kind === "now" ? held.status : plan.kind,
    releaseAt: plan.kind === "now" ? held.releaseAt : plan.kind === "withheld" ? null : plan.at,
    embargo: plan.kind === "embargoed" ? plan.stated : plan.kind === "now" ? held.embargo : null,
    note: r.note ?? held.note,
    targetId: held.targetId,
    bodyHtml: r.bodyHtml,
    createdBy: held.createdBy,
  }, actor);
  if (Object.keys(auditDetail).length) await ctx.store.editorial.audit("item.ground_rules_override", actor, held.id, auditDetail);
  return { item: ctx.store.editorial.heldAsItem(updated.held), status: 200 };
}

/** The reason of a withdrawal request body. */
export function reasonOf(body: unknown): string {
  const reason = body && typeof body === "object" ? (body as Record<string, unknown>).reason : undefined;
  if (typeof reason !== "string" || reason.trim() === "") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "reason is required: why the item is withdrawn");
  if (reason.length > MAX_NOTE_CHARS) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `reason is too long (${MAX_NOTE_CHARS} characters at most)`);
  return reason.trim();
}

async function ninjsOf(ctx: PublishContext, item: Item) {
  return toNinjs(ctx, item, item.section ? await ctx.sectionSlug(item.section) : null);
}

function checkId(id: string): void {
  if (!ID_PATTERN.test(id)) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such item: ${id.slice(0, 100)}`);
}

/** The held list as the API shows it (partial ninjs, soonest release first). */
async function heldList(ctx: PublishContext, list: HeldItem[]) {
  return Promise.all(list.map(async (h) => {
    const it = ctx.store.editorial.heldAsItem(h);
    const { body: _b, transcript: _t, ...summary } = it;
    return toNinjs(ctx, { ...summary, excerpt: it.body.slice(0, 280) }, it.section ? await ctx.sectionSlug(it.section) : null);
  }));
}

/** Register the editorial API routes. */
export async function registerEditorialApi(app: FastifyInstance, ctx: PublishContext): Promise<void> {
  const editor = { preHandler: requireRole("editor") };
  const send = (reply: FastifyReply, status: number) => reply.code(status).header("Cache-Control", EDITORIAL_CACHE);

  app.post("/api/v1/items", {
    ...editor,
    schema: { summary: "Create an item (editor): release now, at a time, under embargo, or withheld", tags: ["items"], body: itemBody, response: { 201: ninjsRef, ...errors } },
  }, async (req: FastifyRequest, reply) => {
    const actor = userOf(req).name;
    const r = (await editorialValidator()).parseEditorialItem(req.body, { now: ctx.clock.now(), identity: `pressroom:editor:${randomUUID()}`, mode: "create" });
    const item = await createItem(ctx, r, actor);
    send(reply, 201).header("Location", `${ctx.baseUrl}/api/v1/items/${encodeURIComponent(item.id)}`);
    return ninjsOf(ctx, item);
  });

  app.put("/api/v1/items/:id", {
    ...editor,
    schema: {
      summary: "Correct an item (editor): a new version with a note (pressroom:note or ednote); for a held item, change it before release",
      tags: ["items"], params: { type: "object", required: ["id"], properties: { id: { type: "string" } } }, body: itemBody, response: { 200: ninjsRef, ...errors },
    },
  }, async (req, reply) => {
    const { id } = req.params as { id: string };
    checkId(id);
    const { item, status } = await changeItem(ctx, id, req.body, userOf(req).name);
    send(reply, status);
    return ninjsOf(ctx, item);
  });

  app.post("/api/v1/items/:id/withdraw", {
    ...editor,
    schema: {
      summary: "Withdraw an item (editor): a new version with pubstatus canceled and the reason as note",
      tags: ["items"], params: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
      body: { type: "object", additionalProperties: true, properties: { reason: { type: "string" } } },
      response: { 200: ninjsRef, ...errors },
    },
  }, async (req, reply) => {
    const { id } = req.params as { id: string };
    checkId(id);
    const reason = reasonOf(req.body);
    await ctx.store.editorial.withdraw(id, reason, userOf(req).name);
    const item = await ctx.store.get(id);
    if (!item) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such item: ${id}`);
    send(reply, 200);
    return ninjsOf(ctx, item);
  });

  app.post("/api/v1/items/:id/release", {
    ...editor,
    schema: {
      summary: "Release a held item now (editor): embargoed, scheduled or withheld",
      tags: ["items"], params: { type: "object", required: ["id"], properties: { id: { type: "string" } } }, response: { 200: ninjsRef, ...errors },
    },
  }, async (req, reply) => {
    const { id } = req.params as { id: string };
    checkId(id);
    const r = await ctx.store.editorial.releaseNow(id, userOf(req).name);
    const item = await ctx.store.get(r.id);
    if (!item) throw new PressroomError("PRESSROOM_E_INTERNAL", "the released item could not be read back");
    send(reply, 200);
    return ninjsOf(ctx, item);
  });

  app.get("/api/v1/items/:id/versions", {
    schema: {
      summary: "The version history of an item: every version with its time, pubstatus and note (ednote), oldest first",
      tags: ["items"],
      params: { type: "object", required: ["id"], properties: { id: { type: "string" } } },
      response: {
        200: {
          type: "object",
          properties: {
            versions: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  version: { type: "string" }, versioncreated: { type: "string", format: "date-time" },
                  pubstatus: { type: "string", enum: ["usable", "canceled"] }, ednote: { type: ["string", "null"] }, uri: { type: "string", format: "uri" },
                },
              },
            },
          },
        },
        404: errors[404],
      },
    },
  }, async (req, reply) => {
    const { id } = req.params as { id: string };
    checkId(id);
    const versions = await ctx.store.editorial.versions(id);
    if (versions.length === 0) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such item: ${id}`);
    reply.header("Cache-Control", CACHE.api);
    return {
      versions: versions.map((v) => ({
        version: String(v.version),
        versioncreated: new Date(v.storedAt).toISOString(),
        pubstatus: v.pubstatus,
        ednote: v.note,
        uri: `${ctx.baseUrl}/api/v1/items/${encodeURIComponent(id)}/versions/${v.version}`,
      })),
    };
  });

  app.get("/api/v1/embargoed", {
    schema: {
      summary: "Items under embargo (readers, editors; editors also see scheduled and withheld items), soonest release first. Every listed item is audited.",
      tags: ["items"],
      response: { 200: { type: "object", properties: { items: { type: "array", items: ninjsRef } } }, 401: errors[401] },
    },
  }, async (req, reply) => {
    if (!canSeeEmbargoed(req.viewer)) throw new PressroomError("PRESSROOM_E_UNAUTHORIZED", "sign in as a reader or editor to see embargoed items");
    const list = await visibleHeld(ctx, req.viewer);
    for (const h of list) await ctx.store.editorial.audit("item.list_embargoed", req.viewer.name, h.id, { status: h.status, surface: "api" });
    send(reply, 200);
    return { items: await heldList(ctx, list) };
  });
}

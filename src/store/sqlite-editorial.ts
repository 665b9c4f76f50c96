/**
 * Implementation of {@link EditorialStore} for both dialects (portable Kysely; on
 * PostgreSQL a release locks its held row so two workers never release it twice).
 */
import type { Kysely } from "kysely";
import { PressroomError, isPressroomError } from "../core/errors.js";
import type { Item, ItemInput, UpsertResult } from "../core/item.js";
import type { Kind, Structure, GroundRules } from "../core/transcript-types.js";
import type { SourceRef } from "../core/document.js";
import type { Actor, EditorialChange, EditorialStore, HeldItem, HeldStatus, HoldRequest, HoldResult, Released, VersionInfo } from "./editorial.js";
import type { Database } from "./migrations.js";
import { candidateIds, parseFlags, publishedToMs } from "./rows.js";
import type { SqliteCore } from "./sqlite-core.js";
import { idTaken, upsertIn } from "./sqlite.js";
import { insertAudit } from "./sqlite-accounts.js";

type Db = Kysely<Database>;
type HeldRow = Database["held_items"];

const STATUSES: readonly HeldStatus[] = ["embargoed", "scheduled", "withheld"];

function toHeld(r: HeldRow): HeldItem {
  return {
    id: r.id,
    identity: r.identity,
    input: JSON.parse(r.input) as ItemInput,
    status: (STATUSES as readonly string[]).includes(r.status) ? (r.status as HeldStatus) : "withheld",
    releaseAt: r.release_at,
    embargo: r.embargo,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    note: r.note,
    targetId: r.target_id,
    bodyHtml: r.body_html,
  };
}

function checkHold(req: HoldRequest): void {
  if (!req || !req.input || typeof req.input.identity !== "string" || req.input.identity === "") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "item identity is required");
  if (!(STATUSES as readonly string[]).includes(req.status)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `status must be one of ${STATUSES.join(", ")}`);
  if (req.status === "withheld") {
    if (req.releaseAt !== null) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "a withheld item has no release time");
  } else if (typeof req.releaseAt !== "number" || !Number.isSafeInteger(req.releaseAt)) {
    throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `a ${req.status} item needs a release time (epoch ms)`);
  }
}

async function auditIn(db: Db, now: number, actor: Actor, action: string, itemId: string | null, detail: Record<string, unknown> = {}): Promise<void> {
  await insertAudit(db, { actor, action, itemId, detail }, now);
}

function dbError(e: unknown, what: string): never {
  if (isPressroomError(e)) throw e;
  throw new PressroomError("PRESSROOM_E_DATABASE", `${what}: ${e instanceof Error ? e.message : String(e)}`);
}

export class SqliteEditorialStore implements EditorialStore {
  constructor(private readonly core: SqliteCore) {}

  async hold(req: HoldRequest, actor: Actor = "system"): Promise<HoldResult> {
    checkHold(req);
    try {
      return await this.core.writeTx(async (db) => {
        const now = this.core.clock.now();
        const input = req.input;
        const published = await db.selectFrom("items").select(["id"]).where("identity", "=", input.identity).executeTakeFirst();
        const targetId = req.targetId ?? published?.id ?? null;
        if (req.targetId && (!published || published.id !== req.targetId)) {
          const t = await db.selectFrom("items").select(["identity"]).where("id", "=", req.targetId).executeTakeFirst();
          if (!t) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such item: ${req.targetId}`);
          if (t.identity !== input.identity) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "a held new version must have the identity of the item it replaces");
        }
        const row = {
          input: JSON.stringify(input),
          status: req.status,
          release_at: req.releaseAt,
          embargo: req.embargo ?? null,
          note: req.note ?? null,
          target_id: targetId,
          body_html: req.bodyHtml ?? null,
          updated_at: now,
        };
        const have = await db.selectFrom("held_items").selectAll().where("identity", "=", input.identity).executeTakeFirst();
        if (have) {
          const old = toHeld(have);
          if (old.input.contentHash === input.contentHash && old.status === req.status && old.releaseAt === req.releaseAt && old.bodyHtml === (req.bodyHtml ?? null)) {
            return { status: "unchanged" as const, held: old };
          }
          await db.updateTable("held_items").set(row).where("id", "=", have.id).execute();
          await auditIn(db, now, actor, "item.hold_update", have.id, { status: req.status, release_at: req.releaseAt });
          const after = await db.selectFrom("held_items").selectAll().where("id", "=", have.id).executeTakeFirstOrThrow();
          return { status: "updated" as const, held: toHeld(after) };
        }
        let id = "";
        for (const cand of candidateIds(input.identity, input.headline)) {
          if (!(await idTaken(db, cand))) { id = cand; break; }
        }
        if (!id) throw new PressroomError("PRESSROOM_E_INTERNAL", "could not derive a unique id");
        await db.insertInto("held_items").values({ ...row, id, identity: input.identity, created_by: req.createdBy ?? null, created_at: now }).execute();
        await auditIn(db, now, actor, "item.hold", id, { status: req.status, release_at: req.releaseAt, ...(targetId ? { target: targetId } : {}) });
        const after = await db.selectFrom("held_items").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
        return { status: "held" as const, held: toHeld(after) };
      });
    } catch (e) {
      dbError(e, "could not hold item");
    }
  }

  async getHeld(id: string): Promise<HeldItem | null> {
    try {
      const r = await this.core.db.selectFrom("held_items").selectAll().where("id", "=", id).executeTakeFirst();
      return r ? toHeld(r) : null;
    } catch (e) {
      dbError(e, "could not read held item");
    }
  }

  async getHeldByIdentity(identity: string): Promise<HeldItem | null> {
    try {
      const r = await this.core.db.selectFrom("held_items").selectAll().where("identity", "=", identity).executeTakeFirst();
      return r ? toHeld(r) : null;
    } catch (e) {
      dbError(e, "could not read held item");
    }
  }

  async create(input: ItemInput, change: Omit<EditorialChange, "note"> & { note?: string | null }, actor: Actor): Promise<UpsertResult> {
    try {
      return await this.core.writeTx(async (db) => {
        const now = this.core.clock.now();
        if (await db.selectFrom("items").select("id").where("identity", "=", input.identity).executeTakeFirst()) throw new PressroomError("PRESSROOM_E_CONFLICT", "an item with this identity exists already");
        if (await db.selectFrom("held_items").select("id").where("identity", "=", input.identity).executeTakeFirst()) throw new PressroomError("PRESSROOM_E_CONFLICT", "an item with this identity is held already");
        const res = await upsertIn(db, input, { now, note: change.note ?? null, changedBy: change.changedBy, bodyHtml: change.bodyHtml ?? null, engine: this.core.engine });
        await auditIn(db, now, actor, "item.create", res.id, { version: res.version, ...(change.auditDetail ?? {}) });
        return res;
      });
    } catch (e) {
      dbError(e, "could not create item");
    }
  }

  async publishedByIdentity(identity: string): Promise<{ id: string; version: number; contentHash: string } | null> {
    try {
      const r = await this.core.db.selectFrom("items").select(["id", "version", "content_hash"]).where("identity", "=", identity).executeTakeFirst();
      return r ? { id: r.id, version: r.version, contentHash: r.content_hash } : null;
    } catch (e) {
      dbError(e, "could not read item");
    }
  }

  async listHeld(opts: { status?: HeldStatus[]; limit?: number } = {}): Promise<HeldItem[]> {
    const limit = opts.limit ?? 500;
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "limit must be an integer from 1 to 10000");
    try {
      let sel = this.core.db.selectFrom("held_items").selectAll();
      if (opts.status) {
        if (opts.status.length === 0) return [];
        sel = sel.where("status", "in", opts.status);
      }
      const rows = await sel.orderBy("release_at", "asc").orderBy("id", "asc").limit(limit).execute();
      // SQLite sorts NULL first, PostgreSQL last: withheld (no time) go last on both.
      const held = rows.map(toHeld);
      return [...held.filter((h) => h.releaseAt !== null), ...held.filter((h) => h.releaseAt === null)];
    } catch (e) {
      dbError(e, "could not list held items");
    }
  }

  /** Move one held row into the public tables inside `db`; null when it is gone. */
  private async releaseIn(db: Db, id: string, now: number, postedAt: number, actor: Actor, onlyDue: boolean): Promise<Released | null> {
    let one = db.selectFrom("held_items").selectAll().where("id", "=", id);
    // PostgreSQL: a second worker releasing the same row waits here and then finds it gone
    // (SQLite's write lock already serialises releases).
    if (this.core.dialect === "postgres") one = one.forUpdate();
    const r = await one.executeTakeFirst();
    if (!r) return null;
    if (onlyDue && (r.release_at === null || r.release_at > now || r.status === "withheld")) return null;
    const h = toHeld(r);
    const res = await upsertIn(db, h.input, {
      engine: this.core.engine,
      now,
      postedAt,
      note: h.targetId ? h.note ?? "updated" : null,
      changedBy: h.createdBy,
      bodyHtml: h.bodyHtml,
      ...(h.targetId ? { force: true } : { id: h.id }),
    });
    await db.deleteFrom("held_items").where("id", "=", id).execute();
    await auditIn(db, now, actor, "item.release", res.id, { was: h.status, held_id: h.id, release_at: h.releaseAt, posted_at: postedAt, version: res.version });
    return { id: res.id, version: res.version, was: h.status, postedAt };
  }

  async releaseDue(now: number): Promise<Released[]> {
    if (!Number.isFinite(now)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "now must be epoch milliseconds");
    try {
      const due = await this.core.db.selectFrom("held_items").select(["id", "release_at"])
        .where("release_at", "is not", null).where("release_at", "<=", now).where("status", "in", ["embargoed", "scheduled"])
        .orderBy("release_at", "asc").orderBy("id", "asc").execute();
      const out: Released[] = [];
      for (const d of due) {
        // One transaction per item: a failure leaves the others released and this one held.
        const r = await this.core.writeTx((db) => this.releaseIn(db, d.id, now, d.release_at ?? now, "system", true));
        if (r) out.push(r);
      }
      return out;
    } catch (e) {
      dbError(e, "could not release items");
    }
  }

  async releaseNow(id: string, actor: Actor): Promise<Released> {
    try {
      return await this.core.writeTx(async (db) => {
        const now = this.core.clock.now();
        const r = await this.releaseIn(db, id, now, now, actor, false);
        if (!r) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such held item: ${id}`);
        return r;
      });
    } catch (e) {
      dbError(e, "could not release item");
    }
  }

  async discard(id: string, actor: Actor): Promise<void> {
    try {
      await this.core.writeTx(async (db) => {
        const r = await db.selectFrom("held_items").select(["id", "status"]).where("id", "=", id).executeTakeFirst();
        if (!r) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such held item: ${id}`);
        await db.deleteFrom("held_items").where("id", "=", id).execute();
        await auditIn(db, this.core.clock.now(), actor, "item.discard", id, { was: r.status });
      });
    } catch (e) {
      dbError(e, "could not discard item");
    }
  }

  async correct(id: string, input: ItemInput, change: EditorialChange, actor: Actor): Promise<UpsertResult> {
    if (!change || typeof change.note !== "string" || change.note.trim() === "") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "a correction needs a note saying what changed");
    try {
      return await this.core.writeTx(async (db) => {
        const now = this.core.clock.now();
        const row = await db.selectFrom("items").select(["identity", "pubstatus"]).where("id", "=", id).executeTakeFirst();
        if (!row) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such item: ${id}`);
        if (row.pubstatus === "canceled") throw new PressroomError("PRESSROOM_E_CONFLICT", "the item was withdrawn; it cannot be corrected");
        const res = await upsertIn(db, { ...input, identity: row.identity }, { now, note: change.note.trim(), changedBy: change.changedBy, bodyHtml: change.bodyHtml ?? null, force: true, engine: this.core.engine });
        await auditIn(db, now, actor, "item.correct", id, { version: res.version, note: change.note.trim(), ...(change.auditDetail ?? {}) });
        return res;
      });
    } catch (e) {
      dbError(e, "could not correct item");
    }
  }

  async withdraw(id: string, reason: string, actor: Actor): Promise<UpsertResult> {
    if (typeof reason !== "string" || reason.trim() === "") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "a withdrawal needs a reason");
    try {
      return await this.core.writeTx(async (db) => {
        const now = this.core.clock.now();
        const row = await db.selectFrom("items").selectAll().where("id", "=", id).executeTakeFirst();
        if (!row) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no such item: ${id}`);
        if (row.pubstatus === "canceled") throw new PressroomError("PRESSROOM_E_CONFLICT", "the item is already withdrawn");
        const v = await db.selectFrom("item_versions").selectAll().where("item_seq", "=", row.seq).where("version", "=", row.version).executeTakeFirstOrThrow();
        const input: ItemInput = {
          identity: row.identity,
          contentHash: row.content_hash,
          headline: v.headline,
          section: v.section,
          kind: v.kind as Kind,
          published: v.published,
          dateline: v.dateline,
          source: JSON.parse(v.source) as SourceRef,
          body: "",
          transcript: null,
          groundRules: JSON.parse(v.ground_rules) as GroundRules,
          flags: parseFlags(v.flags),
        };
        const res = await upsertIn(db, input, { now, note: reason.trim(), changedBy: actor, pubstatus: "canceled", force: true, engine: this.core.engine });
        await auditIn(db, now, actor, "item.withdraw", id, { version: res.version, reason: reason.trim() });
        return res;
      });
    } catch (e) {
      dbError(e, "could not withdraw item");
    }
  }

  async versions(id: string): Promise<VersionInfo[]> {
    try {
      const rows = await this.core.db.selectFrom("item_versions as v").innerJoin("items as i", "i.seq", "v.item_seq")
        .select(["v.version", "v.stored_at", "v.headline", "v.body", "v.body_html", "v.note", "v.pubstatus", "v.changed_by"])
        .where("i.id", "=", id).orderBy("v.version", "asc").execute();
      return rows.map((r) => ({
        version: r.version,
        storedAt: r.stored_at,
        headline: r.headline,
        body: r.body,
        bodyHtml: r.body_html,
        note: r.note,
        pubstatus: r.pubstatus === "canceled" ? "canceled" : "usable",
        changedBy: r.changed_by,
      }));
    } catch (e) {
      dbError(e, "could not list versions");
    }
  }

  heldAsItem(h: HeldItem): Item {
    const i = h.input;
    return {
      identity: i.identity,
      contentHash: i.contentHash,
      headline: i.headline,
      section: i.section,
      kind: i.kind,
      published: i.published,
      dateline: i.dateline,
      source: i.source,
      body: i.body,
      transcript: i.transcript as Structure | null,
      groundRules: i.groundRules,
      flags: i.flags ?? [],
      id: h.id,
      version: 1,
      postedAt: h.releaseAt ?? h.createdAt,
      updatedAt: h.updatedAt,
      publishedAt: publishedToMs(i.published),
      pubstatus: "usable",
      note: h.note,
      changedBy: h.createdBy,
      bodyHtml: h.bodyHtml,
      embargoed: h.releaseAt,
      heldStatus: h.status,
    };
  }

  async audit(action: string, actor: Actor, itemId: string, detail: Record<string, unknown> = {}): Promise<void> {
    try {
      await this.core.writeTx((db) => auditIn(db, this.core.clock.now(), actor, action, itemId, detail));
    } catch (e) {
      dbError(e, "could not write the audit log");
    }
  }
}

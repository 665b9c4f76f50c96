/**
 * Implementation of {@link ArchiveStore} (whole-archive export and restore, issue 5) for both
 * dialects. Differences handled here: PostgreSQL identity sequences are moved past restored
 * ids (SQLite's INTEGER PRIMARY KEY needs nothing), and text ids are paged in byte order
 * (`COLLATE "C"`) on PostgreSQL, as SQLite compares them, so exports list held items in the
 * same order on both.
 */
import { sql, type Kysely } from "kysely";
import { PressroomError, isPressroomError } from "../core/errors.js";
import type { ItemInput } from "../core/item.js";
import type { SourceRef } from "../core/document.js";
import type { GroundRules, Kind, Structure } from "../core/transcript-types.js";
import type { FieldFilters } from "../search/fields.js";
import { nameKey } from "../accounts/names.js";
import { newWebhookSecret } from "../alerts/signing.js";
import type {
  ArchiveCounts, ArchiveStore, ArchivedAudit, ArchivedHeld, ArchivedItem, ArchivedSavedSearch, ArchivedSource, ArchivedUser, ArchivedVersion,
} from "./archive.js";
import type { HeldStatus } from "./editorial.js";
import type { SourceKind } from "./sources.js";
import { parseFlags } from "./rows.js";
import type { SqliteCore } from "./sqlite-core.js";
import type { Database } from "./migrations.js";
import { upsertIn } from "./sqlite.js";

function dbError(e: unknown, what: string): never {
  if (isPressroomError(e)) throw e;
  throw new PressroomError("PRESSROOM_E_DATABASE", `${what}: ${e instanceof Error ? e.message : String(e)}`);
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "limit must be an integer from 1 to 1000");
}

type Db = Kysely<Database>;

/**
 * PostgreSQL: move the id sequence of `table` past the largest id in it, so rows inserted
 * after a restore with explicit ids get fresh ids. No-op on SQLite.
 */
async function bumpSequence(db: Db, dialect: "sqlite" | "postgres", table: "users" | "audit_log" | "saved_searches" | "sources"): Promise<void> {
  if (dialect !== "postgres") return;
  await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT coalesce(max(id), 0) + 1 FROM ${sql.table(table)}), false)`.execute(db);
}

const json = <T>(s: string | null): T | null => (s == null ? null : (JSON.parse(s) as T));

export class SqliteArchiveStore implements ArchiveStore {
  constructor(private readonly core: SqliteCore) {}

  async counts(): Promise<ArchiveCounts> {
    try {
      const n = async (table: "items" | "held_items" | "users" | "audit_log" | "saved_searches" | "sources") =>
        Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(this.core.db)).rows[0]?.n ?? 0);
      return {
        item: await n("items"), held: await n("held_items"), user: await n("users"),
        audit: await n("audit_log"), saved_search: await n("saved_searches"), source: await n("sources"),
      };
    } catch (e) {
      dbError(e, "could not count records");
    }
  }

  async itemsPage(after: string | null, limit: number): Promise<{ items: ArchivedItem[]; next: string | null }> {
    checkLimit(limit);
    const afterSeq = after === null ? 0 : Number(after);
    if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "invalid page token");
    try {
      const db = this.core.db;
      const rows = await db.selectFrom("items").select(["seq", "id", "identity", "posted_at"])
        .where("seq", ">", afterSeq).orderBy("seq").limit(limit + 1).execute();
      const more = rows.length > limit;
      const page = more ? rows.slice(0, limit) : rows;
      if (page.length === 0) return { items: [], next: null };
      const seqs = page.map((r) => r.seq);
      const versions = await db.selectFrom("item_versions").selectAll().where("item_seq", "in", seqs).orderBy("item_seq").orderBy("version").execute();
      const originals = await db.selectFrom("item_originals").selectAll().where("item_seq", "in", seqs).execute();
      const orig = new Map(originals.map((o) => [`${o.item_seq}/${o.version}`, o]));
      const bySeq = new Map<number, ArchivedVersion[]>();
      for (const v of versions) {
        const o = orig.get(`${v.item_seq}/${v.version}`);
        const list = bySeq.get(v.item_seq) ?? [];
        list.push({
          version: v.version,
          storedAt: v.stored_at,
          contentHash: v.content_hash,
          headline: v.headline,
          section: v.section,
          kind: v.kind as Kind,
          published: v.published,
          dateline: v.dateline,
          source: JSON.parse(v.source) as SourceRef,
          groundRules: JSON.parse(v.ground_rules) as GroundRules,
          body: v.body,
          bodyHtml: v.body_html ?? null,
          transcript: json<Structure>(v.transcript),
          flags: parseFlags(v.flags),
          note: v.note ?? null,
          pubstatus: v.pubstatus === "canceled" ? "canceled" : "usable",
          changedBy: v.changed_by ?? null,
          original: o ? { body: o.body, transcript: json<Structure>(o.transcript) } : null,
        });
        bySeq.set(v.item_seq, list);
      }
      const items = page.map((r) => ({ id: r.id, identity: r.identity, postedAt: r.posted_at, versions: bySeq.get(r.seq) ?? [] }));
      return { items, next: more ? String(page[page.length - 1]!.seq) : null };
    } catch (e) {
      dbError(e, "could not read items");
    }
  }

  async heldPage(after: string, limit: number): Promise<ArchivedHeld[]> {
    checkLimit(limit);
    try {
      const pg = this.core.dialect === "postgres";
      const rows = await this.core.db.selectFrom("held_items").selectAll()
        .where(pg ? sql<boolean>`id COLLATE "C" > ${after}` : sql<boolean>`id > ${after}`)
        .orderBy(pg ? sql`id COLLATE "C"` : sql`id`).limit(limit).execute();
      return rows.map((r) => ({
        id: r.id, identity: r.identity, input: JSON.parse(r.input) as ItemInput, status: r.status as HeldStatus,
        releaseAt: r.release_at, embargo: r.embargo, createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
        note: r.note, targetId: r.target_id, bodyHtml: r.body_html,
      }));
    } catch (e) {
      dbError(e, "could not read held items");
    }
  }

  async users(): Promise<ArchivedUser[]> {
    try {
      // The password hash is not selected: it never leaves the store this way.
      const rows = await this.core.db.selectFrom("users").select(["id", "name", "role", "created_at", "removed_at"]).orderBy("id").execute();
      return rows.map((r) => ({ id: Number(r.id), name: r.name, role: r.role, createdAt: Number(r.created_at), removedAt: r.removed_at === null ? null : Number(r.removed_at) }));
    } catch (e) {
      dbError(e, "could not read users");
    }
  }

  async auditPage(afterId: number, limit: number): Promise<ArchivedAudit[]> {
    checkLimit(limit);
    try {
      const rows = await this.core.db.selectFrom("audit_log").selectAll().where("id", ">", afterId).orderBy("id").limit(limit).execute();
      return rows.map((r) => ({ id: Number(r.id), at: Number(r.at), actor: r.actor, action: r.action, itemId: r.item_id, detail: JSON.parse(r.detail) as Record<string, unknown> }));
    } catch (e) {
      dbError(e, "could not read the audit log");
    }
  }

  async savedSearches(): Promise<ArchivedSavedSearch[]> {
    try {
      // Neither the secret nor the cursor is selected.
      const rows = await this.core.db.selectFrom("saved_searches")
        .select(["id", "user_id", "name", "query", "text", "filters", "webhook_url", "created_at", "active"]).orderBy("id").execute();
      return rows.map((r) => ({
        id: Number(r.id), userId: Number(r.user_id), name: r.name, query: r.query, text: r.text,
        filters: JSON.parse(r.filters) as FieldFilters, webhookUrl: r.webhook_url, createdAt: Number(r.created_at), active: Number(r.active) === 1,
      }));
    } catch (e) {
      dbError(e, "could not read saved searches");
    }
  }

  async sources(): Promise<ArchivedSource[]> {
    try {
      const rows = await this.core.db.selectFrom("sources").selectAll().orderBy("id").execute();
      return rows.map((r) => ({
        id: Number(r.id), name: r.name, kind: r.kind as SourceKind, location: r.location, section: r.section, selector: r.selector,
        intervalS: Number(r.interval_s), createdAt: Number(r.created_at),
        state: {
          etag: r.etag, lastModified: r.last_modified,
          lastPolledAt: r.last_polled_at === null ? null : Number(r.last_polled_at),
          lastSuccessAt: r.last_success_at === null ? null : Number(r.last_success_at),
          lastError: r.last_error,
          lastErrorAt: r.last_error_at === null ? null : Number(r.last_error_at),
          consecutiveFailures: Number(r.consecutive_failures), nextPollAt: Number(r.next_poll_at), itemsSeen: Number(r.items_seen),
        },
      }));
    } catch (e) {
      dbError(e, "could not read sources");
    }
  }

  async restoreItems(items: ArchivedItem[]): Promise<void> {
    try {
      await this.core.writeTx(async (db) => {
        for (const it of items) {
          for (const v of it.versions) {
            const input: ItemInput = {
              identity: it.identity, contentHash: v.contentHash, headline: v.headline, section: v.section, kind: v.kind,
              published: v.published, dateline: v.dateline, source: v.source, body: v.body, transcript: v.transcript,
              groundRules: v.groundRules, flags: v.flags, original: v.original,
            };
            const r = await upsertIn(db, input, {
              now: v.storedAt, postedAt: it.postedAt, id: it.id, force: true,
              note: v.note, pubstatus: v.pubstatus, changedBy: v.changedBy, bodyHtml: v.bodyHtml, engine: this.core.engine,
            });
            if (r.id !== it.id || r.version !== v.version) {
              throw new PressroomError("PRESSROOM_E_CONFLICT", `item ${it.id} version ${v.version} was restored as ${r.id} version ${r.version}`);
            }
            // The upsert path stores a first version at the posting time; keep the stored time exactly.
            if (v.version === 1 && v.storedAt !== it.postedAt) {
              const seq = (await db.selectFrom("items").select("seq").where("id", "=", it.id).executeTakeFirstOrThrow()).seq;
              await db.updateTable("item_versions").set({ stored_at: v.storedAt }).where("item_seq", "=", seq).where("version", "=", 1).execute();
              if (it.versions.length === 1) await db.updateTable("items").set({ updated_at: v.storedAt }).where("seq", "=", seq).execute();
            }
          }
        }
      });
    } catch (e) {
      dbError(e, "could not restore items");
    }
  }

  async restoreHeld(held: ArchivedHeld[]): Promise<void> {
    try {
      await this.core.writeTx(async (db) => {
        for (const h of held) {
          if (await db.selectFrom("items").select("seq").where("id", "=", h.id).executeTakeFirst()) {
            throw new PressroomError("PRESSROOM_E_CONFLICT", `held item ${h.id} has the id of a published item`);
          }
          await db.insertInto("held_items").values({
            id: h.id, identity: h.identity, input: JSON.stringify(h.input), status: h.status, release_at: h.releaseAt, embargo: h.embargo,
            created_by: h.createdBy, created_at: h.createdAt, updated_at: h.updatedAt, note: h.note, target_id: h.targetId, body_html: h.bodyHtml,
          }).execute();
        }
      });
    } catch (e) {
      dbError(e, "could not restore held items");
    }
  }

  async restoreUsers(users: ArchivedUser[]): Promise<void> {
    try {
      await this.core.writeTx(async (db) => {
        for (const u of users) {
          await db.insertInto("users").values({
            id: u.id, name: u.name, name_key: nameKey(u.name), role: u.role, password_hash: null, created_at: u.createdAt, removed_at: u.removedAt,
          } as never).execute();
        }
        await bumpSequence(db, this.core.dialect, "users");
      });
    } catch (e) {
      dbError(e, "could not restore users");
    }
  }

  async restoreAudit(entries: ArchivedAudit[]): Promise<void> {
    try {
      await this.core.writeTx(async (db) => {
        for (const a of entries) {
          await db.insertInto("audit_log").values({
            id: a.id, at: a.at, actor: a.actor, action: a.action, item_id: a.itemId, detail: JSON.stringify(a.detail),
          } as never).execute();
        }
        await bumpSequence(db, this.core.dialect, "audit_log");
      });
    } catch (e) {
      dbError(e, "could not restore the audit log");
    }
  }

  async restoreSavedSearches(searches: ArchivedSavedSearch[]): Promise<void> {
    try {
      await this.core.writeTx(async (db) => {
        const top = await db.selectFrom("items").select(sql<number | null>`max(seq)`.as("m")).executeTakeFirst();
        const cursor = Number(top?.m ?? 0);
        for (const s of searches) {
          await db.insertInto("saved_searches").values({
            id: s.id, user_id: s.userId, name: s.name, query: s.query, text: s.text, filters: JSON.stringify(s.filters),
            webhook_url: s.webhookUrl, secret: newWebhookSecret(), cursor, created_at: s.createdAt, active: s.active ? 1 : 0,
          } as never).execute();
        }
        await bumpSequence(db, this.core.dialect, "saved_searches");
      });
    } catch (e) {
      dbError(e, "could not restore saved searches");
    }
  }

  async restoreSources(sources: ArchivedSource[]): Promise<void> {
    try {
      await this.core.writeTx(async (db) => {
        for (const s of sources) {
          const st = s.state;
          await db.insertInto("sources").values({
            id: s.id, name: s.name, kind: s.kind, location: s.location, section: s.section, selector: s.selector,
            interval_s: s.intervalS, created_at: s.createdAt, etag: st.etag, last_modified: st.lastModified,
            last_polled_at: st.lastPolledAt, last_success_at: st.lastSuccessAt, last_error: st.lastError, last_error_at: st.lastErrorAt,
            consecutive_failures: st.consecutiveFailures, next_poll_at: st.nextPollAt, items_seen: st.itemsSeen,
          } as never).execute();
        }
        await bumpSequence(db, this.core.dialect, "sources");
      });
    } catch (e) {
      dbError(e, "could not restore sources");
    }
  }
}


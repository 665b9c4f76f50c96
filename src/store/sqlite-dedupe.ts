/**
 * Implementation of {@link DedupeStore} for both dialects. Portable Kysely only (plain
 * tables, b-tree indexes, no engine-specific SQL): SQLite and PostgreSQL run the same queries.
 */
import { createHash } from "node:crypto";
import { PressroomError } from "../core/errors.js";
import type { Candidate, DedupeRecord, DedupeStore, PendingItem, RecordResult, Story } from "./dedupe.js";
import type { SqliteCore } from "./sqlite-core.js";
import { QueryTemplate } from "./query-template.js";

function dbError(e: unknown, what: string): never {
  if (e instanceof PressroomError) throw e;
  throw new PressroomError("PRESSROOM_E_DATABASE", `${what}: ${e instanceof Error ? e.message : String(e)}`);
}

function badRequest(msg: string): PressroomError {
  return new PressroomError("PRESSROOM_E_BAD_REQUEST", msg);
}

/**
 * How far before the update cursor the scan for new versions looks again (ms): a version
 * stored with a back-dated update time (a held correction released after downtime) is still
 * seen. Items already up to date are skipped by their signature's version.
 */
export const UPDATE_LOOKBACK_MS = 24 * 3_600_000;

/** Story id for a story first made around the item with public id `itemId`: `st-` + 16 hex digits. */
export function storyIdFor(itemId: string): string {
  return `st-${createHash("sha256").update(`story:${itemId}`).digest("hex").slice(0, 16)}`;
}

export class SqliteDedupeStore implements DedupeStore {
  constructor(private readonly core: SqliteCore) {}

  /** The story of an item, by the item's id (every item page asks: compiled once). */
  private readonly ownStory = new QueryTemplate(1, (itemId: string) => this.core.db
    .selectFrom("story_items as si")
    .innerJoin("items as i", "i.seq", "si.item_seq")
    .select("si.story_id")
    .where("i.id", "=", itemId));

  /** A story's usable members, first posted first. */
  private readonly storyMembers = new QueryTemplate(1, (storyId: string) => this.core.db
    .selectFrom("story_items as si")
    .innerJoin("items as i", "i.seq", "si.item_seq")
    .select(["i.id", "i.headline", "i.source_name", "i.source_url", "i.posted_at", "i.published_at", "si.similarity"])
    .where("si.story_id", "=", storyId)
    .where("i.pubstatus", "=", "usable")
    .orderBy("i.posted_at")
    .orderBy("i.seq"));

  async cursors(): Promise<{ itemSeq: number; updatedAt: number }> {
    try {
      const rows = await this.core.db.selectFrom("dedupe_state").select(["name", "value"]).execute();
      const get = (n: string) => Number(rows.find((r) => r.name === n)?.value ?? 0);
      return { itemSeq: get("item_seq"), updatedAt: get("updated_at") };
    } catch (e) {
      dbError(e, "could not read the dedupe cursors");
    }
  }

  async pending(limit: number): Promise<PendingItem[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badRequest(`limit must be an integer from 1 to 1000, got ${String(limit)}`);
    try {
      const cur = await this.cursors();
      const cols = ["i.seq", "i.id", "i.version", "v.body", "i.pubstatus", "i.source_name", "i.source_url", "i.posted_at", "i.updated_at"] as const;
      const fresh = await this.core.db
        .selectFrom("items as i")
        .innerJoin("item_versions as v", (j) => j.onRef("v.item_seq", "=", "i.seq").onRef("v.version", "=", "i.version"))
        .select(cols)
        .where("i.seq", ">", cur.itemSeq)
        .orderBy("i.seq")
        .limit(limit)
        .execute();
      let rows = fresh;
      if (fresh.length < limit) {
        // Items seen before whose latest version is newer than their signature (corrections, withdrawals).
        const updated = await this.core.db
          .selectFrom("items as i")
          .innerJoin("dedupe_signatures as s", "s.item_seq", "i.seq")
          .innerJoin("item_versions as v", (j) => j.onRef("v.item_seq", "=", "i.seq").onRef("v.version", "=", "i.version"))
          .select(cols)
          .where("i.seq", "<=", cur.itemSeq)
          .where("i.updated_at", ">=", cur.updatedAt - UPDATE_LOOKBACK_MS)
          .whereRef("s.version", "<>", "i.version")
          .orderBy("i.updated_at")
          .orderBy("i.seq")
          .limit(limit - fresh.length)
          .execute();
        rows = [...fresh, ...updated];
      }
      return rows.map((r) => ({
        seq: Number(r.seq),
        id: r.id,
        version: Number(r.version),
        body: r.body,
        pubstatus: r.pubstatus,
        sourceName: r.source_name,
        sourceUrl: r.source_url,
        postedAt: Number(r.posted_at),
        updatedAt: Number(r.updated_at),
      }));
    } catch (e) {
      dbError(e, "could not list items to de-duplicate");
    }
  }

  async candidates(bands: readonly string[], exceptSeq: number, limit: number): Promise<Candidate[]> {
    if (bands.length === 0) return [];
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badRequest(`limit must be an integer from 1 to 1000, got ${String(limit)}`);
    try {
      const rows = await this.core.db
        .selectFrom("dedupe_bands as b")
        .innerJoin("dedupe_signatures as s", "s.item_seq", "b.item_seq")
        .innerJoin("items as i", "i.seq", "b.item_seq")
        .select((eb) => ["b.item_seq as seq", "i.id as id", "s.signature as signature", "s.shingles as shingles", "i.source_name as source_name", "i.source_url as source_url", eb.fn.countAll<number>().as("n")])
        .where((eb) => eb.or(bands.map((h, i) => eb.and([eb("b.band", "=", i), eb("b.band_hash", "=", h)]))))
        .where("b.item_seq", "<>", exceptSeq)
        .where("i.pubstatus", "=", "usable")
        .where("s.signature", "is not", null)
        .groupBy(["b.item_seq", "i.id", "s.signature", "s.shingles", "i.source_name", "i.source_url"])
        .orderBy("n", "desc")
        .orderBy("b.item_seq")
        .limit(limit)
        .execute();
      return rows.map((r) => ({ seq: Number(r.seq), id: r.id, signature: r.signature!, shingles: Number(r.shingles), sourceName: r.source_name, sourceUrl: r.source_url, bands: Number(r.n) }));
    } catch (e) {
      dbError(e, "could not look up near-duplicate candidates");
    }
  }

  async record(r: DedupeRecord): Promise<RecordResult> {
    const now = this.core.clock.now();
    const seq = r.item.seq;
    try {
      return await this.core.writeTx(async (db) => {
        const fp = r.fingerprint;
        await db.deleteFrom("dedupe_bands").where("item_seq", "=", seq).execute();
        const sigRow = { version: r.item.version, signature: fp?.signature ?? null, tokens: fp?.tokens ?? 0, shingles: fp?.shingles ?? 0, computed_at: now };
        await db
          .insertInto("dedupe_signatures")
          .values({ item_seq: seq, ...sigRow })
          .onConflict((oc) => oc.column("item_seq").doUpdateSet(sigRow))
          .execute();
        if (fp && fp.bands.length > 0) {
          await db.insertInto("dedupe_bands").values(fp.bands.map((h, band) => ({ band, band_hash: h, item_seq: seq }))).execute();
        }

        let result: RecordResult = { storyId: null, created: false };
        const own = await db.selectFrom("story_items").select("story_id").where("item_seq", "=", seq).executeTakeFirst();
        if (own) result = { storyId: own.story_id, created: false };
        else if (r.match && fp) {
          const m = r.match;
          const other = await db
            .selectFrom("items as i")
            .leftJoin("story_items as si", "si.item_seq", "i.seq")
            .select(["i.seq", "i.id", "i.posted_at", "si.story_id"])
            .where("i.seq", "=", m.seq)
            .executeTakeFirst();
          if (other && other.story_id) {
            await db.insertInto("story_items").values({ item_seq: seq, story_id: other.story_id, similarity: m.similarity, joined_at: now }).execute();
            const canon = await db
              .selectFrom("stories as s")
              .innerJoin("items as i", "i.seq", "s.canonical_item_seq")
              .select(["i.seq", "i.posted_at"])
              .where("s.id", "=", other.story_id)
              .executeTakeFirst();
            const earlier = !canon || r.item.postedAt < Number(canon.posted_at) || (r.item.postedAt === Number(canon.posted_at) && seq < Number(canon.seq));
            await db
              .updateTable("stories")
              .set(earlier ? { canonical_item_seq: seq, updated_at: now } : { updated_at: now })
              .where("id", "=", other.story_id)
              .execute();
            result = { storyId: other.story_id, created: false };
          } else if (other) {
            const otherPosted = Number(other.posted_at);
            const mineFirst = r.item.postedAt < otherPosted || (r.item.postedAt === otherPosted && seq < Number(other.seq));
            const canonical = mineFirst ? { seq, id: r.item.id } : { seq: Number(other.seq), id: other.id };
            const id = storyIdFor(canonical.id);
            await db.insertInto("stories").values({ id, canonical_item_seq: canonical.seq, created_at: now, updated_at: now }).execute();
            await db
              .insertInto("story_items")
              .values([
                { item_seq: Number(other.seq), story_id: id, similarity: 1, joined_at: now },
                { item_seq: seq, story_id: id, similarity: m.similarity, joined_at: now },
              ])
              .execute();
            result = { storyId: id, created: true };
          }
        }

        const cur = await db.selectFrom("dedupe_state").select(["name", "value"]).execute();
        const get = (n: string) => Number(cur.find((c) => c.name === n)?.value ?? 0);
        const put = async (name: string, value: number) =>
          db.insertInto("dedupe_state").values({ name, value }).onConflict((oc) => oc.column("name").doUpdateSet({ value })).execute();
        if (seq > get("item_seq")) await put("item_seq", seq);
        else if (r.item.updatedAt > get("updated_at")) await put("updated_at", r.item.updatedAt);
        return result;
      });
    } catch (e) {
      dbError(e, `could not record near-duplicate result for item ${r.item.id}`);
    }
  }

  async storyOf(itemId: string): Promise<Story | null> {
    if (typeof itemId !== "string" || itemId.length === 0 || itemId.length > 200) return null;
    let own: { story_id: string } | undefined;
    try {
      own = (await this.ownStory.run(this.core.db, [itemId])).rows[0];
    } catch (e) {
      dbError(e, `could not read the story of item ${itemId}`);
    }
    return own ? this.storyById(own.story_id) : null;
  }

  async storyById(storyId: string): Promise<Story | null> {
    try {
      const rows = (await this.storyMembers.run(this.core.db, [storyId])).rows;
      if (rows.length < 2) return null;
      const items = rows.map((r) => ({
        id: r.id,
        headline: r.headline,
        sourceName: r.source_name,
        sourceUrl: r.source_url,
        postedAt: Number(r.posted_at),
        publishedAt: r.published_at == null ? null : Number(r.published_at),
        similarity: Number(r.similarity),
      }));
      return { id: storyId, canonicalId: items[0]!.id, items };
    } catch (e) {
      dbError(e, `could not read story ${storyId}`);
    }
  }


  async storyIds(itemIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (itemIds.length === 0) return out;
    if (itemIds.length > 1000) throw badRequest(`at most 1000 item ids at once, got ${itemIds.length}`);
    try {
      const rows = await this.core.db
        .selectFrom("story_items as si")
        .innerJoin("items as i", "i.seq", "si.item_seq")
        .select(["i.id", "si.story_id"])
        .where("i.id", "in", [...itemIds])
        .execute();
      for (const r of rows) out.set(r.id, r.story_id);
      return out;
    } catch (e) {
      dbError(e, "could not read story ids");
    }
  }
}

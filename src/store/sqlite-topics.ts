/** Implementation of {@link TopicStore} for both dialects (portable Kysely; no dialect-specific SQL; the file name predates PostgreSQL). */
import { PressroomError } from "../core/errors.js";
import type { ListPage } from "./store.js";
import type { SchemeInfo } from "../topics/vocab.js";
import type { ItemSubject, LoadResult, PendingItem, SubjectInput, Topic, TopicStore, VocabularyInfo } from "./topics.js";
import type { SqliteCore } from "./sqlite-core.js";
import { QueryTemplate } from "./query-template.js";
import { rowToSummary, type ItemRow } from "./rows.js";

/** A subject row (the columns of `topics` and `item_topics`, as SQL or JSON gives them) as an {@link ItemSubject}. */
export function toSubject(r: Parameters<typeof toTopic>[0] & { score: unknown; direct: unknown; assigned_by: string }): ItemSubject {
  return { ...toTopic(r), score: Number(r.score), direct: Number(r.direct) === 1, assignedBy: r.assigned_by as ItemSubject["assignedBy"] };
}

const TOPIC_COLS = ["topics.qcode", "topics.uri", "topics.label", "topics.definition", "topics.broader", "topics.level", "topics.retired"] as const;

type TopicRow = { qcode: string; uri: string; label: string; definition: string | null; broader: string | null; level: number; retired: string | null };

function toTopic(r: TopicRow): Topic {
  return { qcode: r.qcode, uri: r.uri, label: r.label, definition: r.definition, broader: r.broader, level: Number(r.level), retired: r.retired };
}

function badRequest(msg: string, detail?: Record<string, unknown>): PressroomError {
  return new PressroomError("PRESSROOM_E_BAD_REQUEST", msg, detail);
}

/** Opaque list cursor: base64url of `[postedAt, id]` (same shape as the item lists). */
function encodeCursor(postedAt: number, id: string): string {
  return Buffer.from(JSON.stringify([postedAt, id]), "utf8").toString("base64url");
}

function decodeCursor(c: string): [number, string] {
  const bad = () => badRequest("invalid cursor", { cursor: String(c).slice(0, 100) });
  if (typeof c !== "string" || c.length === 0 || c.length > 400 || !/^[A-Za-z0-9_-]+$/.test(c)) throw bad();
  let v: unknown;
  try { v = JSON.parse(Buffer.from(c, "base64url").toString("utf8")); } catch { throw bad(); }
  if (!Array.isArray(v) || v.length !== 2 || !Number.isSafeInteger(v[0]) || typeof v[1] !== "string") throw bad();
  return [v[0] as number, v[1] as string];
}

function dbError(e: unknown, what: string): never {
  if (e instanceof PressroomError) throw e;
  throw new PressroomError("PRESSROOM_E_DATABASE", `${what}: ${e instanceof Error ? e.message : String(e)}`);
}

export class SqliteTopicStore implements TopicStore {
  constructor(private readonly core: SqliteCore) {}

  async load(scheme: SchemeInfo, concepts: Topic[]): Promise<LoadResult> {
    if (concepts.length === 0) throw badRequest("the vocabulary has no concepts");
    try {
      return await this.core.writeTx(async (db) => {
        const have = new Set((await db.selectFrom("topics").select("qcode").execute()).map((r) => r.qcode));
        const version = scheme.released ?? "unknown";
        let added = 0, updated = 0, retired = 0;
        for (const c of concepts) {
          const row = { uri: c.uri, label: c.label, definition: c.definition, broader: c.broader, level: c.level, retired: c.retired, vocab_version: version };
          await db.insertInto("topics").values({ qcode: c.qcode, ...row })
            .onConflict((oc) => oc.column("qcode").doUpdateSet(row)).execute();
          if (have.has(c.qcode)) updated++; else added++;
          if (c.retired) retired++;
        }
        const state = {
          scheme_uri: scheme.uri,
          released: scheme.released,
          copyright_holder: scheme.copyrightHolder,
          licence: scheme.licence,
          loaded_at: this.core.clock.now(),
          concepts: concepts.length,
        };
        await db.insertInto("topic_state").values({ id: 1, ...state }).onConflict((oc) => oc.column("id").doUpdateSet(state)).execute();
        return { added, updated, retired, total: concepts.length };
      });
    } catch (e) {
      dbError(e, "could not load the vocabulary");
    }
  }

  async vocabulary(): Promise<VocabularyInfo | null> {
    const r = await this.core.db.selectFrom("topic_state").selectAll().where("id", "=", 1).executeTakeFirst();
    if (!r) return null;
    return { uri: r.scheme_uri, released: r.released, copyrightHolder: r.copyright_holder, licence: r.licence, loadedAt: Number(r.loaded_at), concepts: Number(r.concepts) };
  }

  async topic(qcode: string): Promise<Topic | null> {
    const r = await this.core.db.selectFrom("topics").select(TOPIC_COLS).where("qcode", "=", qcode).executeTakeFirst();
    return r ? toTopic(r) : null;
  }

  async list(opts: { includeRetired?: boolean } = {}): Promise<Topic[]> {
    let q = this.core.db.selectFrom("topics").select(TOPIC_COLS);
    if (!opts.includeRetired) q = q.where("retired", "is", null);
    return (await q.orderBy("level").orderBy("qcode").execute()).map(toTopic);
  }

  async inUse(): Promise<(Topic & { count: number })[]> {
    const rows = await this.core.db.selectFrom("item_topics")
      .innerJoin("topics", "topics.qcode", "item_topics.qcode")
      .select([...TOPIC_COLS, (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy(["topics.qcode", "topics.uri", "topics.label", "topics.definition", "topics.broader", "topics.level", "topics.retired"])
      .orderBy("n", "desc").orderBy("topics.label").execute();
    return rows.map((r) => ({ ...toTopic(r), count: Number(r.n) }));
  }

  /** Items whose latest version has no classification run (new items and new versions). */
  private pendingQuery() {
    return this.core.db.selectFrom("items")
      .leftJoin("item_topic_runs", "item_topic_runs.item_seq", "items.seq")
      .where((eb) => eb.or([eb("item_topic_runs.item_seq", "is", null), eb("item_topic_runs.version", "<>", eb.ref("items.version"))]));
  }

  async pending(limit: number): Promise<PendingItem[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badRequest("limit must be 1 to 1000");
    const rows = await this.pendingQuery()
      .innerJoin("item_versions", (j) => j.onRef("item_versions.item_seq", "=", "items.seq").onRef("item_versions.version", "=", "items.version"))
      .select(["items.seq", "items.id", "items.version", "items.headline", "items.section", "item_versions.body"])
      .orderBy("items.seq").limit(limit).execute();
    return rows.map((r) => ({ seq: Number(r.seq), id: r.id, version: Number(r.version), headline: r.headline, section: r.section, body: r.body }));
  }

  async pendingCount(): Promise<number> {
    const r = await this.pendingQuery().select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async resetRuns(): Promise<void> {
    await this.core.writeTx(async (db) => { await db.deleteFrom("item_topic_runs").execute(); });
  }

  async saveSubjects(seq: number, version: number, subjects: SubjectInput[]): Promise<boolean> {
    try {
      return await this.core.writeTx(async (db) => {
        const item = await db.selectFrom("items").select(["version"]).where("seq", "=", seq).executeTakeFirst();
        if (!item || Number(item.version) !== version) return false;
        const now = this.core.clock.now();
        const known = new Map<string, { broader: string | null }>();
        const lookup = async (qcode: string) => {
          if (!known.has(qcode)) {
            const t = await db.selectFrom("topics").select("broader").where("qcode", "=", qcode).executeTakeFirst();
            if (!t) return null;
            known.set(qcode, { broader: t.broader });
          }
          return known.get(qcode)!;
        };
        const rows = new Map<string, { score: number; direct: number; assigned_by: string }>();
        for (const s of subjects) {
          if (!(await lookup(s.qcode))) continue;
          rows.set(s.qcode, { score: s.score, direct: 1, assigned_by: s.assignedBy });
        }
        for (const s of subjects) {
          if (!rows.has(s.qcode)) continue;
          let up = (await lookup(s.qcode))?.broader ?? null;
          for (let depth = 0; up && depth < 10; depth++) {
            const t = await lookup(up);
            if (!t) break;
            const have = rows.get(up);
            if (!have) rows.set(up, { score: s.score, direct: 0, assigned_by: s.assignedBy });
            else if (have.direct === 0 && have.score < s.score) have.score = s.score;
            up = t.broader;
          }
        }
        await db.deleteFrom("item_topics").where("item_seq", "=", seq).execute();
        for (const [qcode, r] of rows) {
          await db.insertInto("item_topics").values({ item_seq: seq, qcode, ...r, assigned_at: now }).execute();
        }
        await db.insertInto("item_topic_runs").values({ item_seq: seq, version, classified_at: now })
          .onConflict((oc) => oc.column("item_seq").doUpdateSet({ version, classified_at: now })).execute();
        return true;
      });
    } catch (e) {
      dbError(e, "could not store subjects");
    }
  }

  /** The subjects of one item (every item page asks: compiled once). */
  private readonly subjectsOne = new QueryTemplate(1, (itemId: string) => this.subjectsSelect().where("items.id", "=", itemId));

  /** Subjects with their item's id, direct ones first, then by score, level and code. */
  private subjectsSelect() {
    return this.core.db.selectFrom("item_topics")
      .innerJoin("items", "items.seq", "item_topics.item_seq")
      .innerJoin("topics", "topics.qcode", "item_topics.qcode")
      .select(["items.id as item_id", ...TOPIC_COLS, "item_topics.score", "item_topics.direct", "item_topics.assigned_by"])
      .orderBy("item_topics.direct", "desc").orderBy("item_topics.score", "desc").orderBy("topics.level").orderBy("topics.qcode");
  }

  async subjectsOf(itemId: string): Promise<ItemSubject[]> {
    return (await this.subjectsOne.run(this.core.db, [itemId])).rows.map(toSubject);
  }

  async subjectsOfMany(itemIds: string[]): Promise<Map<string, ItemSubject[]>> {
    const out = new Map<string, ItemSubject[]>();
    const ids = [...new Set(itemIds)];
    for (let i = 0; i < ids.length; i += 200) {
      const chunk = ids.slice(i, i + 200);
      for (const r of await this.subjectsSelect().where("items.id", "in", chunk).execute()) {
        const list = out.get(r.item_id) ?? [];
        list.push(toSubject(r));
        out.set(r.item_id, list);
      }
    }
    return out;
  }

  async items(qcode: string, q: { limit?: number; cursor?: string }): Promise<ListPage> {
    const limit = q.limit ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badRequest("limit must be 1 to 100");
    let query = this.core.db.selectFrom("items")
      .innerJoin("item_topics", "item_topics.item_seq", "items.seq")
      .selectAll("items")
      .where("item_topics.qcode", "=", qcode);
    if (q.cursor !== undefined) {
      const [postedAt, id] = decodeCursor(q.cursor);
      query = query.where((eb) => eb.or([eb("items.posted_at", "<", postedAt), eb.and([eb("items.posted_at", "=", postedAt), eb("items.id", "<", id)])]));
    }
    const rows = (await query.orderBy("items.posted_at", "desc").orderBy("items.id", "desc").limit(limit + 1).execute()) as unknown as ItemRow[];
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(rowToSummary), nextCursor: more && last ? encodeCursor(Number(last.posted_at), last.id) : null };
  }

  async count(qcode: string): Promise<number> {
    const r = await this.core.db.selectFrom("item_topics").select((eb) => eb.fn.countAll<number>().as("n")).where("qcode", "=", qcode).executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}

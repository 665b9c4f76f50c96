/** Implementation of {@link SourceStore} for both dialects (portable Kysely; no dialect-specific SQL; the file name predates PostgreSQL). */
import { PressroomError } from "../core/errors.js";
import type { NewSource, SeenEntry, Source, SourceKind, SourceState, SourceStore, SourcesTables, WebSubState, WebSubSubscription } from "./sources.js";
import type { SqliteCore } from "./sqlite-core.js";

type Row = Omit<SourcesTables["sources"], "id"> & { id: number };

/** Default poll interval (s): 15 minutes. */
export const DEFAULT_INTERVAL_S = 900;

function toSource(r: Row): Source {
  return {
    id: Number(r.id),
    name: r.name,
    kind: r.kind as SourceKind,
    location: r.location,
    section: r.section,
    selector: r.selector,
    intervalS: Number(r.interval_s),
    createdAt: Number(r.created_at),
    state: {
      etag: r.etag,
      lastModified: r.last_modified,
      lastPolledAt: r.last_polled_at === null ? null : Number(r.last_polled_at),
      lastSuccessAt: r.last_success_at === null ? null : Number(r.last_success_at),
      lastError: r.last_error,
      lastErrorAt: r.last_error_at === null ? null : Number(r.last_error_at),
      consecutiveFailures: Number(r.consecutive_failures),
      nextPollAt: Number(r.next_poll_at),
      itemsSeen: Number(r.items_seen),
    },
  };
}

const STATE_COLUMNS: Record<keyof SourceState, keyof SourcesTables["sources"]> = {
  etag: "etag",
  lastModified: "last_modified",
  lastPolledAt: "last_polled_at",
  lastSuccessAt: "last_success_at",
  lastError: "last_error",
  lastErrorAt: "last_error_at",
  consecutiveFailures: "consecutive_failures",
  nextPollAt: "next_poll_at",
  itemsSeen: "items_seen",
};

export class SqliteSourceStore implements SourceStore {
  constructor(private readonly core: SqliteCore) {}

  async add(s: NewSource): Promise<Source> {
    const now = this.core.clock.now();
    return this.core.writeTx(async (db) => {
      const clash = await db.selectFrom("sources").select(["id", "name"]).where("location", "=", s.location).executeTakeFirst();
      if (clash) throw new PressroomError("PRESSROOM_E_CONFLICT", `source ${clash.id} (${clash.name}) already has location ${s.location}`, { id: Number(clash.id) });
      const row = await db
        .insertInto("sources")
        .values({
          name: s.name,
          kind: s.kind,
          location: s.location,
          section: s.section ?? null,
          selector: s.selector ?? null,
          interval_s: s.intervalS ?? DEFAULT_INTERVAL_S,
          created_at: now,
          etag: null,
          last_modified: null,
          last_polled_at: null,
          last_success_at: null,
          last_error: null,
          last_error_at: null,
          consecutive_failures: 0,
          next_poll_at: now,
          items_seen: 0,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSource(row as Row);
    });
  }

  async get(id: number): Promise<Source | null> {
    const r = await this.core.db.selectFrom("sources").selectAll().where("id", "=", id).executeTakeFirst();
    return r ? toSource(r as Row) : null;
  }

  async list(): Promise<Source[]> {
    const rows = await this.core.db.selectFrom("sources").selectAll().orderBy("id").execute();
    return rows.map((r) => toSource(r as Row));
  }

  async remove(id: number): Promise<boolean> {
    return this.core.writeTx(async (db) => {
      await db.deleteFrom("source_entries").where("source_id", "=", id).execute();
      await db.deleteFrom("source_websub").where("source_id", "=", id).execute();
      const r = await db.deleteFrom("sources").where("id", "=", id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    });
  }

  async due(now: number): Promise<Source[]> {
    const rows = await this.core.db.selectFrom("sources").selectAll().where("next_poll_at", "<=", now).orderBy("next_poll_at").orderBy("id").execute();
    return rows.map((r) => toSource(r as Row));
  }

  async updateState(id: number, patch: Partial<SourceState>): Promise<void> {
    const set: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch)) {
      const col = STATE_COLUMNS[k as keyof SourceState];
      if (col && v !== undefined) set[col] = v;
    }
    if (Object.keys(set).length === 0) return;
    await this.core.writeTx((db) => db.updateTable("sources").set(set).where("id", "=", id).execute());
  }

  async findEntries(sourceId: number, keys: string[]): Promise<SeenEntry[]> {
    if (keys.length === 0) return [];
    const rows = await this.core.db.selectFrom("source_entries").selectAll().where("source_id", "=", sourceId).where("key", "in", keys).execute();
    return rows.map((r) => ({ key: r.key, identity: r.identity, itemId: r.item_id, contentHash: r.content_hash, seenAt: Number(r.seen_at) }));
  }

  async putEntries(sourceId: number, entries: SeenEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.core.writeTx(async (db) => {
      for (const e of entries) {
        await db
          .insertInto("source_entries")
          .values({ source_id: sourceId, key: e.key, identity: e.identity, item_id: e.itemId, content_hash: e.contentHash, seen_at: e.seenAt })
          .onConflict((oc) => oc.columns(["source_id", "key"]).doUpdateSet({ identity: e.identity, item_id: e.itemId, content_hash: e.contentHash, seen_at: e.seenAt }))
          .execute();
      }
    });
  }

  async addItemsSeen(id: number, n: number): Promise<void> {
    if (n === 0) return;
    await this.core.writeTx((db) => db.updateTable("sources").set((eb) => ({ items_seen: eb("items_seen", "+", n) })).where("id", "=", id).execute());
  }

  async getWebSub(sourceId: number): Promise<WebSubSubscription | null> {
    const r = await this.core.db.selectFrom("source_websub").selectAll().where("source_id", "=", sourceId).executeTakeFirst();
    return r ? toWebSub(r) : null;
  }

  async findWebSubByToken(token: string): Promise<WebSubSubscription | null> {
    const r = await this.core.db.selectFrom("source_websub").selectAll().where("token", "=", token).executeTakeFirst();
    return r ? toWebSub(r) : null;
  }

  async putWebSub(sub: WebSubSubscription): Promise<void> {
    const row = {
      source_id: sub.sourceId, hub: sub.hub, topic: sub.topic, token: sub.token, secret: sub.secret, state: sub.state,
      requested_at: sub.requestedAt, verified_at: sub.verifiedAt, lease_until: sub.leaseUntil,
    };
    await this.core.writeTx((db) => db.insertInto("source_websub").values(row).onConflict((oc) => oc.column("source_id").doUpdateSet(row)).execute());
  }
}

function toWebSub(r: SourcesTables["source_websub"]): WebSubSubscription {
  return {
    sourceId: Number(r.source_id), hub: r.hub, topic: r.topic, token: r.token, secret: r.secret, state: r.state as WebSubState,
    requestedAt: Number(r.requested_at), verifiedAt: r.verified_at === null ? null : Number(r.verified_at), leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
  };
}

/**
 * Presence of journalists on live briefings across web processes (`serve --processes N`,
 * several servers on one database): which process holds how many WebSocket connections of
 * which journalist, and when that process last proved it is alive.
 *
 * One row per (briefing, participant, holder); a holder is one running `LiveHub` (a random id
 * per process start). Each holder refreshes `heartbeat_at` of its rows every few seconds; a
 * row whose heartbeat is older than the staleness limit belongs to a process that died or was
 * restarted. Portable Kysely: the same SQL on SQLite and PostgreSQL. Times are epoch ms (UTC).
 */
import type { Kysely, Migration } from "kysely";

/** Row shape of `briefing_presence` (migration `0014_briefing_presence`). */
export interface BriefingPresenceTables {
  briefing_presence: {
    briefing_id: string;
    /** Participant id of the journalist. */
    participant: string;
    /** Id of the holding process (`LiveHub`), random per start. */
    holder: string;
    /** Open connections of this participant on this holder (≥ 1; the row is deleted at 0). */
    connections: number;
    /** Last heartbeat of the holder, epoch ms UTC. */
    heartbeat_at: number;
  };
}

/** A (briefing, participant) pair. */
export interface PresenceKey {
  briefingId: string;
  participant: string;
}

/** Migration `0014_briefing_presence` (appended to `briefingsMigrations`). Append-only once shipped. */
export function briefingPresenceMigrations(): Record<string, Migration> {
  return {
    "0014_briefing_presence": {
      async up(db) {
        await db.schema
          .createTable("briefing_presence")
          .addColumn("briefing_id", "text", (c) => c.notNull().references("briefings.id").onDelete("cascade"))
          .addColumn("participant", "text", (c) => c.notNull())
          .addColumn("holder", "text", (c) => c.notNull())
          .addColumn("connections", "integer", (c) => c.notNull())
          .addColumn("heartbeat_at", "bigint", (c) => c.notNull())
          .addPrimaryKeyConstraint("briefing_presence_pk", ["briefing_id", "participant", "holder"])
          .execute();
        await db.schema.createIndex("briefing_presence_holder").on("briefing_presence").column("holder").execute();
      },
    },
  };
}

/** Presence rows of one database (any number of processes share them). */
export class BriefingPresenceStore {
  private readonly db: Kysely<BriefingPresenceTables>;

  /** @param db the store's Kysely handle (`StoreCore.db`), migrated to `0014_briefing_presence`. */
  constructor(db: Kysely<any>) {
    this.db = db as Kysely<BriefingPresenceTables>;
  }

  /**
   * Record that `holder` has `connections` connections of the participant now (`now`, epoch
   * ms); 0 deletes the holder's row.
   */
  async set(key: PresenceKey, holder: string, connections: number, now: number): Promise<void> {
    if (connections <= 0) {
      await this.db.deleteFrom("briefing_presence").where("briefing_id", "=", key.briefingId).where("participant", "=", key.participant).where("holder", "=", holder).execute();
      return;
    }
    await this.db
      .insertInto("briefing_presence")
      .values({ briefing_id: key.briefingId, participant: key.participant, holder, connections, heartbeat_at: now })
      .onConflict((oc) => oc.columns(["briefing_id", "participant", "holder"]).doUpdateSet({ connections, heartbeat_at: now }))
      .execute();
  }

  /** Refresh the heartbeat of every row of `holder` to `now` (epoch ms); returns the number of rows it has. */
  async heartbeat(holder: string, now: number): Promise<number> {
    const r = await this.db.updateTable("briefing_presence").set({ heartbeat_at: now }).where("holder", "=", holder).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Whether any holder other than `except` has a connection of the participant with a heartbeat at or after `freshSince` (epoch ms). */
  async heldElsewhere(key: PresenceKey, except: string, freshSince: number): Promise<boolean> {
    const row = await this.db
      .selectFrom("briefing_presence")
      .select("holder")
      .where("briefing_id", "=", key.briefingId)
      .where("participant", "=", key.participant)
      .where("holder", "!=", except)
      .where("heartbeat_at", ">=", freshSince)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * The participants whose every row is stale (heartbeat before `freshSince`, epoch ms: their
   * process died or restarted) and who have no fresh holder at all: no connection anywhere.
   * Stale rows of participants still held elsewhere are deleted here; the caller reports each
   * returned participant dropped and then calls {@link forget}.
   */
  async lost(freshSince: number): Promise<PresenceKey[]> {
    const stale = await this.db
      .selectFrom("briefing_presence")
      .select(["briefing_id", "participant"])
      .where("heartbeat_at", "<", freshSince)
      .distinct()
      .execute();
    const lost: PresenceKey[] = [];
    for (const r of stale) {
      const key = { briefingId: r.briefing_id, participant: r.participant };
      const fresh = await this.db
        .selectFrom("briefing_presence")
        .select("holder")
        .where("briefing_id", "=", key.briefingId)
        .where("participant", "=", key.participant)
        .where("heartbeat_at", ">=", freshSince)
        .limit(1)
        .executeTakeFirst();
      if (fresh) await this.forget(key, freshSince);
      else lost.push(key);
    }
    return lost;
  }

  /** Delete the participant's rows whose heartbeat is before `freshSince` (epoch ms). */
  async forget(key: PresenceKey, freshSince: number): Promise<void> {
    await this.db.deleteFrom("briefing_presence").where("briefing_id", "=", key.briefingId).where("participant", "=", key.participant).where("heartbeat_at", "<", freshSince).execute();
  }
}

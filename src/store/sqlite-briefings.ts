/**
 * Implementation of {@link BriefingStore} (portable Kysely: SQLite and PostgreSQL; no
 * dialect-specific SQL).
 *
 * A briefing is three things on disk: its row in `briefings` (listing columns, set-up, and a
 * recent snapshot of the state WITHOUT `log` and `processed`), its accepted commands in
 * `briefing_log` and its events in `briefing_events`. `apply` runs in one write transaction:
 * lock the row, load the state, `apply()`, then append the log row and the events (and, now
 * and then, overwrite the snapshot, whose size does not grow with the call). The full state (`log` from the events, `processed` from
 * the log rows and their events) is rebuilt on a cold read and then kept in memory, keyed by
 * the row's `commands` count, so a warm `apply` reads one small row and writes what is new
 * (the snapshot only every `SNAPSHOT_EVERY` commands; a cold read replays the few after it).
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { sql } from "kysely";
import { PressroomError } from "../core/errors.js";
import {
  apply as applyCommand, createBriefing, fingerprint, isBriefingError, parseCommand,
  type ApplyResult, type BriefingEvent, type BriefingSetup, type BriefingState, type CallPhase, type Command, type LogEntry, type Processed,
} from "../briefing/index.js";
import { SNAPSHOT_EVERY, type BriefingRecord, type BriefingStore } from "./briefings.js";
import type { SqliteCore } from "./sqlite-core.js";
import { sqliteTx } from "./sqlite-tx.js";

/** Characters of a briefing id after its `b`. */
const ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
/** Full states kept in memory (most recently used); others are rebuilt from the rows when needed. */
const CACHE_LIMIT = 64;

type Row = {
  id: string; title: string; section: string | null; scheduled_start: number | string; phase: string;
  created_by: number | string | null; created_at: number | string; item_id: string | null;
};
const RECORD_COLS = ["id", "title", "section", "scheduled_start", "phase", "created_by", "created_at", "item_id"] as const;

function toRecord(r: Row): BriefingRecord {
  return {
    id: r.id, title: r.title, section: r.section, scheduledStart: Number(r.scheduled_start), phase: r.phase as CallPhase,
    createdBy: r.created_by === null ? null : Number(r.created_by), createdAt: Number(r.created_at), itemId: r.item_id,
  };
}

function dbError(e: unknown, what: string): never {
  if (e instanceof PressroomError) throw e;
  throw new PressroomError("PRESSROOM_E_DATABASE", `${what}: ${e instanceof Error ? e.message : String(e)}`);
}

function newId(): string {
  let s = "b";
  for (let i = 0; i < 10; i++) s += ID_CHARS[randomInt(ID_CHARS.length)];
  return s;
}

/** A fresh 8-digit access code (the dial-in PIN). */
function newAccessCode(): string {
  return String(randomInt(100_000_000)).padStart(8, "0");
}

function hashCode(salt: string, code: string): Buffer {
  return createHash("sha256").update(`${salt}:${code}`, "utf8").digest();
}

/** The access code as typed: 8 digits once spaces and dashes are taken out, else null. */
function normalizeCode(code: unknown): string | null {
  if (typeof code !== "string" || code.length > 40) return null;
  const c = code.replace(/[\s-]/g, "");
  return /^[0-9]{8}$/.test(c) ? c : null;
}

/** The snapshot column: the state without its ever-growing `log` and `processed`. */
function snapshotJson(state: BriefingState): string {
  const { log: _log, processed: _processed, ...rest } = state;
  return JSON.stringify(rest);
}

export class SqliteBriefingStore implements BriefingStore {
  /** Full states by briefing id, with the `commands` count they reflect (insertion order = LRU order). */
  private readonly cache = new Map<string, { commands: number; state: BriefingState }>();

  constructor(readonly core: SqliteCore) {}

  private remember(id: string, commands: number, state: BriefingState): void {
    const had = this.cache.get(id);
    if (had && had.commands > commands) return; // a newer state got there first
    this.cache.delete(id);
    this.cache.set(id, { commands, state });
    while (this.cache.size > CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
  }

  async create(setup: BriefingSetup, opts: { createdBy: number | null }): Promise<{ record: BriefingRecord; accessCode: string }> {
    const state = createBriefing(setup);
    if (isBriefingError(state)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", state.message, { code: state.code });
    const createdBy = opts?.createdBy ?? null;
    if (createdBy !== null && !Number.isSafeInteger(createdBy)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "createdBy must be an account id or null");
    const accessCode = newAccessCode();
    const salt = randomBytes(16).toString("hex");
    const now = this.core.clock.now();
    try {
      return await this.core.writeTx(async (db) => {
        let id = newId();
        while (await db.selectFrom("briefings").select("id").where("id", "=", id).executeTakeFirst()) id = newId();
        const row = {
          id, title: state.setup.title, section: state.setup.section, scheduled_start: state.setup.scheduledStart, phase: state.phase,
          setup: JSON.stringify(state.setup), state: snapshotJson(state), state_commands: 0, seq: 0, commands: 0,
          access_hash: `sha256$${salt}$${hashCode(salt, accessCode).toString("hex")}`,
          created_by: createdBy, created_at: now, updated_at: now, item_id: null,
        };
        await db.insertInto("briefings").values(row).execute();
        this.remember(id, 0, state);
        return { record: toRecord(row), accessCode };
      });
    } catch (e) {
      dbError(e, "could not create the briefing");
    }
  }

  async get(id: string): Promise<BriefingRecord | null> {
    if (typeof id !== "string") return null;
    try {
      const r = await this.core.db.selectFrom("briefings").select(RECORD_COLS).where("id", "=", id).executeTakeFirst();
      return r ? toRecord(r) : null;
    } catch (e) {
      dbError(e, "could not read the briefing");
    }
  }

  async list(opts: { limit?: number } = {}): Promise<BriefingRecord[]> {
    const limit = opts.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "limit must be 1 to 1000");
    try {
      const rows = await this.core.db.selectFrom("briefings").select(RECORD_COLS)
        .orderBy("scheduled_start", "desc").orderBy("id", "desc").limit(limit).execute();
      return rows.map(toRecord);
    } catch (e) {
      dbError(e, "could not list briefings");
    }
  }

  async running(): Promise<BriefingRecord[]> {
    try {
      const rows = await this.core.db.selectFrom("briefings").select(RECORD_COLS)
        .where("phase", "<>", "closed").orderBy("scheduled_start").orderBy("id").execute();
      return rows.map(toRecord);
    } catch (e) {
      dbError(e, "could not list running briefings");
    }
  }

  async unpublished(): Promise<BriefingRecord[]> {
    try {
      const rows = await this.core.db.selectFrom("briefings").select(RECORD_COLS)
        .where("phase", "=", "closed").where("item_id", "is", null).orderBy("updated_at").orderBy("id").execute();
      return rows.map(toRecord);
    } catch (e) {
      dbError(e, "could not list unpublished briefings");
    }
  }

  async setup(id: string): Promise<BriefingSetup | null> {
    try {
      const r = await this.core.db.selectFrom("briefings").select("setup").where("id", "=", id).executeTakeFirst();
      return r ? (JSON.parse(r.setup) as BriefingSetup) : null;
    } catch (e) {
      dbError(e, "could not read the briefing");
    }
  }

  /**
   * The full state of `id` at `commands` accepted commands, from the cache when it is that
   * version, else rebuilt from the rows (through `db`, so inside a transaction it reads what
   * the transaction sees): the snapshot, the log rows after it replayed on top, `log` from the
   * events and `processed` from the log rows and their events.
   */
  private async load(db: SqliteCore["db"], id: string, commands: number): Promise<BriefingState> {
    const hit = this.cache.get(id);
    if (hit && hit.commands === commands) return hit.state;
    const row = await db.selectFrom("briefings").select(["state", "state_commands"]).where("id", "=", id).executeTakeFirstOrThrow();
    const snapAt = Number(row.state_commands);
    let state = { ...(JSON.parse(row.state) as Omit<BriefingState, "log" | "processed">), log: [], processed: {} } as BriefingState;
    const events = (await db.selectFrom("briefing_events").select("event").where("briefing_id", "=", id).orderBy("seq").execute())
      .map((r) => JSON.parse(r.event) as BriefingEvent);
    const byCommand = new Map<string, BriefingEvent[]>();
    for (const e of events) {
      const list = byCommand.get(e.commandId);
      if (list) list.push(e); else byCommand.set(e.commandId, [e]);
    }
    const processed: Record<string, Processed> = {};
    const log = await db.selectFrom("briefing_log").select(["seq", "command_id", "command", "now"]).where("briefing_id", "=", id).orderBy("seq").execute();
    for (const r of log) {
      const command = JSON.parse(r.command) as Command;
      processed[r.command_id] = { fingerprint: fingerprint(command), effects: byCommand.get(r.command_id) ?? [] };
      if (Number(r.seq) <= snapAt) continue;
      const next = applyCommand({ ...state, log: [], processed: {} }, command, Number(r.now));
      if (!next.ok) throw new PressroomError("PRESSROOM_E_DATABASE", `briefing ${id}: logged command ${String(r.seq)} no longer applies (${next.error.code})`, { id });
      state = next.state;
    }
    const full = { ...state, log: events, processed } as BriefingState;
    this.remember(id, commands, full);
    return full;
  }

  /**
   * Run `fn` in one read transaction, so the row, snapshot, events and log it reads are one
   * consistent version even while other processes commit commands (a state whose `seq` is
   * ahead of its `log` would otherwise be cached, and listeners would skip events).
   * PostgreSQL: REPEATABLE READ, READ ONLY. SQLite: a deferred `BEGIN` on the one connection
   * (the snapshot is taken at the first read; WAL readers do not block writers).
   */
  private async readTx<T>(fn: (db: SqliteCore["db"]) => Promise<T>): Promise<T> {
    if (this.core.dialect === "postgres") {
      return this.core.db.transaction().setIsolationLevel("repeatable read").setAccessMode("read only").execute(fn);
    }
    return sqliteTx(this.core.db, "DEFERRED", fn);
  }

  async state(id: string): Promise<BriefingState | null> {
    try {
      return await this.readTx(async (db) => {
        const r = await db.selectFrom("briefings").select(["commands"]).where("id", "=", id).executeTakeFirst();
        if (!r) return null;
        return await this.load(db, id, Number(r.commands));
      });
    } catch (e) {
      dbError(e, "could not read the briefing state");
    }
  }

  async apply(id: string, command: unknown, now: number): Promise<ApplyResult> {
    const parsed = parseCommand(command);
    const cmd = isBriefingError(parsed) ? null : parsed;
    if (cmd === null) {
      // Not a command at all: refused without a write transaction (a flood of junk costs reads only).
      if (!(await this.get(id))) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no briefing ${id}`, { id });
      return { ok: false, error: parsed as Exclude<typeof parsed, Command> };
    }
    let saved: { commands: number; full: BriefingState; next: BriefingState; commandId: string } | null = null;
    let result: ApplyResult;
    try {
      result = await this.core.writeTx(async (db) => {
        // Lock the row first (PostgreSQL: a row lock, so two writers of one briefing queue up;
        // SQLite: the transaction already holds the write lock).
        const row = await db.updateTable("briefings").set((eb) => ({ commands: eb.ref("commands") })).where("id", "=", id)
          .returning("commands").executeTakeFirst();
        if (!row) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no briefing ${id}`, { id });
        const commands = Number(row.commands);
        const full = await this.load(db, id, commands);
        // `apply` copies `log` and `processed` into the state it returns: give it neither (only this
        // command's record, for a retry), so a command costs the size of the state, not of the call.
        const seen = Object.hasOwn(full.processed, cmd.commandId) ? full.processed[cmd.commandId] : undefined;
        const slim: BriefingState = { ...full, log: [], processed: seen ? { [cmd.commandId]: seen } : {} };
        const r = applyCommand(slim, command, now);
        if (!r.ok) return r;
        if (r.retried) return { ...r, state: full };
        const c = cmd;
        const seq = commands + 1;
        await db.insertInto("briefing_log").values({ briefing_id: id, seq, command_id: c.commandId, command: JSON.stringify(c), now }).execute();
        if (r.effects.length > 0) {
          await db.insertInto("briefing_events")
            .values(r.effects.map((e) => ({ briefing_id: id, seq: e.seq, command_seq: seq, event: JSON.stringify(e) }))).execute();
        }
        // A new snapshot every SNAPSHOT_EVERY commands and at each phase change (so the phase
        // column and the snapshot agree at the moments that matter: open, last question, close).
        const snapRow = r.state.phase !== full.phase || seq % SNAPSHOT_EVERY === 0
          ? { state: snapshotJson(r.state), state_commands: seq }
          : {};
        await db.updateTable("briefings").set({
          phase: r.state.phase, seq: r.state.seq, commands: seq, updated_at: this.core.clock.now(), ...snapRow,
        }).where("id", "=", id).execute();
        saved = { commands: seq, full, next: r.state, commandId: c.commandId };
        return r;
      });
    } catch (e) {
      dbError(e, "could not apply the briefing command");
    }
    const s = saved as { commands: number; full: BriefingState; next: BriefingState; commandId: string } | null;
    if (!s || !result.ok) return result;
    // Committed: the full state is the new snapshot with the events appended (a new array) and
    // this command added to the record of applied commands (one object per briefing, grown in place).
    const processed = s.full.processed;
    processed[s.commandId] = s.next.processed[s.commandId]!;
    const state: BriefingState = { ...s.next, log: s.full.log.concat(result.effects), processed };
    this.remember(id, s.commands, state);
    return { ...result, state };
  }

  async eventsAfter(id: string, afterSeq: number, limit?: number): Promise<BriefingEvent[]> {
    if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "afterSeq must be an integer ≥ 0");
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "limit must be an integer ≥ 1");
    try {
      let q = this.core.db.selectFrom("briefing_events").select("event").where("briefing_id", "=", id).where("seq", ">", afterSeq).orderBy("seq");
      if (limit !== undefined) q = q.limit(limit);
      return (await q.execute()).map((r) => JSON.parse(r.event) as BriefingEvent);
    } catch (e) {
      dbError(e, "could not read briefing events");
    }
  }

  async log(id: string): Promise<LogEntry[]> {
    try {
      const rows = await this.core.db.selectFrom("briefing_log").select(["command", "now"]).where("briefing_id", "=", id).orderBy("seq").execute();
      return rows.map((r) => ({ command: JSON.parse(r.command) as Command, now: Number(r.now) }));
    } catch (e) {
      dbError(e, "could not read the briefing log");
    }
  }

  async checkAccessCode(id: string, code: string): Promise<boolean> {
    const c = normalizeCode(code);
    if (c === null) return false;
    try {
      const r = await this.core.db.selectFrom("briefings").select("access_hash").where("id", "=", id).executeTakeFirst();
      if (!r) return false;
      const [alg, salt, hex] = r.access_hash.split("$");
      if (alg !== "sha256" || !salt || !hex) return false;
      const want = Buffer.from(hex, "hex");
      const got = hashCode(salt, c);
      return want.length === got.length && timingSafeEqual(want, got);
    } catch (e) {
      dbError(e, "could not check the access code");
    }
  }

  async saveParticipantToken(id: string, participant: string, tokenHash: string): Promise<void> {
    if (typeof tokenHash !== "string" || !/^[0-9a-f]{64}$/.test(tokenHash)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "tokenHash must be a SHA-256 in lower-case hex");
    if (typeof participant !== "string" || participant.length === 0 || participant.length > 200) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "participant must be 1 to 200 characters");
    try {
      await this.core.writeTx(async (db) => {
        if (!(await db.selectFrom("briefings").select("id").where("id", "=", id).executeTakeFirst())) {
          throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no briefing ${id}`, { id });
        }
        const taken = await db.selectFrom("briefing_tokens").select(["briefing_id", "participant_id"]).where("token_hash", "=", tokenHash).executeTakeFirst();
        if (taken && (taken.briefing_id !== id || taken.participant_id !== participant)) throw new PressroomError("PRESSROOM_E_CONFLICT", "this token belongs to another participant");
        const now = this.core.clock.now();
        await db.insertInto("briefing_tokens").values({ briefing_id: id, participant_id: participant, token_hash: tokenHash, created_at: now })
          .onConflict((oc) => oc.columns(["briefing_id", "participant_id"]).doUpdateSet({ token_hash: tokenHash, created_at: now })).execute();
      });
    } catch (e) {
      dbError(e, "could not save the participant token");
    }
  }

  async participantForTokenHash(id: string, tokenHash: string): Promise<string | null> {
    if (typeof tokenHash !== "string" || !/^[0-9a-f]{64}$/.test(tokenHash)) return null;
    try {
      const r = await this.core.db.selectFrom("briefing_tokens").select("participant_id").where("briefing_id", "=", id).where("token_hash", "=", tokenHash).executeTakeFirst();
      return r ? r.participant_id : null;
    } catch (e) {
      dbError(e, "could not read the participant token");
    }
  }

  async setItem(id: string, itemId: string): Promise<void> {
    if (typeof itemId !== "string" || itemId === "") throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "itemId must not be empty");
    try {
      await this.core.writeTx(async (db) => {
        const r = await db.updateTable("briefings").set({ item_id: itemId, updated_at: this.core.clock.now() }).where("id", "=", id).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no briefing ${id}`, { id });
      });
    } catch (e) {
      dbError(e, "could not record the briefing's item");
    }
  }
}

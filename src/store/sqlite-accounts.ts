/**
 * Implementation of {@link AccountStore} for both dialects (portable Kysely). One
 * PostgreSQL-only step: sign-in claims take a transaction-scoped advisory lock per key, since
 * READ COMMITTED would let concurrent claims overshoot a limit that SQLite's single write
 * lock keeps.
 */
import { sql, type Kysely } from "kysely";
import { isRole, type Role, type UserViewer } from "../core/access.js";
import { PressroomError, isPressroomError } from "../core/errors.js";
import { checkPasswordPolicy, dummyPasswordHash, hashPassword, verifyPasswordHash } from "../accounts/password.js";
import { checkRole, checkUserName, nameKey } from "../accounts/names.js";
import { looksLikeApiToken, looksLikeSessionToken, newApiToken, newSessionToken, secretHash } from "../accounts/secrets.js";
import {
  SESSION_TTL_MS,
  type AccountStore,
  type AuditEntry,
  type AuditInput,
  type AuditLog,
  type AuditPage,
  type AuditQuery,
  type NewUser,
  type SessionGrant,
  type TokenInfo,
  type User,
} from "./accounts.js";
import type { Database } from "./migrations.js";
import type { SqliteCore } from "./sqlite-core.js";

type Db = Kysely<Database>;

/** A session's expiry is written back at most this often (sliding expiry without a write per request). */
const SESSION_TOUCH_MS = 60_000;
/** A token's last use is written back at most this often. */
const TOKEN_TOUCH_MS = 60_000;
/** Failed sign-ins older than this are deleted when new ones are recorded. */
const FAILURE_KEEP_MS = 24 * 3_600_000;
/** Longest token label, in characters. */
const MAX_LABEL = 200;

function dbError(e: unknown, what: string): never {
  if (isPressroomError(e)) throw e;
  const msg = e instanceof Error ? e.message : String(e);
  throw new PressroomError("PRESSROOM_E_DATABASE", `${what}: ${msg}`);
}

function checkActor(actor: unknown, what = "actor"): asserts actor is string {
  if (typeof actor !== "string" || actor.trim() === "" || actor.length > 200) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `an audit ${what} is 1-200 characters`);
}

/**
 * Append one audit entry using `db` (a transaction of the caller, so the entry commits or
 * rolls back with the change it records). `now` is epoch ms (UTC). Throws
 * `PRESSROOM_E_BAD_REQUEST` for an empty actor or action.
 */
export async function insertAudit(db: Db, entry: AuditInput, now: number): Promise<AuditEntry> {
  checkActor(entry.actor);
  checkActor(entry.action, "action");
  const detail = entry.detail ?? {};
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "audit detail must be a JSON object");
  const itemId = entry.itemId ?? null;
  const r = await db.insertInto("audit_log")
    .values({ at: now, actor: entry.actor, action: entry.action, item_id: itemId, detail: JSON.stringify(detail) })
    .returning("id").executeTakeFirstOrThrow();
  return { id: Number(r.id), at: now, actor: entry.actor, action: entry.action, itemId, detail };
}

function rowToUser(r: { id: number; name: string; role: string; password_hash: string | null; created_at: number }): User {
  return { id: Number(r.id), name: r.name, role: isRole(r.role) ? r.role : "reader", hasPassword: r.password_hash !== null, createdAt: Number(r.created_at) };
}

class SqliteAuditLog implements AuditLog {
  constructor(private readonly core: SqliteCore) {}

  async record(entry: AuditInput): Promise<AuditEntry> {
    checkActor(entry?.actor);
    checkActor(entry?.action, "action");
    try {
      return await this.core.writeTx((db) => insertAudit(db, entry, this.core.clock.now()));
    } catch (e) {
      dbError(e, "could not write the audit log");
    }
  }

  async list(q: AuditQuery = {}): Promise<AuditPage> {
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "limit must be 1-500");
    if (!Number.isInteger(offset) || offset < 0 || offset > 10_000_000) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "offset must be 0 or more");
    try {
      let base = this.core.db.selectFrom("audit_log");
      if (q.itemId !== undefined) base = base.where("item_id", "=", q.itemId);
      if (q.actor !== undefined) base = base.where("actor", "=", q.actor);
      if (q.action !== undefined) base = base.where("action", "=", q.action);
      const [rows, count] = await Promise.all([
        base.selectAll().orderBy("at", "desc").orderBy("id", "desc").limit(limit).offset(offset).execute(),
        base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
      ]);
      return {
        total: Number(count.n),
        entries: rows.map((r) => {
          let detail: Record<string, unknown> = {};
          try { detail = JSON.parse(r.detail) as Record<string, unknown>; } catch { /* kept as {} */ }
          return { id: Number(r.id), at: Number(r.at), actor: r.actor, action: r.action, itemId: r.item_id, detail };
        }),
      };
    } catch (e) {
      dbError(e, "could not read the audit log");
    }
  }
}

export class SqliteAccountStore implements AccountStore {
  readonly audit: AuditLog;

  constructor(private readonly core: SqliteCore) {
    this.audit = new SqliteAuditLog(core);
  }

  private now(): number {
    return this.core.clock.now();
  }

  private async activeUser(db: Db, name: string) {
    return db.selectFrom("users").select(["id", "name", "role", "password_hash", "created_at"])
      .where("name_key", "=", nameKey(name)).where("removed_at", "is", null).executeTakeFirst();
  }

  async createUser(u: NewUser, by?: string): Promise<User> {
    checkUserName(u?.name);
    checkRole(u.role);
    if (u.password !== null) checkPasswordPolicy(u.password);
    const hash = u.password === null ? null : await hashPassword(u.password);
    try {
      return await this.core.writeTx(async (db) => {
        if (await this.activeUser(db, u.name)) throw new PressroomError("PRESSROOM_E_CONFLICT", `a user named ${u.name} already exists`, { name: u.name });
        const now = this.now();
        const r = await db.insertInto("users")
          .values({ name: u.name, name_key: nameKey(u.name), role: u.role, password_hash: hash, created_at: now, removed_at: null })
          .returning("id").executeTakeFirstOrThrow();
        if (by !== undefined) await insertAudit(db, { actor: by, action: "user.add", detail: { name: u.name, role: u.role, password: hash !== null } }, now);
        return { id: Number(r.id), name: u.name, role: u.role, hasPassword: hash !== null, createdAt: now };
      });
    } catch (e) {
      dbError(e, "could not add the user");
    }
  }

  async listUsers(): Promise<User[]> {
    try {
      const rows = await this.core.db.selectFrom("users").select(["id", "name", "role", "password_hash", "created_at"])
        .where("removed_at", "is", null).orderBy("name_key").execute();
      return rows.map(rowToUser);
    } catch (e) {
      dbError(e, "could not list users");
    }
  }

  async getUser(name: string): Promise<User | null> {
    if (typeof name !== "string" || name.length > 64) return null;
    try {
      const r = await this.activeUser(this.core.db, name);
      return r ? rowToUser(r) : null;
    } catch (e) {
      dbError(e, "could not read the user");
    }
  }

  async removeUser(name: string, by?: string): Promise<void> {
    checkUserName(name);
    try {
      await this.core.writeTx(async (db) => {
        const u = await this.activeUser(db, name);
        if (!u) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no user named ${name}`, { name });
        const now = this.now();
        await db.updateTable("users").set({ removed_at: now }).where("id", "=", u.id).execute();
        await db.deleteFrom("sessions").where("user_id", "=", u.id).execute();
        const revoked = await db.updateTable("api_tokens").set({ revoked_at: now }).where("user_id", "=", u.id).where("revoked_at", "is", null).executeTakeFirst();
        if (by !== undefined) await insertAudit(db, { actor: by, action: "user.remove", detail: { name: u.name, tokensRevoked: Number(revoked.numUpdatedRows) } }, now);
      });
    } catch (e) {
      dbError(e, "could not remove the user");
    }
  }

  async setRole(name: string, role: Role, by?: string): Promise<User> {
    checkUserName(name);
    checkRole(role);
    try {
      return await this.core.writeTx(async (db) => {
        const u = await this.activeUser(db, name);
        if (!u) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no user named ${name}`, { name });
        await db.updateTable("users").set({ role }).where("id", "=", u.id).execute();
        if (by !== undefined) await insertAudit(db, { actor: by, action: "user.role", detail: { name: u.name, from: u.role, to: role } }, this.now());
        return rowToUser({ ...u, role });
      });
    } catch (e) {
      dbError(e, "could not change the role");
    }
  }

  async verifyPassword(name: string, password: string): Promise<User | null> {
    if (typeof password !== "string" || password.length === 0 || password.length > 4096) {
      await verifyPasswordHash("x", await dummyPasswordHash());
      return null;
    }
    let row: Awaited<ReturnType<SqliteAccountStore["activeUser"]>>;
    try {
      row = typeof name === "string" && name.length <= 64 ? await this.activeUser(this.core.db, name) : undefined;
    } catch (e) {
      dbError(e, "could not read the user");
    }
    const stored = row?.password_hash ?? null;
    // Same work whether or not the user exists or has a password: no enumeration by timing.
    const ok = await verifyPasswordHash(password, stored ?? (await dummyPasswordHash()));
    return ok && row && stored !== null ? rowToUser(row) : null;
  }

  async createSession(userId: number): Promise<SessionGrant> {
    const token = newSessionToken();
    const now = this.now();
    const expiresAt = now + SESSION_TTL_MS;
    try {
      await this.core.writeTx(async (db) => {
        const u = await db.selectFrom("users").select("id").where("id", "=", userId).where("removed_at", "is", null).executeTakeFirst();
        if (!u) throw new PressroomError("PRESSROOM_E_NOT_FOUND", "no such user");
        // Sessions that lapsed are swept here, so the table does not grow without bound.
        await db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
        await db.insertInto("sessions").values({ id: secretHash(token), user_id: userId, created_at: now, expires_at: expiresAt, last_seen_at: now }).execute();
      });
    } catch (e) {
      dbError(e, "could not start the session");
    }
    return { token, expiresAt };
  }

  async sessionViewer(token: string): Promise<UserViewer | null> {
    if (typeof token !== "string" || !looksLikeSessionToken(token)) return null;
    const id = secretHash(token);
    const now = this.now();
    try {
      const r = await this.core.db.selectFrom("sessions").innerJoin("users", "users.id", "sessions.user_id")
        .select(["users.id as userId", "users.name", "users.role", "sessions.expires_at", "sessions.last_seen_at"])
        .where("sessions.id", "=", id).where("users.removed_at", "is", null).executeTakeFirst();
      if (!r || Number(r.expires_at) <= now || !isRole(r.role)) return null;
      if (now - Number(r.last_seen_at) >= SESSION_TOUCH_MS) {
        // One statement, outside writeTx: a session touch is not a content change for page caches.
        await this.core.db.updateTable("sessions").set({ last_seen_at: now, expires_at: now + SESSION_TTL_MS }).where("id", "=", id).execute();
      }
      return { kind: "user", userId: Number(r.userId), name: r.name, role: r.role, via: "session", credentialId: id };
    } catch (e) {
      dbError(e, "could not read the session");
    }
  }

  async deleteSession(token: string): Promise<void> {
    if (typeof token !== "string" || !looksLikeSessionToken(token)) return;
    try {
      await this.core.db.deleteFrom("sessions").where("id", "=", secretHash(token)).execute();
    } catch (e) {
      dbError(e, "could not end the session");
    }
  }

  async createToken(userName: string, label?: string | null, by?: string): Promise<{ id: number; token: string }> {
    checkUserName(userName);
    const lab = label == null ? null : String(label).trim();
    if (lab !== null && ([...lab].length > MAX_LABEL || /[\u0000-\u001f\u007f]/.test(lab))) {
      throw new PressroomError("PRESSROOM_E_BAD_REQUEST", `a token label is at most ${MAX_LABEL} characters on one line`);
    }
    const token = newApiToken();
    try {
      return await this.core.writeTx(async (db) => {
        const u = await this.activeUser(db, userName);
        if (!u) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no user named ${userName}`, { name: userName });
        const now = this.now();
        const r = await db.insertInto("api_tokens")
          .values({ user_id: u.id, token_hash: secretHash(token), label: lab || null, created_at: now, last_used_at: null, revoked_at: null })
          .returning("id").executeTakeFirstOrThrow();
        if (by !== undefined) await insertAudit(db, { actor: by, action: "token.create", detail: { id: Number(r.id), user: u.name, label: lab || null } }, now);
        return { id: Number(r.id), token };
      });
    } catch (e) {
      dbError(e, "could not create the token");
    }
  }

  private tokenQuery(db: Db) {
    return db.selectFrom("api_tokens").innerJoin("users", "users.id", "api_tokens.user_id")
      .select(["api_tokens.id", "users.name as user", "api_tokens.label", "api_tokens.created_at", "api_tokens.last_used_at", "api_tokens.revoked_at"]);
  }

  private static toInfo(r: { id: number; user: string; label: string | null; created_at: number; last_used_at: number | null; revoked_at: number | null }): TokenInfo {
    return {
      id: Number(r.id),
      user: r.user,
      label: r.label,
      createdAt: Number(r.created_at),
      lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
      revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    };
  }

  async listTokens(userName?: string): Promise<TokenInfo[]> {
    try {
      let q = this.tokenQuery(this.core.db);
      if (userName !== undefined) q = q.where("users.name_key", "=", nameKey(String(userName))).where("users.removed_at", "is", null);
      const rows = await q.orderBy("api_tokens.created_at", "desc").orderBy("api_tokens.id", "desc").execute();
      return rows.map((r) => SqliteAccountStore.toInfo(r));
    } catch (e) {
      dbError(e, "could not list tokens");
    }
  }

  async revokeToken(id: number, by?: string): Promise<TokenInfo> {
    if (!Number.isSafeInteger(id) || id < 1) throw new PressroomError("PRESSROOM_E_BAD_REQUEST", "a token id is a positive whole number");
    try {
      return await this.core.writeTx(async (db) => {
        const r = await this.tokenQuery(db).where("api_tokens.id", "=", id).executeTakeFirst();
        if (!r) throw new PressroomError("PRESSROOM_E_NOT_FOUND", `no token with id ${id}`, { id });
        if (r.revoked_at !== null) return SqliteAccountStore.toInfo(r);
        const now = this.now();
        await db.updateTable("api_tokens").set({ revoked_at: now }).where("id", "=", id).execute();
        if (by !== undefined) await insertAudit(db, { actor: by, action: "token.revoke", detail: { id, user: r.user, label: r.label } }, now);
        return SqliteAccountStore.toInfo({ ...r, revoked_at: now });
      });
    } catch (e) {
      dbError(e, "could not revoke the token");
    }
  }

  async tokenViewer(token: string): Promise<UserViewer | null> {
    if (typeof token !== "string" || !looksLikeApiToken(token)) return null;
    const now = this.now();
    try {
      const r = await this.core.db.selectFrom("api_tokens").innerJoin("users", "users.id", "api_tokens.user_id")
        .select(["api_tokens.id", "api_tokens.last_used_at", "users.id as userId", "users.name", "users.role"])
        .where("api_tokens.token_hash", "=", secretHash(token))
        .where("api_tokens.revoked_at", "is", null)
        .where("users.removed_at", "is", null)
        .executeTakeFirst();
      if (!r || !isRole(r.role)) return null;
      if (r.last_used_at === null || now - Number(r.last_used_at) >= TOKEN_TOUCH_MS) {
        await this.core.db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", r.id).execute();
      }
      return { kind: "user", userId: Number(r.userId), name: r.name, role: r.role, via: "token", credentialId: String(r.id) };
    } catch (e) {
      dbError(e, "could not read the token");
    }
  }

  async claimLoginAttempt(checks: { key: string; max: number }[], windowMs: number): Promise<{ allowed: true; ids: number[] } | { allowed: false; retryAfterMs: number }> {
    const now = this.now();
    try {
      return await this.core.writeTx(async (db) => {
        if (this.core.dialect === "postgres") {
          // Claims for one key wait for each other (locks in key order: no deadlock between claims).
          for (const key of [...new Set(checks.map((c) => c.key.slice(0, 200)))].sort()) {
            await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`pressroom.login:${key}`}, 0))`.execute(db);
          }
        }
        await db.deleteFrom("login_failures").where("at", "<", now - FAILURE_KEEP_MS).execute();
        let wait = 0;
        for (const c of checks) {
          const rows = await db.selectFrom("login_failures").select("at").where("key", "=", c.key.slice(0, 200)).where("at", ">", now - windowMs)
            .orderBy("at", "desc").limit(Math.max(1, c.max)).execute();
          // With max or more attempts in the window, sign-in opens again when the max-th newest leaves it.
          if (rows.length >= c.max) wait = Math.max(wait, Number(rows[rows.length - 1]!.at) + windowMs - now);
        }
        if (wait > 0 || checks.some((c) => c.max < 1)) return { allowed: false as const, retryAfterMs: Math.max(1, wait) };
        const ids: number[] = [];
        for (const c of checks) {
          const r = await db.insertInto("login_failures").values({ key: c.key.slice(0, 200), at: now }).returning("id").executeTakeFirstOrThrow();
          ids.push(Number(r.id));
        }
        return { allowed: true as const, ids };
      });
    } catch (e) {
      dbError(e, "could not check sign-in attempts");
    }
  }

  async releaseLoginAttempt(ids: number[], clearKeys: string[] = []): Promise<void> {
    try {
      await this.core.writeTx(async (db) => {
        if (ids.length > 0) await db.deleteFrom("login_failures").where("id", "in", ids).execute();
        for (const k of clearKeys) await db.deleteFrom("login_failures").where("key", "=", k.slice(0, 200)).execute();
      });
    } catch (e) {
      dbError(e, "could not clear sign-in attempts");
    }
  }

  async loginFailures(key: string, since: number): Promise<{ count: number; oldest: number | null }> {
    try {
      const r = await this.core.db.selectFrom("login_failures")
        .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("at").as("oldest")])
        .where("key", "=", key.slice(0, 200)).where("at", ">", since).executeTakeFirstOrThrow();
      return { count: Number(r.n), oldest: r.oldest === null ? null : Number(r.oldest) };
    } catch (e) {
      dbError(e, "could not read failed sign-ins");
    }
  }
}

/**
 * Users, sessions, API tokens, login throttling and the audit log (issue 4). Owner:
 * accounts work. Interface and table shapes; the SQLite implementation is
 * `sqlite-accounts.ts`. Times are epoch milliseconds (UTC).
 */
import { sql, type Generated, type Kysely, type Migration } from "kysely";
import type { Role, UserViewer } from "../core/access.js";
import type { DialectName } from "./migrations.js";

/** Row shapes of this module's tables, merged into the store's `Database` type. */
export interface AccountsTables {
  users: {
    id: Generated<number>;
    /** Login name as given (1-64 of `A-Za-z0-9._@-`). */
    name: string;
    /** Lower-cased name: names are unique case-insensitively among users not removed. */
    name_key: string;
    role: string;
    /** `scrypt$N$r$p$salt$hash`, or null: the user cannot sign in on the web (tokens only). */
    password_hash: string | null;
    created_at: number;
    /** When the user was removed (kept for the record), or null. */
    removed_at: number | null;
  };
  sessions: {
    /** SHA-256 (hex) of the session token; the token itself is never stored. */
    id: string;
    user_id: number;
    created_at: number;
    /** Sliding: moved forward as the session is used. */
    expires_at: number;
    last_seen_at: number;
  };
  api_tokens: {
    id: Generated<number>;
    user_id: number;
    /** SHA-256 (hex) of the token; the token itself is shown once and never stored. */
    token_hash: string;
    label: string | null;
    created_at: number;
    last_used_at: number | null;
    revoked_at: number | null;
  };
  audit_log: {
    id: Generated<number>;
    at: number;
    actor: string;
    action: string;
    item_id: string | null;
    /** JSON object. */
    detail: string;
  };
  /** Failed sign-ins, for throttling: `key` is `ip:ADDRESS` or `name:NAME_KEY`. */
  login_failures: {
    id: Generated<number>;
    key: string;
    at: number;
  };
}

/** A user as the store returns it (never the password hash). */
export interface User {
  id: number;
  name: string;
  role: Role;
  /** False for token-only users (no web sign-in). */
  hasPassword: boolean;
  createdAt: number;
}

/** Input of {@link AccountStore.createUser}. */
export interface NewUser {
  /** 1-64 characters of `A-Za-z0-9._@-`; unique case-insensitively. */
  name: string;
  role: Role;
  /** At least 12 characters, or null for a token-only user. */
  password: string | null;
}

/** A new web session: the cookie value (shown once) and when it lapses unless used. */
export interface SessionGrant {
  token: string;
  expiresAt: number;
}

/** An API token as listed: never the secret. */
export interface TokenInfo {
  id: number;
  /** Name of the user the token acts for. */
  user: string;
  label: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  /** When it was revoked (by hand, or because its user was removed), or null. */
  revokedAt: number | null;
}

/** One audit entry. */
export interface AuditEntry {
  id: number;
  /** When (epoch ms, UTC). */
  at: number;
  /** Who: a user name, or `cli` / `system`. */
  actor: string;
  /** What, as `area.verb`: `user.add`, `token.create`, `login.ok`, `login.fail`, `item.view_embargoed`, `item.create`, ... */
  action: string;
  /** The item concerned, or null. */
  itemId: string | null;
  /** Further facts (JSON object); never secrets. */
  detail: Record<string, unknown>;
}

/** What {@link AuditLog.record} takes. */
export interface AuditInput {
  actor: string;
  action: string;
  itemId?: string | null;
  detail?: Record<string, unknown>;
}

/** Filters of {@link AuditLog.list}; all combine with AND. */
export interface AuditQuery {
  /** 1..500, default 50. */
  limit?: number;
  /** 0-based, default 0. */
  offset?: number;
  itemId?: string;
  actor?: string;
  action?: string;
}

/** A page of the audit log, newest first, with the number of matching entries. */
export interface AuditPage {
  entries: AuditEntry[];
  total: number;
}

/** The audit log: append-only record of every change and of every access to an embargoed item. */
export interface AuditLog {
  /** Append one entry at the store clock's now. Throws `PRESSROOM_E_BAD_REQUEST` for an empty actor/action. */
  record(entry: AuditInput): Promise<AuditEntry>;
  /** Entries newest first. Throws `PRESSROOM_E_BAD_REQUEST` for a bad limit/offset. */
  list(q?: AuditQuery): Promise<AuditPage>;
}

/**
 * Users, sessions, API tokens and the audit log. Methods that take `by` (the actor: a
 * user name or `cli`) write their audit entry in the same transaction as the change.
 * Errors: `PRESSROOM_E_BAD_REQUEST` (bad name, role, password, id), `PRESSROOM_E_CONFLICT`
 * (duplicate name), `PRESSROOM_E_NOT_FOUND` (no such user/token), `PRESSROOM_E_DATABASE`.
 */
export interface AccountStore {
  readonly audit: AuditLog;
  /** Create a user (audited as `user.add` when `by` is given). Hashes the password with scrypt. */
  createUser(u: NewUser, by?: string): Promise<User>;
  /** Users not removed, by name. */
  listUsers(): Promise<User[]>;
  /** A user by name (case-insensitive), or null. */
  getUser(name: string): Promise<User | null>;
  /** Remove a user: ends their sessions, revokes their tokens (audited as `user.remove`). */
  removeUser(name: string, by?: string): Promise<void>;
  /** Change a user's role (audited as `user.role`). */
  setRole(name: string, role: Role, by?: string): Promise<User>;
  /**
   * The user when `password` is theirs, else null (unknown name, token-only user, wrong
   * password). Takes the same time in every case: a dummy hash is verified when there is no
   * user. Writes nothing (the caller audits).
   */
  verifyPassword(name: string, password: string): Promise<User | null>;
  /** Start a web session for a user id: a new random token (only its SHA-256 is stored), valid 12 h, sliding. */
  createSession(userId: number): Promise<SessionGrant>;
  /** The viewer of a session token, or null (unknown, expired, user removed). Extends the session's expiry. */
  sessionViewer(token: string): Promise<UserViewer | null>;
  /** End a session (no error when it does not exist). */
  deleteSession(token: string): Promise<void>;
  /** Create an API token for a user (audited as `token.create`): the secret is returned here only. */
  createToken(userName: string, label?: string | null, by?: string): Promise<{ id: number; token: string }>;
  /** Tokens (of one user, or all), newest first; never the secret. */
  listTokens(userName?: string): Promise<TokenInfo[]>;
  /** Revoke a token (audited as `token.revoke`). `PRESSROOM_E_NOT_FOUND` when no such token. Revoking twice is fine. */
  revokeToken(id: number, by?: string): Promise<TokenInfo>;
  /** The viewer of an API token, or null (unknown, revoked, user removed). Notes its last use (at most once a minute). */
  tokenViewer(token: string): Promise<UserViewer | null>;
  /**
   * Sign-in throttling, atomically (one write transaction, so concurrent attempts cannot
   * all slip under the limit): when every `checks[i].key` has fewer than `checks[i].max`
   * attempts recorded within the last `windowMs`, record one attempt under each key and
   * return their ids; else record nothing and return how long until the oldest counted
   * attempt leaves the window (ms, at least 1). A recorded attempt counts as a failure
   * until {@link releaseLoginAttempt} removes it. Attempts older than a day are swept.
   */
  claimLoginAttempt(checks: { key: string; max: number }[], windowMs: number): Promise<{ allowed: true; ids: number[] } | { allowed: false; retryAfterMs: number }>;
  /** After a successful sign-in: remove the attempts `ids`, and every attempt under `clearKeys` (the user's name). */
  releaseLoginAttempt(ids: number[], clearKeys?: string[]): Promise<void>;
  /** Attempts counted under `key` since `since` (epoch ms): their count and the oldest time. */
  loginFailures(key: string, since: number): Promise<{ count: number; oldest: number | null }>;
}

/** Session lifetime: 12 h after the last use (sliding). */
export const SESSION_TTL_MS = 12 * 3_600_000;

function intPk(dialect: DialectName) {
  return dialect === "postgres" ? ("bigserial" as const) : ("integer" as const);
}

/**
 * This module's migrations, named `0005_...` (later ones `0005b_...`, etc.), merged into
 * the one list in `migrations.ts`. Append-only once shipped.
 */
export function accountsMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    "0005_accounts": {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("users")
          .addColumn("id", intPk(dialect), (c) => c.primaryKey())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("name_key", "text", (c) => c.notNull())
          .addColumn("role", "text", (c) => c.notNull())
          .addColumn("password_hash", "text")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("removed_at", "bigint")
          .execute();
        // A removed user's name can be given to a new user; two active users cannot share one.
        await db.schema.createIndex("users_active_name").on("users").column("name_key").unique().where(sql.ref("removed_at"), "is", null).execute();

        await db.schema
          .createTable("sessions")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id"))
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("expires_at", "bigint", (c) => c.notNull())
          .addColumn("last_seen_at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();
        await db.schema.createIndex("sessions_expires").on("sessions").column("expires_at").execute();

        await db.schema
          .createTable("api_tokens")
          .addColumn("id", intPk(dialect), (c) => c.primaryKey())
          .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id"))
          .addColumn("token_hash", "text", (c) => c.notNull().unique())
          .addColumn("label", "text")
          .addColumn("created_at", "bigint", (c) => c.notNull())
          .addColumn("last_used_at", "bigint")
          .addColumn("revoked_at", "bigint")
          .execute();
        await db.schema.createIndex("api_tokens_user").on("api_tokens").column("user_id").execute();

        await db.schema
          .createTable("audit_log")
          .addColumn("id", intPk(dialect), (c) => c.primaryKey())
          .addColumn("at", "bigint", (c) => c.notNull())
          .addColumn("actor", "text", (c) => c.notNull())
          .addColumn("action", "text", (c) => c.notNull())
          .addColumn("item_id", "text")
          .addColumn("detail", "text", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("audit_log_at").on("audit_log").columns(["at desc", "id desc"]).execute();
        await db.schema.createIndex("audit_log_item").on("audit_log").columns(["item_id", "at desc"]).execute();
        await db.schema.createIndex("audit_log_actor").on("audit_log").columns(["actor", "at desc"]).execute();
        await db.schema.createIndex("audit_log_action").on("audit_log").columns(["action", "at desc"]).execute();

        await db.schema
          .createTable("login_failures")
          .addColumn("id", intPk(dialect), (c) => c.primaryKey())
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("at", "bigint", (c) => c.notNull())
          .execute();
        await db.schema.createIndex("login_failures_key").on("login_failures").columns(["key", "at"]).execute();
      },
    },
  };
}

/** The account store on a real database (SQLite or PostgreSQL, test/db.ts): users, passwords, sessions, tokens, audit log. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedClock } from "../../src/core/clock.js";
import { isPressroomError } from "../../src/core/errors.js";
import { insertAudit } from "../../src/store/sqlite-accounts.js";
import { SESSION_TTL_MS } from "../../src/store/accounts.js";
import { parsePasswordHash, verifyPasswordHash } from "../../src/accounts/password.js";
import { secretHash } from "../../src/accounts/secrets.js";
import { openTestStore, rawQuery } from "../db.js";

const T0 = Date.parse("2026-05-05T14:00:00Z");
const PW = "lanternfish-keeper-42";

async function open() {
  const clock = fixedClock(T0);
  const store = await openTestStore({ clock });
  return { store, clock, close: () => store.close() };
}

function rejectsWith(code: string) {
  return (e: unknown) => isPressroomError(e) && e.code === code;
}

test("createUser stores an scrypt hash in the documented format, never the password", async () => {
  const w = await open();
  try {
    const u = await w.store.accounts.createUser({ name: "mara.quinn", role: "editor", password: PW }, "cli");
    assert.equal(u.name, "mara.quinn");
    assert.equal(u.role, "editor");
    assert.equal(u.hasPassword, true);
    const [row] = await rawQuery<{ password_hash: string }>(w.store, "SELECT password_hash FROM users WHERE name = ?", ["mara.quinn"]);
    assert.ok(row);
    assert.match(row.password_hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    assert.ok(!row.password_hash.includes(PW));
    const parts = parsePasswordHash(row.password_hash)!;
    assert.equal(parts.salt.length, 16);
    assert.equal(parts.key.length, 32);
    assert.equal(await verifyPasswordHash(PW, row.password_hash), true);
    const audit = await w.store.accounts.audit.list({ action: "user.add" });
    assert.equal(audit.total, 1);
    assert.deepEqual(audit.entries[0]!.detail, { name: "mara.quinn", role: "editor", password: true });
    assert.equal(audit.entries[0]!.actor, "cli");
  } finally {
    await w.close();
  }
});

test("verifyPassword: right password → user; wrong, unknown or token-only → null", async () => {
  const w = await open();
  try {
    await w.store.accounts.createUser({ name: "dana", role: "reader", password: PW });
    await w.store.accounts.createUser({ name: "robot", role: "reader", password: null });
    assert.equal((await w.store.accounts.verifyPassword("dana", PW))?.name, "dana");
    assert.equal((await w.store.accounts.verifyPassword("DANA", PW))?.name, "dana", "names are case-insensitive");
    assert.equal(await w.store.accounts.verifyPassword("dana", PW + "x"), null);
    assert.equal(await w.store.accounts.verifyPassword("nobody", PW), null);
    assert.equal(await w.store.accounts.verifyPassword("robot", PW), null);
    assert.equal(await w.store.accounts.verifyPassword("dana", ""), null);
  } finally {
    await w.close();
  }
});

test("bad input: names, roles, short passwords, duplicates", async () => {
  const w = await open();
  try {
    const a = w.store.accounts;
    await assert.rejects(a.createUser({ name: "", role: "reader", password: null }), rejectsWith("PRESSROOM_E_BAD_REQUEST"));
    await assert.rejects(a.createUser({ name: "has space", role: "reader", password: null }), rejectsWith("PRESSROOM_E_BAD_REQUEST"));
    await assert.rejects(a.createUser({ name: "x".repeat(65), role: "reader", password: null }), rejectsWith("PRESSROOM_E_BAD_REQUEST"));
    await assert.rejects(a.createUser({ name: "ok", role: "owner" as never, password: null }), rejectsWith("PRESSROOM_E_BAD_REQUEST"));
    await assert.rejects(a.createUser({ name: "ok", role: "reader", password: "short" }), rejectsWith("PRESSROOM_E_BAD_REQUEST"));
    await a.createUser({ name: "Ok", role: "reader", password: null });
    await assert.rejects(a.createUser({ name: "ok", role: "admin", password: null }), rejectsWith("PRESSROOM_E_CONFLICT"));
    assert.deepEqual((await a.listUsers()).map((u) => [u.name, u.role]), [["Ok", "reader"]]);
    await assert.rejects(a.removeUser("ghost"), rejectsWith("PRESSROOM_E_NOT_FOUND"));
    await assert.rejects(a.createToken("ghost"), rejectsWith("PRESSROOM_E_NOT_FOUND"));
    await assert.rejects(a.revokeToken(999), rejectsWith("PRESSROOM_E_NOT_FOUND"));
    await assert.rejects(a.revokeToken(-1), rejectsWith("PRESSROOM_E_BAD_REQUEST"));
  } finally {
    await w.close();
  }
});

test("tokens are stored hashed, listed without the secret, and stop working when revoked", async () => {
  const w = await open();
  try {
    const a = w.store.accounts;
    await a.createUser({ name: "feeds-bot", role: "reader", password: null });
    const { id, token } = await a.createToken("feeds-bot", "alerts", "cli");
    assert.match(token, /^prt_[A-Za-z0-9_-]{43}$/);
    const dump = JSON.stringify(await rawQuery(w.store, "SELECT * FROM api_tokens")) + JSON.stringify(await rawQuery(w.store, "SELECT * FROM audit_log"));
    const [row] = await rawQuery<{ token_hash: string }>(w.store, "SELECT token_hash FROM api_tokens WHERE id = ?", [id]);
    assert.ok(row);
    assert.ok(!dump.includes(token) && !dump.includes(token.slice(4)), "the secret is nowhere in the tables");
    assert.equal(row.token_hash, secretHash(token));
    const v = await a.tokenViewer(token);
    assert.deepEqual(v, { kind: "user", userId: v!.userId, name: "feeds-bot", role: "reader", via: "token", credentialId: String(id) });
    const [listed] = await a.listTokens("feeds-bot");
    assert.deepEqual(listed, { id, user: "feeds-bot", label: "alerts", createdAt: T0, lastUsedAt: T0, revokedAt: null });
    assert.ok(!JSON.stringify(await a.listTokens()).includes(token));
    assert.equal(await a.tokenViewer(token.slice(0, -1) + (token.endsWith("A") ? "B" : "A")), null);
    w.clock.set(T0 + 5000);
    assert.equal((await a.revokeToken(id, "cli")).revokedAt, T0 + 5000);
    assert.equal(await a.tokenViewer(token), null);
    assert.deepEqual((await a.audit.list({ actor: "cli" })).entries.map((e) => e.action), ["token.revoke", "token.create"]);
  } finally {
    await w.close();
  }
});

test("sessions: stored as SHA-256, expire after 12 h without use, slide when used", async () => {
  const w = await open();
  try {
    const a = w.store.accounts;
    const u = await a.createUser({ name: "lena", role: "admin", password: PW });
    const s = await a.createSession(u.id);
    assert.equal(s.expiresAt, T0 + SESSION_TTL_MS);
    const ids = await rawQuery<{ id: string }>(w.store, "SELECT id FROM sessions");
    assert.deepEqual(ids.map((r) => r.id), [secretHash(s.token)]);
    assert.equal((await a.sessionViewer(s.token))?.name, "lena");
    w.clock.set(T0 + SESSION_TTL_MS - 1000);
    assert.equal((await a.sessionViewer(s.token))?.via, "session", "still valid, and now extended");
    w.clock.set(T0 + SESSION_TTL_MS + 60_000);
    assert.equal((await a.sessionViewer(s.token))?.role, "admin", "slid forward by the last use");
    w.clock.set(T0 + 3 * SESSION_TTL_MS);
    assert.equal(await a.sessionViewer(s.token), null, "lapsed");
    const s2 = await a.createSession(u.id);
    await a.deleteSession(s2.token);
    assert.equal(await a.sessionViewer(s2.token), null, "signed out");
    assert.equal(await a.sessionViewer("not a token"), null);
  } finally {
    await w.close();
  }
});

test("a removed user's sessions and tokens stop working; the name can be reused", async () => {
  const w = await open();
  try {
    const a = w.store.accounts;
    const u = await a.createUser({ name: "temp", role: "editor", password: PW });
    const s = await a.createSession(u.id);
    const t = await a.createToken("temp");
    assert.ok(await a.sessionViewer(s.token));
    assert.ok(await a.tokenViewer(t.token));
    await a.removeUser("temp", "cli");
    assert.equal(await a.sessionViewer(s.token), null);
    assert.equal(await a.tokenViewer(t.token), null);
    assert.equal(await a.verifyPassword("temp", PW), null);
    assert.equal(await a.getUser("temp"), null);
    assert.notEqual((await a.listTokens())[0]!.revokedAt, null);
    const again = await a.createUser({ name: "temp", role: "reader", password: null });
    assert.notEqual(again.id, u.id);
    assert.equal(await a.tokenViewer(t.token), null, "old token does not come back with the name");
    const removed = (await a.audit.list({ action: "user.remove" })).entries[0]!;
    assert.deepEqual(removed.detail, { name: "temp", tokensRevoked: 1 });
  } finally {
    await w.close();
  }
});

test("audit log: filters, paging, newest first; insertAudit joins the caller's transaction", async () => {
  const w = await open();
  try {
    const log = w.store.accounts.audit;
    for (let i = 0; i < 5; i++) {
      w.clock.set(T0 + i * 1000);
      await log.record({ actor: i % 2 ? "mara" : "system", action: "item.view_embargoed", itemId: `item-${i % 2}`, detail: { n: i } });
    }
    const all = await log.list({ limit: 2 });
    assert.equal(all.total, 5);
    assert.deepEqual(all.entries.map((e) => e.detail.n), [4, 3]);
    assert.deepEqual((await log.list({ limit: 2, offset: 4 })).entries.map((e) => e.detail.n), [0]);
    assert.deepEqual((await log.list({ itemId: "item-1" })).entries.map((e) => [e.actor, e.at]), [["mara", T0 + 3000], ["mara", T0 + 1000]]);
    assert.equal((await log.list({ actor: "system", action: "item.view_embargoed" })).total, 3);
    await assert.rejects(log.list({ limit: 0 }), rejectsWith("PRESSROOM_E_BAD_REQUEST"));
    await assert.rejects(log.record({ actor: "", action: "x" }), rejectsWith("PRESSROOM_E_BAD_REQUEST"));
    // A rolled-back transaction takes its audit entry with it.
    const core = w.store as unknown as { writeTx<T>(fn: (db: never) => Promise<T>): Promise<T> };
    await assert.rejects(core.writeTx(async (db) => {
      await insertAudit(db, { actor: "system", action: "item.create", itemId: "x" }, T0);
      throw new Error("boom");
    }));
    assert.equal((await log.list({ action: "item.create" })).total, 0);
    await core.writeTx((db) => insertAudit(db, { actor: "system", action: "item.create", itemId: "x" }, T0));
    assert.equal((await log.list({ action: "item.create" })).total, 1);
  } finally {
    await w.close();
  }
});

test("sign-in attempts: claimed atomically per key within a window, refused at the limit, released on success", async () => {
  const w = await open();
  try {
    const a = w.store.accounts;
    const checks = (name: string) => [{ key: "ip:10.0.0.1", max: 3 }, { key: `name:${name}`, max: 2 }];
    const first = await a.claimLoginAttempt(checks("dana"), 60_000);
    assert.equal(first.allowed, true);
    w.clock.set(T0 + 1000);
    assert.equal((await a.claimLoginAttempt(checks("dana"), 60_000)).allowed, true);
    // Two attempts for dana in the window: the third is refused until the older one leaves it.
    w.clock.set(T0 + 2000);
    assert.deepEqual(await a.claimLoginAttempt(checks("dana"), 60_000), { allowed: false, retryAfterMs: 58_000 });
    assert.deepEqual(await a.loginFailures("name:dana", 0), { count: 2, oldest: T0 }, "a refused attempt is not counted");
    // Another name from the same address: the address has room for one more.
    const other = await a.claimLoginAttempt(checks("lee"), 60_000);
    assert.equal(other.allowed, true);
    assert.equal((await a.claimLoginAttempt(checks("kim"), 60_000)).allowed, false, "the address is at its limit of 3");
    // A successful sign-in removes its own claim and the name's count.
    if (other.allowed) await a.releaseLoginAttempt(other.ids, ["name:lee"]);
    assert.deepEqual(await a.loginFailures("ip:10.0.0.1", 0), { count: 2, oldest: T0 });
    assert.deepEqual(await a.loginFailures("name:lee", 0), { count: 0, oldest: null });
    // Concurrent claims cannot overshoot the limit.
    const burst = await Promise.all(Array.from({ length: 10 }, () => a.claimLoginAttempt([{ key: "name:burst", max: 5 }], 60_000)));
    assert.equal(burst.filter((r) => r.allowed).length, 5);
    w.clock.set(T0 + 61_000);
    assert.equal((await a.claimLoginAttempt(checks("dana"), 60_000)).allowed, true, "the window has passed");
  } finally {
    await w.close();
  }
});

test("setRole changes what existing sessions and tokens are allowed, and is audited", async () => {
  const w = await open();
  try {
    const a = w.store.accounts;
    const u = await a.createUser({ name: "rio", role: "reader", password: PW });
    const s = await a.createSession(u.id);
    const t = await a.createToken("rio");
    assert.equal((await a.setRole("RIO", "editor", "cli")).role, "editor");
    assert.equal((await a.sessionViewer(s.token))?.role, "editor");
    assert.equal((await a.tokenViewer(t.token))?.role, "editor");
    assert.deepEqual((await a.audit.list({ action: "user.role" })).entries[0]!.detail, { name: "rio", from: "reader", to: "editor" });
    await assert.rejects(a.setRole("rio", "boss" as never), rejectsWith("PRESSROOM_E_BAD_REQUEST"));
    await assert.rejects(a.setRole("ghost", "reader"), rejectsWith("PRESSROOM_E_NOT_FOUND"));
  } finally {
    await w.close();
  }
});

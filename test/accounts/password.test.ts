/** Password hashing (scrypt) and the secrets helpers: pure functions, real crypto. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkPasswordPolicy, hashPassword, parsePasswordHash, verifyPasswordHash } from "../../src/accounts/password.js";
import { csrfMatches, csrfTokenFor, looksLikeApiToken, newApiToken, newSessionToken, secretHash } from "../../src/accounts/secrets.js";

test("hashes carry their parameters: a hash made with other parameters still verifies", async () => {
  const h = await hashPassword("weaker-params-pw", { N: 2 ** 14, r: 8, p: 1 });
  assert.match(h, /^scrypt\$16384\$8\$1\$/);
  assert.equal(await verifyPasswordHash("weaker-params-pw", h), true);
  assert.equal(await verifyPasswordHash("weaker-params-pW", h), false);
});

test("two hashes of one password differ (random salt); NFC and NFD spellings are one password", async () => {
  const a = await hashPassword("café-au-lait-pw");
  const b = await hashPassword("café-au-lait-pw");
  assert.notEqual(a, b);
  assert.equal(await verifyPasswordHash("cafe\u0301-au-lait-pw", a), true);
});

test("malformed or out-of-bounds stored hashes never match (and cost nothing)", async () => {
  const good = await hashPassword("some-password-1");
  const parts = good.split("$");
  for (const bad of [
    "",
    "plain-text-password",
    good.replace("scrypt$", "bcrypt$"),
    ["scrypt", "1048577", ...parts.slice(2)].join("$"),
    ["scrypt", "4194304", ...parts.slice(2)].join("$"),
    ["scrypt", "30000", ...parts.slice(2)].join("$"),
    ["scrypt", parts[1], "64", ...parts.slice(3)].join("$"),
    good + "$extra",
  ]) {
    assert.equal(parsePasswordHash(bad), null, bad);
    assert.equal(await verifyPasswordHash("some-password-1", bad), false, bad);
  }
});

test("password policy: 12 to 1024 characters, counted as characters not bytes", () => {
  assert.throws(() => checkPasswordPolicy("elevenchars"), /at least 12/);
  assert.doesNotThrow(() => checkPasswordPolicy("twelve chars"));
  assert.throws(() => checkPasswordPolicy("🔑".repeat(11)), /at least 12/, "11 characters even though 44 bytes");
  assert.throws(() => checkPasswordPolicy("x".repeat(1025)), /at most 1024/);
  assert.throws(() => checkPasswordPolicy(42), /must be text/);
  assert.throws(() => checkPasswordPolicy(" ".repeat(12)), /4 different characters/, "twelve spaces");
  assert.throws(() => checkPasswordPolicy("ab".repeat(8)), /4 different characters/);
});

test("tokens: recognisable prefix, 32 random bytes, stored as SHA-256; CSRF tokens bound to one session", () => {
  const t = newApiToken();
  assert.equal(t.length, 47);
  assert.ok(looksLikeApiToken(t));
  assert.equal(Buffer.from(t.slice(4), "base64url").length, 32);
  assert.notEqual(newApiToken(), t);
  assert.equal(secretHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const s1 = newSessionToken(), s2 = newSessionToken();
  assert.equal(csrfMatches(s1, csrfTokenFor(s1)), true);
  assert.equal(csrfMatches(s1, csrfTokenFor(s2)), false);
  assert.equal(csrfMatches(s1, ""), false);
  assert.equal(csrfMatches(s1, csrfTokenFor(s1).slice(1)), false);
});

/** `pressroom user` / `pressroom token` on the built CLI, against a real `pressroom serve`. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { tempDir } from "../helpers.js";
import { runCliDb as runCli, startServerDb as startServer } from "../db.js";
import { login } from "../auth-helpers.js";

const PW = "first-admin-passphrase";

test("first admin from the CLI: user add --password-stdin, token create prints only the token, which works on a running server until revoked", async () => {
  const t = tempDir("pressroom-cli-accounts-");
  try {
    const dd = ["--data-dir", t.dir];
    const add = runCli(["user", "add", "chief", "--role", "admin", "--password-stdin", ...dd], { input: `${PW}\n` });
    assert.equal(add.code, 0, add.stderr);
    assert.equal(add.stdout, "added chief (admin)\n");
    const bot = runCli(["user", "add", "wire-bot", "--role", "reader", ...dd]);
    assert.equal(bot.code, 0, bot.stderr);

    const list = runCli(["user", "list", "--json", ...dd]);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(JSON.parse(list.stdout).map((u: { name: string; role: string; password: boolean }) => [u.name, u.role, u.password]), [["chief", "admin", true], ["wire-bot", "reader", false]]);

    const created = runCli(["token", "create", "wire-bot", "--label", "ingest box", ...dd]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /^prt_[A-Za-z0-9_-]{43}\n$/, "the token alone, newline-terminated");
    assert.equal(created.stderr, "");
    const token = created.stdout.trim();

    const tokens = runCli(["token", "list", "--user", "wire-bot", "--json", ...dd]);
    const listed = JSON.parse(tokens.stdout);
    assert.equal(listed.length, 1);
    assert.equal(listed[0].label, "ingest box");
    assert.equal(listed[0].revoked, null);
    assert.ok(!tokens.stdout.includes(token.slice(4)), "token list never shows the secret");

    const srv = await startServer(t.dir);
    try {
      const me = await fetch(`${srv.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(me.status, 200);
      assert.deepEqual(await me.json(), { name: "wire-bot", role: "reader", via: "token", token_id: listed[0].id });
      // The admin signs in on the web with the password given on stdin.
      const s = await login(srv.url, "chief", PW);
      const page = await fetch(`${srv.url}/admin/audit?actor=cli`, { headers: { cookie: s.cookie } });
      assert.equal(page.status, 200);
      assert.equal(page.headers.get("cache-control"), "private, no-store");
      const html = await page.text();
      assert.match(html, /<code>user.add<\/code>/);
      assert.match(html, /<code>token.create<\/code>/);

      const revoke = runCli(["token", "revoke", String(listed[0].id), ...dd]);
      assert.equal(revoke.code, 0, revoke.stderr);
      assert.equal(revoke.stdout, `revoked token ${listed[0].id} of wire-bot\n`);
      const after = await fetch(`${srv.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(after.status, 401);
      assert.equal(((await after.json()) as { error: { code: string } }).error.code, "PRESSROOM_E_UNAUTHORIZED");
    } finally {
      await srv.stop();
    }
  } finally {
    t.cleanup();
  }
});

test("CLI errors: one line with a code; exit 2 for usage, 1 for failures", async () => {
  const t = tempDir("pressroom-cli-accounts-");
  try {
    const dd = ["--data-dir", t.dir];
    const short = runCli(["user", "add", "x", "--role", "reader", "--password-stdin", ...dd], { input: "short\n" });
    assert.equal(short.code, 2);
    assert.equal(short.stderr, "pressroom: a password needs at least 12 characters [PRESSROOM_E_BAD_REQUEST]\n");
    const twoLines = runCli(["user", "add", "x", "--role", "reader", "--password-stdin", ...dd], { input: "line one is long\nline two\n" });
    assert.equal(twoLines.code, 2);
    assert.match(twoLines.stderr, /must be one line/);
    const badRole = runCli(["user", "add", "x", "--role", "owner", ...dd]);
    assert.equal(badRole.code, 2);
    const noRole = runCli(["user", "add", "x", ...dd]);
    assert.equal(noRole.code, 2);
    const badName = runCli(["user", "add", "no spaces", "--role", "reader", ...dd]);
    assert.equal(badName.code, 2);
    assert.match(badName.stderr, /\[PRESSROOM_E_BAD_REQUEST\]\n$/);
    assert.equal(runCli(["user", "add", "dup", "--role", "reader", ...dd]).code, 0);
    const dup = runCli(["user", "add", "DUP", "--role", "editor", ...dd]);
    assert.equal(dup.code, 1);
    assert.equal(dup.stderr, "pressroom: a user named DUP already exists [PRESSROOM_E_CONFLICT]\n");
    const ghost = runCli(["token", "create", "ghost", ...dd]);
    assert.equal(ghost.code, 1);
    assert.equal(ghost.stdout, "");
    assert.match(ghost.stderr, /PRESSROOM_E_NOT_FOUND/);
    assert.equal(runCli(["token", "revoke", "abc", ...dd]).code, 2);
    assert.equal(runCli(["token", "revoke", "42", ...dd]).code, 1);
    assert.equal(runCli(["user", "remove", "ghost", ...dd]).code, 1);
    const rm = runCli(["user", "remove", "dup", ...dd]);
    assert.equal(rm.code, 0, rm.stderr);
    assert.equal(runCli(["user", "list", ...dd]).stdout.includes("dup"), false);
  } finally {
    t.cleanup();
  }
});

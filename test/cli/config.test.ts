import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { loadConfig } from "../../src/config/config.js";
import { isPressroomError } from "../../src/core/errors.js";

test("defaults apply when neither flags nor environment give a value", () => {
  const c = loadConfig({}, {});
  assert.equal(c.port, 8080);
  assert.equal(c.host, "localhost");
  assert.equal(c.dataDir, resolve("./data"));
  assert.equal(c.baseUrl, "http://localhost:8080");
  assert.equal(c.databaseUrl, null);
});

test("flags win over environment variables, which win over defaults", () => {
  const env = { PRESSROOM_PORT: "9000", PRESSROOM_HOST: "0.0.0.0", PRESSROOM_DATA_DIR: "/tmp/from-env" };
  const fromEnv = loadConfig({}, env);
  assert.equal(fromEnv.port, 9000);
  assert.equal(fromEnv.dataDir, "/tmp/from-env");
  assert.equal(fromEnv.baseUrl, "http://localhost:9000");
  const fromFlags = loadConfig({ port: "9100", dataDir: "/tmp/from-flag", host: "127.0.0.1" }, env);
  assert.equal(fromFlags.port, 9100);
  assert.equal(fromFlags.host, "127.0.0.1");
  assert.equal(fromFlags.dataDir, "/tmp/from-flag");
  assert.equal(fromFlags.baseUrl, "http://127.0.0.1:9100");
});

test("bad values are rejected with a message naming the setting", () => {
  for (const [flags, env, needle] of [
    [{ port: "eighty" }, {}, "--port"],
    [{ port: "70000" }, {}, "PRESSROOM_PORT"],
    [{}, { PRESSROOM_PORT: "-1" }, "port"],
    [{ host: "bad host" }, {}, "--host"],
    [{ baseUrl: "ftp://example.org" }, {}, "--base-url"],
    [{}, { DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
  ] as const) {
    assert.throws(() => loadConfig(flags as object, env as NodeJS.ProcessEnv), (e: unknown) => isPressroomError(e, "PRESSROOM_E_CONFIG") && e.message.includes(needle));
  }
});

test("a base URL loses its trailing slash; a DATABASE_URL password is not echoed in errors", () => {
  assert.equal(loadConfig({ baseUrl: "https://wire.example.org/" }, {}).baseUrl, "https://wire.example.org");
  assert.throws(() => loadConfig({}, { DATABASE_URL: "mysql://user:secret@host/db" }), (e: unknown) => e instanceof Error && !e.message.includes("secret"));
});

import { test } from "node:test";
import assert from "node:assert/strict";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { QueryTemplate } from "../../src/store/query-template.js";

interface Db { t: { id: string; n: number; kind: string } }

function db(): Kysely<Db> {
  const raw = new BetterSqlite3(":memory:");
  raw.exec("CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, kind TEXT); INSERT INTO t VALUES ('a', 1, 'x'), ('b', 2, 'x'), ('c', 3, 'y'), ('d', 4, 'x')");
  return new Kysely<Db>({ dialect: new SqliteDialect({ database: raw }) });
}

test("QueryTemplate: compiled once, each run binds its own values; values written in the query stay fixed", async () => {
  const k = db();
  let builds = 0;
  const q = new QueryTemplate(2, (min: number, max: number) => {
    builds++;
    return k.selectFrom("t").select("id").where("kind", "=", "x").where("n", ">=", min).where("n", "<=", max).orderBy("n");
  });
  assert.deepEqual((await q.run(k, [1, 4])).rows.map((r) => r.id), ["a", "b", "d"], "kind 'x' only: c is 'y'");
  assert.deepEqual((await q.run(k, [2, 3])).rows.map((r) => r.id), ["b"]);
  assert.deepEqual((await q.run(k, [5, 9])).rows, []);
  assert.equal(builds, 1, "built and compiled on the first run only");
  await k.destroy();
});

test("QueryTemplate: a stand-in bound twice or not at all is refused when first run", async () => {
  const k = db();
  const twice = new QueryTemplate(1, (id: string) => k.selectFrom("t").select("id").where("id", "=", id).where("kind", "=", id));
  await assert.rejects(() => twice.run(k, ["a"]), /parameter 0 is not bound exactly once/);
  const unused = new QueryTemplate(2, (id: string) => k.selectFrom("t").select("id").where("id", "=", id));
  await assert.rejects(() => unused.run(k, ["a", "b"]), /parameter 1 is not bound exactly once/);
  await k.destroy();
});

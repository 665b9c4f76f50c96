/**
 * Child process of `batch-import.test.ts`: imports PATHS into the SQLite database FILE and
 * kills itself with SIGKILL inside its KILL_AT-th write transaction, after every write of
 * that transaction and before its COMMIT (a crash in the middle of a batch).
 * Usage: node --import tsx kill-mid-batch.child.ts FILE KILL_AT PATH...
 */
import type { Kysely } from "kysely";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { StoreCore } from "../../src/store/sqlite-core.js";
import type { Database } from "../../src/store/migrations.js";
import { importPaths } from "../../src/importer/import.js";
import { systemClock } from "../../src/core/clock.js";

const [file, killAt, ...paths] = process.argv.slice(2);
const store = await openSqliteStore({ file: file!, clock: systemClock });
const core = store as unknown as StoreCore;
const writeTx = core.writeTx.bind(core);
let n = 0;
(core as { writeTx: StoreCore["writeTx"] }).writeTx = <T>(fn: (db: Kysely<Database>) => Promise<T>) => writeTx(async (db) => {
  const r = await fn(db);
  if (++n === Number(killAt)) process.kill(process.pid, "SIGKILL");
  return r;
});
await importPaths(store, paths, { workers: 0 });
process.stdout.write("not killed\n");

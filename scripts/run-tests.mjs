#!/usr/bin/env node
// Runs the test suite with node's own test runner, through tsx, as a dialect matrix (issue 5):
//
//   1. every test file under test/ on SQLite;
//   2. again on PostgreSQL, every test file that uses the database harness test/db.ts
//      (imports it, or imports a test module that does, at any depth): those files open
//      their stores through openTestStore(), which follows PRESSROOM_TEST_DB.
//
// Both passes run in ONE node --test invocation (one closing summary for CI): a file of the
// PostgreSQL pass is a generated two-line shim in a temporary folder that sets
// PRESSROOM_TEST_DB=postgres, prefixes its test names with "[postgres] " and imports the real
// file. Its path shows the pass too (`.../postgres/test/x/y.test.mjs`).
//
// Environment:
//   PRESSROOM_TEST_PG=0     skip the PostgreSQL pass (e.g. no server at hand)
//   PRESSROOM_TEST_PG=only  run the PostgreSQL pass alone
//   PRESSROOM_TEST_PG_URL   server of the PostgreSQL pass (default postgres://postgres@127.0.0.1:5432/test)
// Arguments: path filters (a file runs when its path contains one of them).
//
// Node 20 does not expand quoted globs, and `node --test DIR` can silently find no
// TypeScript tests; so the file list is built here, and an empty list is an error.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";

const ROOT = process.cwd();
const HARNESS = resolve(ROOT, "test", "db.ts");

function walk(dir, keep) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p, keep));
    else if (keep(name)) out.push(p);
  }
  return out;
}

/** Relative imports of a test module, resolved to .ts/.tsx files that exist. */
function importsOf(file) {
  const text = readFileSync(file, "utf8");
  const out = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g)) {
    const base = resolve(dirname(file), m[1]);
    for (const cand of [base.replace(/\.js$/, ".ts"), base.replace(/\.js$/, ".tsx"), base]) {
      if (/\.tsx?$/.test(cand) && existsSync(cand)) { out.push(cand); break; }
    }
  }
  return out;
}

/** Test-module graph: does `file` reach test/db.ts through its imports? */
function usesHarness(file, memo = new Map(), stack = new Set()) {
  if (file === HARNESS) return true;
  if (memo.has(file)) return memo.get(file);
  if (stack.has(file)) return false;
  stack.add(file);
  const r = importsOf(file).some((f) => f.startsWith(resolve(ROOT, "test")) && usesHarness(f, memo, stack));
  stack.delete(file);
  memo.set(file, r);
  return r;
}

async function checkPostgres(url) {
  let pg;
  try {
    pg = (await import("pg")).default;
  } catch (e) {
    return `the pg driver is not installed (${e.message}); run npm ci`;
  }
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
    await c.query("SELECT 1");
    return null;
  } catch (e) {
    return e.message || String(e);
  } finally {
    await c.end().catch(() => {});
  }
}

const filter = process.argv.slice(2);
let files = walk("test", (n) => /\.test\.tsx?$/.test(n));
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error("run-tests: no test files found under test/" + (filter.length ? ` matching ${filter.join(", ")}` : ""));
  process.exit(1);
}

const pgMode = (process.env.PRESSROOM_TEST_PG ?? "1").trim().toLowerCase();
if (!["0", "1", "only", ""].includes(pgMode)) {
  console.error(`run-tests: PRESSROOM_TEST_PG must be 0, 1 or only, not ${JSON.stringify(process.env.PRESSROOM_TEST_PG)}`);
  process.exit(2);
}
const pgUrl = process.env.PRESSROOM_TEST_PG_URL || "postgres://postgres@127.0.0.1:5432/test";
const memo = new Map();
const matrix = files.filter((f) => usesHarness(resolve(f), memo));
const sqliteFiles = pgMode === "only" ? [] : files;
const pgFiles = pgMode === "0" ? [] : matrix;

console.log(`run-tests: SQLite pass: ${sqliteFiles.length} files${pgMode === "only" ? " (skipped: PRESSROOM_TEST_PG=only)" : ""}`);
if (pgMode === "0") {
  console.log(`run-tests: PostgreSQL pass skipped (PRESSROOM_TEST_PG=0); ${matrix.length} files would run on it`);
} else {
  console.log(`run-tests: PostgreSQL pass (${pgUrl}): ${pgFiles.length} files that use test/db.ts:`);
  for (const f of pgFiles) console.log(`  ${f}`);
  const notOnPg = files.filter((f) => !matrix.includes(f));
  if (notOnPg.length && pgMode !== "only") console.log(`run-tests: SQLite only (no store through test/db.ts): ${notOnPg.length} files`);
}

if (pgFiles.length > 0) {
  const err = await checkPostgres(pgUrl);
  if (err) {
    console.error(`run-tests: PostgreSQL at ${pgUrl} is unreachable: ${err}`);
    console.error("run-tests: start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start), set PRESSROOM_TEST_PG_URL, or skip the PostgreSQL pass with PRESSROOM_TEST_PG=0");
    process.exit(1);
  }
}

// Test names of the PostgreSQL pass start with "[postgres] ": node:test's named exports are
// builtin ESM exports, which syncBuiltinESMExports() refreshes from the CommonJS object.
const SHIM_TAG = `import { createRequire, syncBuiltinESMExports } from "node:module";
const nodeTest = createRequire(import.meta.url)("node:test");
const tag = (fn) => Object.assign((name, ...rest) => fn(typeof name === "string" ? "[postgres] " + name : name, ...rest), fn);
for (const k of ["test", "describe", "it", "suite"]) if (typeof nodeTest[k] === "function") nodeTest[k] = tag(nodeTest[k]);
syncBuiltinESMExports();
`;

let shimDir = null;
const shims = [];
if (pgFiles.length > 0) {
  shimDir = mkdtempSync(join(tmpdir(), "pressroom-matrix-"));
  for (const f of pgFiles) {
    const shim = join(shimDir, "postgres", relative(ROOT, resolve(f)).replace(/\.tsx?$/, ".mjs"));
    mkdirSync(dirname(shim), { recursive: true });
    writeFileSync(shim, `// PostgreSQL pass of ${f} (generated by scripts/run-tests.mjs)\n` +
      `process.env.PRESSROOM_TEST_DB = "postgres";\n` +
      SHIM_TAG +
      `await import(${JSON.stringify(pathToFileURL(resolve(f)).href)});\n`);
    shims.push(shim);
  }
}

const env = { ...process.env, PRESSROOM_TEST_DB: "sqlite", PRESSROOM_TEST_PG_URL: pgUrl };
const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", ...sqliteFiles, ...shims], { stdio: "inherit", env });
// A signal to this process (timeout, CI cancel) reaches the test run too.
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => child.kill(sig));
const code = await new Promise((res) => child.on("exit", (c, sig) => res(c ?? (sig ? 1 : 1))));
if (shimDir) rmSync(shimDir, { recursive: true, force: true });
process.exit(code);

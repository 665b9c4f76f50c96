/**
 * Shared test helpers: where the shared corpus is, temporary folders, and running the
 * built CLI (`dist/cli.js`, built by `npm test` before the tests run).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnSync, spawn, type ChildProcess } from "node:child_process";

/** Repository root (tests run from it). */
export const ROOT = process.cwd();
/** The shared corpus, beside the repository (`../shared/corpus`), as on CI. */
export const CORPUS = resolve(ROOT, "..", "shared", "corpus");
export const SHARED = resolve(ROOT, "..", "shared");
export const CLI = join(ROOT, "dist", "cli.js");

/** A fresh temporary folder, removed by the returned `cleanup`. */
export function tempDir(prefix = "pressroom-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `node dist/cli.js ...args` synchronously, with extra environment variables.
 * `DATABASE_URL` of the test process is never passed on: give it in `opts.env` (see
 * `testDatabaseEnv` in test/db.ts) for a command that must use the matrix's database.
 */
export function runCli(args: string[], opts: { env?: Record<string, string>; input?: string | Buffer; cwd?: string } = {}): CliResult {
  const env = { ...process.env, ...opts.env };
  delete env.DATABASE_URL;
  if (opts.env?.DATABASE_URL) env.DATABASE_URL = opts.env.DATABASE_URL;
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env,
    input: opts.input,
    cwd: opts.cwd ?? ROOT,
    encoding: "utf8",
    maxBuffer: 256 << 20,
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Start `pressroom serve` on a free loopback port and resolve once it listens.
 * Returns the base URL and a `stop` that sends SIGTERM and waits for exit. `opts.env` adds
 * environment variables (e.g. `testDatabaseEnv(...)` from test/db.ts).
 */
export async function startServer(dataDir: string, extra: string[] = [], opts: { env?: Record<string, string> } = {}): Promise<{ url: string; proc: ChildProcess; stop: () => Promise<number | null> }> {
  // A random port may be taken by a server of the other database pass running meanwhile: try another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOn(20000 + Math.floor(Math.random() * 20000), dataDir, extra, opts);
    } catch (e) {
      if (attempt >= 5 || !(e instanceof Error) || !/already in use/.test(e.message)) throw e;
    }
  }
}

async function startServerOn(port: number, dataDir: string, extra: string[], opts: { env?: Record<string, string> }): Promise<{ url: string; proc: ChildProcess; stop: () => Promise<number | null> }> {
  const proc = spawn(process.execPath, [CLI, "serve", "--data-dir", dataDir, "--port", String(port), "--host", "127.0.0.1", ...extra], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DATABASE_URL: "", ...opts.env },
  });
  let err = "";
  proc.stderr!.on("data", (d) => { err += String(d); });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited early: ${err}`);
    try {
      const r = await fetch(`${url}/api/v1/stats`);
      if (r.ok) break;
    } catch { /* not yet listening */ }
    if (Date.now() > deadline) { proc.kill("SIGKILL"); throw new Error(`server did not start: ${err}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = () => new Promise<number | null>((res) => {
    if (proc.exitCode !== null) return res(proc.exitCode);
    proc.once("exit", (c) => res(c));
    proc.kill("SIGTERM");
  });
  return { url, proc, stop };
}

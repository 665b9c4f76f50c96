import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseOnThreads, threadCpuMs } from "../../src/bench/parse-threads.js";

// Inputs written here (a transcript, a release, a file the reader rejects), not corpus copies.
function fixtures(): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), "pressroom-parse-threads-"));
  const files: string[] = [];
  for (let i = 0; i < 6; i++) {
    const f = join(dir, `briefing-${i}.txt`);
    writeFileSync(f, `Sample briefing ${i}\n\nMODERATOR: Good afternoon. First question, please.\n\nQUESTION: Will the minister travel next week?\n\nMR. EXAMPLE: Not next week. Thank you.\n`);
    files.push(f);
  }
  const rel = join(dir, "release.md");
  writeFileSync(rel, "---\ntitle: Sample release\n---\n\nThe office opened a new library today.\n");
  files.push(rel);
  const empty = join(dir, "empty.txt");
  writeFileSync(empty, "");
  files.push(empty);
  return { dir, files };
}

test("parseOnThreads parses every file exactly once per pass, spread over the threads", async () => {
  const { dir, files } = fixtures();
  try {
    const total = files.reduce((a, f) => a + statSync(f).size, 0);
    const passes = await parseOnThreads(files, 2, 2);
    assert.equal(passes.length, 2);
    for (const p of passes) {
      assert.equal(p.workers.length, 2);
      assert.equal(p.workers.reduce((a, w) => a + w.files, 0), files.length);
      assert.equal(p.workers.reduce((a, w) => a + w.bytes, 0), total);
      assert.ok(p.wallMs > 0 && p.processCpuMs >= 0);
      for (const w of p.workers) if (w.cpuMs !== null) assert.ok(w.cpuMs >= 0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("parseOnThreads refuses a thread or pass count that is not a positive integer", async () => {
  await assert.rejects(parseOnThreads([], 0, 1), /threads must be a positive integer, got 0/);
  await assert.rejects(parseOnThreads([], 1.5, 1), /threads must be a positive integer/);
  await assert.rejects(parseOnThreads([], 1, 0), /passes must be a positive integer, got 0/);
});

test("threadCpuMs reads this thread's CPU time on Linux, and it grows with work", { skip: process.platform !== "linux" }, () => {
  const a = threadCpuMs();
  assert.notEqual(a, null);
  // spin until this thread has used 30 ms more CPU (a constant or wrong field never gets there)
  let x = 0;
  let b = a!;
  const until = performance.now() + 20_000;
  while (b - a! < 30 && performance.now() < until) {
    for (let i = 0; i < 1e5; i++) x += Math.sqrt(x + i);
    b = threadCpuMs()!;
  }
  assert.ok(b - a! >= 30, `thread CPU time grew by ${b - a!} ms`);
  assert.ok(x > 0);
});

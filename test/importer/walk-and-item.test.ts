import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { walkPaths } from "../../src/importer/walk.js";
import { safeHttpUrl, identityOf } from "../../src/importer/to-item.js";
import { tempDir } from "../helpers.js";
import type { Document } from "../../src/core/document.js";

test("the walk survives symbolic-link loops and lists each file once", async () => {
  const t = tempDir();
  try {
    const a = join(t.dir, "loop", "a");
    mkdirSync(a, { recursive: true });
    writeFileSync(join(a, "one.txt"), "x");
    writeFileSync(join(t.dir, "loop", "two.txt"), "y");
    symlinkSync("..", join(a, "up"));
    symlinkSync(join(t.dir, "loop"), join(t.dir, "loop", "self"));
    symlinkSync(join(a, "one.txt"), join(t.dir, "loop", "alias.txt"));
    const r = await walkPaths([join(t.dir, "loop"), join(t.dir, "loop", "two.txt")]);
    assert.deepEqual(r.files.map((f) => f.slice(t.dir.length)).sort(), ["/loop/a/one.txt", "/loop/two.txt"]);
    assert.deepEqual(r.problems, []);
  } finally {
    t.cleanup();
  }
});

test("the walk stops when asked to", async () => {
  const r = await walkPaths(["."], { shouldStop: () => true });
  assert.deepEqual(r.files, []);
});

test("only http(s) source URLs are kept: javascript:, data: and relative links are dropped", () => {
  assert.equal(safeHttpUrl("https://example.org/a?b=1"), "https://example.org/a?b=1");
  assert.equal(safeHttpUrl(" http://example.org/x "), "http://example.org/x");
  for (const bad of ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<b>x</b>", "/relative/path", "ftp://example.org/f", "", null]) {
    assert.equal(safeHttpUrl(bad), null, String(bad));
  }
  const doc: Document = {
    source: { path: "x.md", url: "javascript:alert(3)", guid: null, name: null, format: "markdown" },
    title: "A title", section: null, published: null, dateline: null, kindHint: null,
    paragraphs: ["Body of our own test document."], notes: [],
  };
  assert.match(identityOf(doc), /^sha256:/, "an unsafe URL is not an identity either");
});

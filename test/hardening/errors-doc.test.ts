import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ERROR_CODES, type ErrorCode } from "../../src/core/errors.js";
import { HTTP_STATUS } from "../../src/publish/http.js";
import { ROOT } from "../helpers.js";

/** Rows of the "Error codes" table of docs/api.md: code → { status, meaning }. */
function documentedCodes(): Map<string, { status: number; meaning: string }> {
  const doc = readFileSync(join(ROOT, "docs", "api.md"), "utf8");
  const start = doc.indexOf("\n## Errors");
  assert.ok(start >= 0, "docs/api.md has an Errors section");
  const end = doc.indexOf("\n## ", start + 1);
  const section = doc.slice(start, end < 0 ? undefined : end);
  const rows = new Map<string, { status: number; meaning: string }>();
  for (const m of section.matchAll(/^\|\s*`(PRESSROOM_E_[A-Z_]+)`\s*\|\s*(\d{3})\s*\|\s*(.+?)\s*\|\s*$/gm)) {
    assert.ok(!rows.has(m[1]!), `${m[1]} listed twice`);
    rows.set(m[1]!, { status: Number(m[2]), meaning: m[3]! });
  }
  return rows;
}

describe("error documentation", () => {
  it("docs/api.md lists every code of ERROR_CODES with its HTTP status, and no other code", () => {
    const rows = documentedCodes();
    const codes = Object.keys(ERROR_CODES) as ErrorCode[];
    for (const code of codes) {
      const row = rows.get(code);
      assert.ok(row, `${code} is not documented in docs/api.md`);
      assert.equal(row.status, HTTP_STATUS[code], `${code} status`);
      assert.ok(row.meaning.length > 10, `${code} has a meaning`);
    }
    for (const code of rows.keys()) assert.ok(code in ERROR_CODES, `${code} is documented but does not exist`);
  });
});

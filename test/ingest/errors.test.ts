import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readDocuments, readFileDocuments } from "../../src/ingest/index.js";
import { isPressroomError, type ErrorCode } from "../../src/core/errors.js";

function throwsCode(fn: () => unknown, code: ErrorCode): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isPressroomError(e, code), `expected ${code}, got ${String((e as Error)?.message)} (${(e as { code?: string }).code})`);
    assert.doesNotMatch((e as Error).message, /\n/);
    return true;
  });
}

test("binary input: NUL bytes, known signatures", () => {
  throwsCode(() => readDocuments(Buffer.from([0x41, 0x42, 0x00, 0x43, 0x44, 0x00, 0x00, 0x01, 0x02, 0x03]), "x.bin"), "PRESSROOM_E_BINARY");
  throwsCode(() => readDocuments(Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj\n", "latin1"), "x.pdf"), "PRESSROOM_E_BINARY");
  throwsCode(() => readDocuments(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), "x.png"), "PRESSROOM_E_BINARY");
});

test("empty input: no bytes, white space only, markup without text", () => {
  throwsCode(() => readDocuments(Buffer.alloc(0), "empty.txt"), "PRESSROOM_E_EMPTY");
  throwsCode(() => readDocuments(Buffer.from(" \n\t\r\n  \n"), "blank.txt"), "PRESSROOM_E_EMPTY");
  throwsCode(() => readDocuments(Buffer.from("<!doctype html><html><head><title>T</title><script>var a = 1;</script></head><body><nav>Home</nav></body></html>"), "e.html"), "PRESSROOM_E_EMPTY");
  throwsCode(() => readDocuments(Buffer.from("---\ntitle: Nothing Here\n---\n\n   \n"), "e.md"), "PRESSROOM_E_EMPTY");
});

test("oversize input is refused before decoding", () => {
  throwsCode(() => readDocuments(Buffer.alloc(2048, 0x41), "big.txt", { maxBytes: 1024 }), "PRESSROOM_E_TOO_LARGE");
});

test("truncated RSS item: cut off before the body", () => {
  const cut = "<item>\n\t<title>Quarterly Update</title>\n\t<link>https://example.org/q</link>\n\t<pubDate>Mon, 24 May 2021 15:09:52 +0000</pubDate>\n\t<description><![CDATA[";
  throwsCode(() => readDocuments(Buffer.from(cut), "cut.xml"), "PRESSROOM_E_TRUNCATED");
});

test("truncated RSS item with part of its body is rejected, not half-published", () => {
  const cut = "<item><title>Quarterly Update</title><dc:creator><![CDATA[Harbour Office]]></dc:creator><content:encoded><![CDATA[<p>Harbour Office</p><p>The pier reopens in May after repairs to the deck.</p><p>Further detai";
  assert.throws(() => readDocuments(Buffer.from(cut), "cut.xml"), (e: unknown) => e instanceof Error && (e as { code?: string }).code === "PRESSROOM_E_TRUNCATED" && /cut off .*body is incomplete/.test(e.message));
});

test("truncated feed before its first item", () => {
  throwsCode(() => readDocuments(Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>A'), "f.rss"), "PRESSROOM_E_TRUNCATED");
});

test("unsupported formats: JSON, RTF, other XML", () => {
  throwsCode(() => readDocuments(Buffer.from('{"title": "x", "body": "y"}'), "a.json"), "PRESSROOM_E_UNSUPPORTED");
  throwsCode(() => readDocuments(Buffer.from("{\\rtf1\\ansi hello}"), "a.rtf"), "PRESSROOM_E_BINARY");
  throwsCode(() => readDocuments(Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'), "a.svg"), "PRESSROOM_E_UNSUPPORTED");
  throwsCode(() => readDocuments(Buffer.from('<?xml version="1.0"?><catalog><book>x</book></catalog>'), "a.xml"), "PRESSROOM_E_UNSUPPORTED");
});

test("readFileDocuments: missing file, directory, oversize file", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pressroom-ingest-"));
  try {
    const check = async (p: Promise<unknown>, code: ErrorCode) =>
      assert.rejects(p, (e: unknown) => isPressroomError(e, code));
    await check(readFileDocuments(join(dir, "missing.txt")), "PRESSROOM_E_UNREADABLE");
    await check(readFileDocuments(dir), "PRESSROOM_E_UNREADABLE");
    const big = join(dir, "big.txt");
    writeFileSync(big, "A headline\n\n" + "word ".repeat(500));
    await check(readFileDocuments(big, { maxBytes: 100 }), "PRESSROOM_E_TOO_LARGE");
    const docs = await readFileDocuments(big);
    assert.equal(docs[0]?.source.path, big);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import iconv from "iconv-lite";
import { readDocuments } from "../../src/ingest/index.js";

// All texts below are written for these tests.
const TEXT = "Harbour Office: Quarterly Update on the Pier Project\n\nMODERATOR: Welcome, everyone. It’s a café-style “open” session — no fees.\n\nQUESTION: Thanks. When does the pier reopen?\n";

function read(bytes: Buffer, path = "note.txt") {
  const docs = readDocuments(bytes, path);
  assert.equal(docs.length, 1);
  return docs[0]!;
}

test("UTF-8 without and with BOM", () => {
  const plain = read(Buffer.from(TEXT, "utf8"));
  assert.equal(plain.title, "Quarterly Update on the Pier Project");
  assert.equal(plain.section, "Harbour Office");
  assert.equal(plain.paragraphs[0], "MODERATOR: Welcome, everyone. It’s a café-style “open” session — no fees.");
  const bom = read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, "utf8")]));
  assert.deepEqual(bom.paragraphs, plain.paragraphs);
  assert.equal(bom.title, plain.title);
});

test("UTF-16 LE and BE with BOM", () => {
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TEXT, "utf-16le")]);
  const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, "utf-16be")]);
  for (const bytes of [le, be]) {
    const doc = read(bytes);
    assert.equal(doc.paragraphs[0], "MODERATOR: Welcome, everyone. It’s a café-style “open” session — no fees.");
    assert.equal(doc.section, "Harbour Office");
  }
});

test("UTF-16 LE without BOM is sniffed", () => {
  const doc = read(iconv.encode(TEXT, "utf-16le"));
  assert.equal(doc.paragraphs[1], "QUESTION: Thanks. When does the pier reopen?");
  assert.ok(doc.notes.some((n) => /utf-16le/.test(n)));
});

test("Windows-1252 bytes decode to the right characters", () => {
  const bytes = iconv.encode(TEXT, "windows-1252");
  assert.equal(bytes.includes(0x92), true); // ’ is 0x92 in Windows-1252
  const doc = read(bytes);
  assert.equal(doc.paragraphs[0], "MODERATOR: Welcome, everyone. It’s a café-style “open” session — no fees.");
  assert.ok(doc.notes.some((n) => /windows-1252/.test(n)));
});

test("UTF-8 misread as Windows-1252 (mojibake) is repaired", () => {
  const mojibake = iconv.decode(Buffer.from(TEXT, "utf8"), "windows-1252");
  assert.match(mojibake, /Itâ€™s/);
  const doc = read(Buffer.from(mojibake, "utf8"));
  assert.equal(doc.paragraphs[0], "MODERATOR: Welcome, everyone. It’s a café-style “open” session — no fees.");
  assert.ok(doc.notes.some((n) => /mojibake/.test(n)));
});

test("correct accented text is left alone", () => {
  const doc = read(Buffer.from("Title Line Here\n\nThe Ã and Â letters stay, as do café and naïve.\n", "utf8"));
  assert.equal(doc.paragraphs[0], "The Ã and Â letters stay, as do café and naïve.");
  assert.deepEqual(doc.notes, []);
});

test("NBSP and other spaces collapse to one space", () => {
  const doc = read(Buffer.from("A Headline\n\nQ\u00a0\u00a0\u00a0 Hi.\u2009 Is it\u00a0on?\n", "utf8"));
  assert.equal(doc.paragraphs[0], "Q Hi. Is it on?");
});

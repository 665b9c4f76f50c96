import { test } from "node:test";
import assert from "node:assert/strict";
import { readDocuments } from "../../src/ingest/index.js";
import { htmlToParagraphs } from "../../src/ingest/html-blocks.js";
import { markdownParagraphs } from "../../src/ingest/markdown.js";
import { parseRfc822, parseIsoLike, parseWrittenDate } from "../../src/ingest/dates.js";

// All inputs below are written for these tests.

test("HTML: labels in <strong> keep a space, <p>s stay separate, <br><br> splits, <br> joins", () => {
  const html = "<p><strong>MODERATOR:</strong>Good morning</p><p>Second   para&nbsp;here &amp; there</p><p>Line one<br>line two<br><br>New para</p><script>jQuery('x');</script><p>Q&nbsp;&nbsp;&nbsp; Hi.</p>";
  assert.deepEqual(htmlToParagraphs(html), ["MODERATOR: Good morning", "Second para here & there", "Line one line two", "New para", "Q Hi."]);
});

test("HTML: a single <br> before a speaker label starts a new paragraph", () => {
  assert.deepEqual(htmlToParagraphs("<p>Thank you.<br />\n<strong>MODERATOR:</strong> We are done.</p>"), ["Thank you.", "MODERATOR: We are done."]);
});

test("Markdown: escapes, hard breaks, wrapped lines, emphasis, links, lists", () => {
  const md = "*Via Teleconference*** **\n\nMS. LANE:  It\\'s \\#1 for the\nharbour\\_office,  \nreally.\n\n-   First [item](https://example.org/x) **bold**\n    continued\n-   Second\n\n\\###\n";
  assert.deepEqual(markdownParagraphs(md), ["Via Teleconference", "MS. LANE: It's #1 for the harbour_office, really.", "First item bold continued", "Second", "###"]);
});

test("RSS item fragment: body printed twice is taken once; namespaces need no declaration", () => {
  const body = "<p>Harbour Office</p><p>Portside, Maine</p><p><strong>MS. LANE:</strong> Good morning.</p>";
  const xml = `<item>\n<title>Quarterly Update &#8211; May 3, 2024</title>\n<link>https://example.org/q</link>\n<dc:creator><![CDATA[Harbour Office]]></dc:creator>\n<pubDate>Fri, 03 May 2024 14:05:00 -0400</pubDate>\n<guid isPermaLink="false">https://example.org/?p=1</guid>\n<description><![CDATA[${body}]]></description>\n<content:encoded><![CDATA[${body}]]></content:encoded>\n</item>`;
  const [doc] = readDocuments(Buffer.from(xml), "item.xml");
  assert.ok(doc);
  assert.deepEqual(doc.paragraphs, ["Harbour Office", "Portside, Maine", "MS. LANE: Good morning."]);
  assert.equal(doc.title, "Quarterly Update – May 3, 2024");
  assert.equal(doc.section, "Harbour Office");
  assert.equal(doc.published, "2024-05-03T14:05:00-04:00");
  assert.equal(doc.dateline, "Portside, Maine");
  assert.equal(doc.source.guid, "https://example.org/?p=1");
});

test("Atom feed: one document per entry", () => {
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Wire</title><id>urn:hw</id><updated>2024-05-03T10:00:00Z</updated>
<entry><title>Readout of the Harbour Board Meeting</title><id>urn:hw:1</id><link href="https://example.org/1"/><published>2024-05-02T09:00:00Z</published><updated>2024-05-02T09:00:00Z</updated><content type="html">&lt;p&gt;The board met today.&lt;/p&gt;</content></entry>
<entry><title>Fact Sheet: Pier Repairs</title><id>urn:hw:2</id><link href="https://example.org/2"/><updated>2024-05-03T10:00:00+02:00</updated><summary>Repairs finish in May.</summary></entry>
</feed>`;
  const docs = readDocuments(Buffer.from(xml), "wire.atom");
  assert.equal(docs.length, 2);
  assert.equal(docs[0]?.source.format, "atom-feed");
  assert.equal(docs[0]?.source.name, "Harbour Wire");
  assert.equal(docs[0]?.kindHint, "readout");
  assert.equal(docs[0]?.published, "2024-05-02T09:00:00+00:00");
  assert.deepEqual(docs[0]?.paragraphs, ["The board met today."]);
  assert.equal(docs[1]?.kindHint, "fact_sheet");
  assert.equal(docs[1]?.published, "2024-05-03T10:00:00+02:00");
  assert.equal(docs[1]?.source.guid, "urn:hw:2");
});

test("generic HTML page: Readability fallback, site name stripped, meta date", () => {
  const para = "The harbour board agreed today to reopen the north pier after the deck repairs are finished, and thanked the crews for their work through the winter months.";
  const html = `<!doctype html><html><head><title>Pier Reopens in May | Harbour Office</title>
<meta property="og:site_name" content="Harbour Office"><meta property="og:url" content="https://example.org/pier">
<meta property="article:published_time" content="2024-05-03T14:05:00-04:00"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><header><h1>Harbour Office</h1></header>
<article><h1>Pier Reopens in May</h1><p>Portside, Maine</p><p>${para}</p><p>${para.replace("north", "south")}</p><p>${para.replace("today", "on Friday")}</p></article>
<footer>© Harbour Office · Privacy</footer><script>window.x = 1;</script></body></html>`;
  const [doc] = readDocuments(Buffer.from(html), "page.html");
  assert.ok(doc);
  assert.equal(doc.title, "Pier Reopens in May");
  assert.equal(doc.published, "2024-05-03T14:05:00-04:00");
  assert.equal(doc.source.url, "https://example.org/pier");
  assert.equal(doc.source.name, "Harbour Office");
  assert.ok(doc.paragraphs.includes(para));
  assert.doesNotMatch(doc.paragraphs.join("\n"), /Privacy|Home|window\.x/);
});

test("dates: stated offsets are kept", () => {
  assert.equal(parseRfc822("Mon, 24 May 2021 15:09:52 +0000"), "2021-05-24T15:09:52+00:00");
  assert.equal(parseRfc822("Mon, 24 May 2021 11:09:52 EDT"), "2021-05-24T11:09:52-04:00");
  assert.equal(parseIsoLike("2021-04-30 17:40:09-04:00"), "2021-04-30T17:40:09-04:00");
  assert.equal(parseIsoLike("2019-04-10"), "2019-04-10");
  assert.equal(parseWrittenDate("June 04, 2025"), "2025-06-04");
  assert.equal(parseWrittenDate("February 30, 2025"), null);
});

/**
 * Broken feeds are the normal case (issue 6): each shape below is written by us and read
 * through `readFeedBytes`, the poller's reader, and then the import analysis.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import iconv from "iconv-lite";
import { readFeedBytes, repairFeedXml } from "../../src/sources/read-feed.js";
import { parseFeedDate } from "../../src/sources/feed-dates.js";
import { analyzeDocuments } from "../../src/importer/analyze-bytes.js";
import { isPressroomError } from "../../src/core/errors.js";

const BODY1 = "The harbour board approved a second ferry berth on Tuesday after a three-month review of tide tables.";
const BODY2 = "Night crossings to the outer islands will begin in April, the transport office said in a statement.";

function rss(items: string, head = '<?xml version="1.0" encoding="utf-8"?>'): string {
  return `${head}<rss version="2.0"><channel><title>Harbour Board News</title><link>https://harbour.example.org/</link><description>News</description>${items}</channel></rss>`;
}

function item(p: { title?: string; guid?: string; link?: string; date?: string; body?: string }): string {
  return `<item>${p.title !== undefined ? `<title>${p.title}</title>` : ""}${p.guid ? `<guid isPermaLink="false">${p.guid}</guid>` : ""}${p.link ? `<link>${p.link}</link>` : ""}${p.date ? `<pubDate>${p.date}</pubDate>` : ""}<description>${p.body ?? BODY1}</description></item>`;
}

const read = (xml: string | Buffer, contentType: string | null = null) => readFeedBytes(typeof xml === "string" ? Buffer.from(xml, "utf8") : xml, "https://harbour.example.org/feed", contentType);

test("control characters are dropped, the entry is kept", () => {
  const r = read(rss(item({ title: "Berth\u0001 approved\u000b", guid: "a1", body: `The harbour\u0002 board approved a second berth.\u001f ${BODY1}` })));
  assert.equal(r.docs.length, 1);
  assert.equal(r.docs[0]!.title, "Berth approved");
  assert.ok(!/[\u0000-\u0008]/.test(r.docs[0]!.paragraphs.join(" ")));
  assert.ok(r.notes.some((n) => /removed \d+ control characters/.test(n)));
});

test("unescaped ampersands in titles and bodies are read literally", () => {
  const r = read(rss(item({ title: "Fish & Chips Stall Reopens at Pier & Quay", guid: "a2", body: `Smith & Sons and AT&T Harbor &bogus; services resume. ${BODY1}` })));
  assert.equal(r.docs[0]!.title, "Fish & Chips Stall Reopens at Pier & Quay");
  assert.match(r.docs[0]!.paragraphs.join(" "), /Smith & Sons and AT&T Harbor &bogus; services resume/);
});

test("UTF-8 bytes under a wrong ISO-8859-1 declaration are read as UTF-8", () => {
  const xml = rss(item({ title: "Café on the Quay — Reopening", guid: "a3" }), '<?xml version="1.0" encoding="ISO-8859-1"?>');
  const r = read(xml);
  assert.equal(r.docs[0]!.title, "Café on the Quay — Reopening");
});

test("Windows-1252 bytes with no declaration, and with an HTTP charset, are decoded", () => {
  const text = rss(item({ title: "Café “Lantern” Opens", guid: "a4" }), "");
  const bytes = iconv.encode(text, "windows-1252");
  assert.equal(read(bytes).docs[0]!.title, "Café “Lantern” Opens");
  const latin = iconv.encode(rss(item({ title: "Señal del faro", guid: "a5" }), ""), "iso-8859-1");
  assert.equal(read(latin, "application/rss+xml; charset=ISO-8859-1").docs[0]!.title, "Señal del faro");
});

test("missing guids: the entry link becomes the identity, else a content hash", () => {
  const r = read(rss(item({ title: "One", link: "https://harbour.example.org/news/one" }) + item({ title: "Two", body: BODY2 })));
  assert.equal(r.docs.length, 2);
  assert.equal(r.docs[0]!.source.guid, null);
  const a = analyzeDocuments(r.docs);
  assert.equal(a.analysed[0]!.input.identity, "url:https://harbour.example.org/news/one");
  assert.match(a.analysed[1]!.input.identity, /^sha256:[0-9a-f]{64}$/);
});

test("dates in named zones, other forms and none", () => {
  const dates = ["Mon, 03 Mar 2025 09:00:00 CET", "March 3, 2025 2:30 PM ET", "Tue, 4 Mar 2025 10:00:00 Eastern Time", "2025-03-03T09:00:00 Europe/Paris", "1741000000", "sometime soon"];
  const r = read(rss(dates.map((d, i) => item({ title: `Item ${i}`, guid: `d${i}`, date: d, body: `${BODY1} Number ${i}.` })).join("") + item({ title: "No date", guid: "d-none", body: BODY2 })));
  assert.deepEqual(r.docs.map((d) => d.published), [
    "2025-03-03T09:00:00+01:00",
    "2025-03-03T14:30:00-05:00",
    "2025-03-04T10:00:00-05:00",
    "2025-03-03T09:00:00+01:00",
    "2025-03-03T11:06:40+00:00",
    null,
    null,
  ]);
  assert.equal(parseFeedDate("July 4, 2025 10:00 Eastern Time"), "2025-07-04T10:00:00-04:00");
  assert.equal(parseFeedDate("Fri, 04 Jul 2025 10:00:00 GMT"), "2025-07-04T10:00:00+00:00");
});

test("an item without a title gets a headline from its body", () => {
  const r = read(rss(item({ guid: "nt1", body: BODY2 })));
  assert.equal(r.docs[0]!.title, null);
  const a = analyzeDocuments(r.docs);
  assert.equal(a.rejected.length, 0);
  assert.ok(a.analysed[0]!.input.headline.length > 0);
  assert.match(BODY2, new RegExp(a.analysed[0]!.input.headline.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
});

test("HTML in titles, escaped or raw, becomes plain text", () => {
  const r = read(rss(item({ title: "Talks &lt;b&gt;resume&lt;/b&gt; at the &lt;i&gt;Quay&lt;/i&gt;", guid: "h1" }) + item({ title: "Ferry <em>timetable</em> changes", guid: "h2", body: BODY2 }) + item({ title: "<![CDATA[Berth <strong>two</strong> opens]]>", guid: "h3", body: `${BODY1} Again.` })));
  assert.deepEqual(r.docs.map((d) => d.title), ["Talks resume at the Quay", "Ferry timetable changes", "Berth two opens"]);
});

test("a billion-laughs feed does not expand entities", () => {
  const lol = `<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>${item({ title: "Laughs &lol9;", guid: "bl1" })}</channel></rss>`;
  const r = read(lol);
  assert.equal(r.docs.length, 1);
  assert.equal(r.docs[0]!.title, "Laughs &lol9;");
  assert.ok(!r.docs[0]!.paragraphs.join(" ").includes("lollol"));
  assert.ok(r.notes.includes("removed DOCTYPE (entity declarations are never read)"));
});

test("an external-entity feed does not read the file", () => {
  const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/hostname"><!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote;]><rss version="2.0"><channel><title>T</title>${item({ title: "Secret &xxe;", guid: "x1", body: `${BODY1} &xxe;` })}</channel></rss>`;
  const r = read(xxe);
  assert.equal(r.docs[0]!.title, "Secret &xxe;");
  assert.match(r.docs[0]!.paragraphs.join(" "), /&xxe;/);
});

test("RSS 1.0 (RDF) entries are read, their links standing in for guids", () => {
  const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://harbour.example.org/"><title>Harbour RDF</title><link>https://harbour.example.org/</link><description>d</description></channel><item rdf:about="https://harbour.example.org/n/1"><title>Berth Approved</title><link>https://harbour.example.org/n/1</link><description>${BODY1}</description><dc:date>2025-03-01T10:00:00Z</dc:date></item></rdf:RDF>`;
  const r = read(rdf);
  assert.equal(r.docs[0]!.title, "Berth Approved");
  assert.equal(r.docs[0]!.source.url, "https://harbour.example.org/n/1");
  assert.equal(r.docs[0]!.published, "2025-03-01T10:00:00+00:00");
});

test("JSON Feed 1.1 entries are read like Atom entries", () => {
  const jf = JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: "Harbour JSON",
    items: [
      { id: "j1", url: "https://harbour.example.org/j/1", title: "Berth <b>Approved</b>", content_html: `<p>${BODY1}</p><script>alert(1)</script>`, date_published: "2025-03-01T10:00:00-05:00", authors: [{ name: "Harbour Board" }] },
      { id: 2, content_text: BODY2, date_published: "Mon, 03 Mar 2025 09:00:00 CET" },
    ],
  });
  const r = read(jf, "application/feed+json");
  assert.equal(r.docs.length, 2);
  assert.equal(r.docs[0]!.source.guid, "j1");
  assert.equal(r.docs[0]!.title, "Berth Approved");
  assert.deepEqual(r.docs[0]!.paragraphs, [BODY1]);
  assert.equal(r.docs[0]!.source.name, "Harbour JSON");
  assert.equal(r.docs[1]!.source.guid, "2");
  assert.equal(r.docs[1]!.published, "2025-03-03T09:00:00+01:00");
});

test("garbage, HTML pages and truncated XML are clear errors; a cut-off feed keeps its complete entries", () => {
  const err = (f: () => unknown, code: string) => assert.throws(f, (e: unknown) => isPressroomError(e) && e.code === code);
  err(() => read("<html><body><p>Not a feed at all, just a page.</p></body></html>"), "PRESSROOM_E_UNSUPPORTED");
  err(() => read('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>cut'), "PRESSROOM_E_TRUNCATED");
  err(() => read('{"not": "a feed"}'), "PRESSROOM_E_UNSUPPORTED");
  const cut = rss(item({ title: "Whole", guid: "w1" })).replace("</channel></rss>", "") + '<item><title>Half</title><description>The second';
  const r = read(cut);
  assert.deepEqual(r.docs.map((d) => d.title), ["Whole"]);
  assert.ok(r.notes.includes("feed is truncated; the incomplete last entry was skipped"));
});

test("a well-formed feed with no entries, or only entries without text, is an empty fetch", () => {
  assert.deepEqual(read(rss("")).docs, []);
  const r = read(rss("<item><title>Only a title</title><guid>t1</guid></item>"));
  assert.deepEqual(r.docs, []);
  assert.ok(r.notes.includes("feed has no entries with body text"));
});

test("repairFeedXml rewrites the encoding declaration to UTF-8", () => {
  const r = repairFeedXml('<?xml version="1.0" encoding="windows-1252" standalone="yes"?><rss/>');
  assert.equal(r.text, '<?xml version="1.0" standalone="yes" encoding="utf-8"?><rss/>');
});

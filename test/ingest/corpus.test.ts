import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { readDocuments, readFileDocuments } from "../../src/ingest/index.js";
import { CORPUS, GOLD, corpusBytes } from "./helpers.js";

test("seed: banner removed, section prefix split off the headline", () => {
  const [doc] = readDocuments(corpusBytes("seed/almaty-background-briefing.txt"), "seed/almaty-background-briefing.txt");
  assert.ok(doc);
  assert.equal(doc.title, "Background Briefing on Upcoming P5+1 Talks in Almaty, Kazakhstan");
  assert.equal(doc.section, "Arms Control and International Security");
  assert.equal(doc.published, null);
  assert.equal(doc.dateline, null);
  assert.equal(doc.source.format, "text");
  assert.ok(doc.paragraphs[0]?.startsWith("MODERATOR: Thank you. And thank you, everybody"));
  assert.ok(!doc.paragraphs.some((p) => /press releases posted/.test(p)));
  assert.ok(!doc.paragraphs.some((p) => p.includes("Arms Control and International Security:")));
});

test("state.gov item fragment: creator, pubDate with offset, dateline, body once", () => {
  const rel = "state-briefings/2021-05-24-briefing-with-senior-state-department-official-on-the-secretarys-upcoming-travel-to-jerusa.xml";
  const docs = readDocuments(corpusBytes(rel), rel);
  assert.equal(docs.length, 1);
  const doc = docs[0]!;
  assert.equal(doc.source.format, "rss-item");
  assert.equal(doc.title, "Briefing with Senior State Department Official on the Secretary’s Upcoming Travel to Jerusalem, Ramallah, Cairo, and Amman");
  assert.equal(doc.section, "Office of the Spokesperson");
  assert.equal(doc.published, "2021-05-24T15:09:52+00:00");
  assert.equal(doc.dateline, "Via Teleconference");
  assert.equal(doc.source.guid, "https://www.state.gov/?page_id=245797");
  assert.equal(doc.source.url, "https://www.state.gov/briefing-with-senior-state-department-official-on-the-secretarys-upcoming-travel-to-jerusalem-ramallah-cairo-and-amman/");
  assert.ok(doc.paragraphs.includes("Via Teleconference"));
  const first = doc.paragraphs.findIndex((p) => p.startsWith("MODERATOR: Good morning, everyone."));
  assert.ok(first >= 0);
  // The body appears in description and content:encoded: it must be taken once.
  assert.equal(doc.paragraphs.filter((p) => p === doc.paragraphs[first]).length, 1);
});

test("state.gov item from June 2022: inline jQuery scripts are not text", () => {
  const rel = "state-briefings/2022-06-22-department-press-briefing-june-22-2022.xml";
  assert.ok(corpusBytes(rel).toString("utf8").includes("jQuery"));
  const [doc] = readDocuments(corpusBytes(rel), rel);
  assert.ok(doc);
  assert.ok(!doc.paragraphs.some((p) => /jQuery|addEventListener|watermark/.test(p)));
  assert.equal(doc.paragraphs[0], "Ned Price, Department Spokesperson");
  assert.equal(doc.section, "Ned Price, Department Spokesperson");
  assert.ok(doc.paragraphs.some((p) => p.startsWith("MR PRICE: Thanks very much")));
});

test("state.gov readout: kind hint from the title", () => {
  const rel = "state-press-releases/2021-07-26-secretary-blinkens-call-with-tunisian-president-kais-saied.xml";
  const [doc] = readDocuments(corpusBytes(rel), rel);
  assert.equal(doc?.kindHint, "readout");
  assert.equal(doc?.dateline, null);
});

test("whitehouse.gov saved page: transcript paragraphs, Issued on date, no chrome", () => {
  const rel = "html-pages/2020-04-24-remarks-president-trump-vice-president-pence-members-coronavirus-task-force-press-briefing-32.html";
  const [doc] = readDocuments(corpusBytes(rel), rel);
  assert.ok(doc);
  assert.equal(doc.title, "Remarks by President Trump, Vice President Pence, and Members of the Coronavirus Task Force in Press Briefing");
  assert.equal(doc.section, null);
  assert.equal(doc.published, "2020-04-27");
  assert.equal(doc.dateline, "James S. Brady Press Briefing Room");
  assert.equal(doc.source.url, "https://www.whitehouse.gov/briefings-statements/remarks-president-trump-vice-president-pence-members-coronavirus-task-force-press-briefing-32/");
  assert.deepEqual(doc.paragraphs.slice(0, 2), ["James S. Brady Press Briefing Room", "April 24, 2020 5:39 P.M. EDT"]);
  assert.ok(doc.paragraphs[2]?.startsWith("THE PRESIDENT: Thank you very much, everyone."));
  const body = doc.paragraphs.join("\n");
  assert.doesNotMatch(body, /Share this page|All News|googletagmanager|function\(|Copy URL/);
});

test("whitehouse.gov page: White House `Q` keeps a plain space after it", () => {
  const rel = "html-pages/2020-03-14-remarks-president-trump-vice-president-pence-members-coronavirus-task-force-press-briefing.html";
  const [doc] = readDocuments(corpusBytes(rel), rel);
  assert.ok(doc?.paragraphs.includes("Q Mr. President, have you been sending mixed messages, sir?"));
  assert.ok(!doc?.paragraphs.some((p) => p.includes("\u00a0")));
});

test("markdown with front matter: published_time keeps its offset, escapes and emphasis removed", () => {
  const rel = "whitehouse-briefings/2021-04-30-press-gaggle-by-press-secretary-jen-psaki-aboard-air-force-one-en-route-philadelphia-pa.md";
  const [doc] = readDocuments(corpusBytes(rel), rel);
  assert.ok(doc);
  assert.equal(doc.title, "Press Gaggle by Press Secretary Jen Psaki Aboard Air Force One En Route Philadelphia, PA");
  assert.equal(doc.published, "2021-04-30T17:40:09-04:00");
  assert.equal(doc.section, null);
  assert.equal(doc.dateline, null);
  assert.equal(doc.paragraphs[0], "1:13 P.M. EDT");
  assert.ok(doc.paragraphs[1]?.startsWith("MS. PSAKI: Good afternoon. Happy Friday. Welcome to our trip to Philadelphia"));

  const rel2 = "whitehouse-briefings/2022-02-21-background-press-call-by-senior-administration-officials-on-russia-and-ukraine.md";
  const [doc2] = readDocuments(corpusBytes(rel2), rel2);
  assert.equal(doc2?.dateline, "Via Teleconference");
  const text = doc2?.paragraphs.join("\n") ?? "";
  assert.match(text, /Our speaker tonight is \[senior administration official\]\./);
  assert.doesNotMatch(text, /\\[[\]_#]|\*\*/);
});

test("markdown release: links, bold and list markers become plain text; ### kept", () => {
  const rel = "whitehouse-releases/2024-03-19-statement-from-president-joe-biden-on-government-funding.md";
  const [doc] = readDocuments(corpusBytes(rel), rel);
  assert.equal(doc?.kindHint, "statement");
  assert.equal(doc?.paragraphs.at(-1), "###");
  const rel2 = "whitehouse-releases/2025-06-30-lower-gas-prices-just-in-time-for-summer-holiday-travel.md";
  const [doc2] = readDocuments(corpusBytes(rel2), rel2);
  assert.ok(doc2?.paragraphs.some((p) => p.startsWith("According to CNBC, “gas is the cheapest it’s ever been.”")));
  assert.doesNotMatch(doc2?.paragraphs.join("\n") ?? "", /\]\(|https:\/\/www\.cnbc|\*\*/);
});

test("local letterhead release: contact block and prefix removed, date, office and dateline read", () => {
  const rel = "local-press-releases/2019-04-10-dallas-tx-pr-gangunitgrant-pdf.txt";
  const [doc] = readDocuments(corpusBytes(rel), rel);
  assert.ok(doc);
  assert.equal(doc.title, "$1.2 Million Grant Allows District Attorney’s Office to Double Size of Gang Unit");
  assert.equal(doc.section, "Dallas County District Attorney’s Office");
  assert.equal(doc.published, "2019-04-10");
  assert.equal(doc.dateline, "Dallas, Texas");
  assert.equal(doc.kindHint, "press_release");
  assert.ok(doc.paragraphs[0]?.startsWith("(Dallas, Texas) – The Dallas County Criminal District Attorney’s Office is expanding its Gang Unit thanks to a new $1.2 million dollar grant"));
  const body = doc.paragraphs.join("\n");
  assert.doesNotMatch(body, /Contact:|Kimberlee|For Immediate Release|214\/653-3600/);
});

test("local web-page release: site name, skip link and contact lines removed; link fragments rejoined", () => {
  const rel = "local-press-releases/2025-06-04-cook-il-cook-county-states-attorney-burke-issues-transition-report.txt";
  const [doc] = readDocuments(corpusBytes(rel), rel);
  assert.ok(doc);
  assert.equal(doc.title, "COOK COUNTY STATE’S ATTORNEY BURKE ISSUES TRANSITION REPORT");
  assert.equal(doc.published, "2025-06-04");
  assert.equal(doc.dateline, "CHICAGO");
  assert.equal(doc.source.name, "Cook County State's Attorney");
  assert.ok(doc.paragraphs.some((p) => p.endsWith("The full transition report can be read HERE.")));
  assert.doesNotMatch(doc.paragraphs.join("\n"), /Skip to main content|sao\.media@/);
});

test("whole RSS feed: one document per item, feed title as source name", async () => {
  const docs = await readFileDocuments(resolve(CORPUS, "feeds/2022-08-03-state-gov-press-releases-feed.rss"));
  assert.equal(docs.length, 10);
  assert.ok(docs.every((d) => d.source.format === "rss-feed" && d.source.name === "Press Releases – United States Department of State"));
  assert.equal(docs[0]?.title, "Art in Embassies Announces New Temporary Exhibitions for Chief of Mission Residences");
  assert.equal(docs[0]?.published, "2022-08-03T19:49:23+00:00");
  assert.ok(docs.every((d) => !d.paragraphs.some((p) => /jQuery/.test(p))));
});

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

test("gold metadata: headline, section, published, dateline (and kind for non-transcripts) match", () => {
  const files = walk(CORPUS);
  const golds = readdirSync(GOLD).filter((n) => n.endsWith(".json"));
  assert.ok(golds.length >= 12);
  for (const g of golds) {
    const gold = JSON.parse(readFileSync(join(GOLD, g), "utf8"));
    const file = files.find((f) => basename(f).replace(/\.[^.]+$/, "") === g.replace(/\.json$/, ""));
    assert.ok(file, `corpus file for ${g}`);
    const [doc] = readDocuments(readFileSync(file), file);
    assert.ok(doc);
    const unscored: string[] = gold.unscored ?? [];
    const got: Record<string, unknown> = { headline: doc.title, section: doc.section, published: doc.published, dateline: doc.dateline, kind: doc.kindHint };
    for (const k of ["headline", "section", "published", "dateline", "kind"]) {
      if (unscored.includes(k) || (k === "kind" && gold.kind === "transcript")) continue;
      assert.equal(got[k], gold[k], `${g}: ${k}`);
    }
  }
});

test("every corpus file reads without error, without chrome, mojibake or markup", () => {
  let docs = 0;
  for (const f of walk(CORPUS).filter((x) => !x.endsWith("SOURCES.md"))) {
    for (const d of readDocuments(readFileSync(f), f)) {
      docs++;
      assert.ok(d.title && d.title.length < 500, `title of ${f}`);
      assert.ok(d.paragraphs.length > 0);
      for (const p of d.paragraphs) {
        assert.doesNotMatch(p, /There were [\d,]+ press releases|jQuery\(|â€|Ã©|<\/?(?:p|div|span|strong|script)\b|&(?:nbsp|amp|#\d+);|\s{2}|\u00a0/, `${basename(f)}: ${p.slice(0, 80)}`);
      }
    }
  }
  assert.equal(docs, 220);
});

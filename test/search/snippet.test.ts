import { test } from "node:test";
import assert from "node:assert/strict";
import { highlightTerms, lightStem, makeSnippet } from "../../src/search/snippet.js";
import { parseQuery } from "../../src/search/query.js";

const terms = (q: string) => highlightTerms(parseQuery(q).ast);

test("light stemmer joins common English endings", () => {
  for (const [a, b] of [["tariffs", "tariff"], ["talks", "talked"], ["talking", "talk"], ["policies", "policy"], ["résumé", "résumé"]] as const) {
    assert.equal(lightStem(a), lightStem(b), `${a} ~ ${b}`);
  }
});

test("snippet escapes everything and marks hits, phrases as one run", () => {
  const text = "Intro words here. The <b>new</b> ferry timetable & fares start Monday; the Ferry Timetable is online.";
  const s = makeSnippet(text, terms('"ferry timetable"'))!;
  assert.equal(s, "Intro words here. The &lt;b&gt;new&lt;/b&gt; <mark>ferry timetable</mark> &amp; fares start Monday; the <mark>Ferry Timetable</mark> is online.");
  assert.equal(makeSnippet(text, terms("airport")), null);
});

test("snippet window: ellipses where cut, accents folded", () => {
  const words = Array.from({ length: 200 }, (_, i) => `w${i}`);
  words[120] = "Café";
  const s = makeSnippet(words.join(" "), terms("cafe"), 20)!;
  assert.ok(s.startsWith("…") && s.endsWith("…"), s);
  assert.ok(s.includes("<mark>Café</mark>"), s);
  assert.equal(s.split(" ").length, 20);
});

test("curly quotes, dashes and no-break spaces around a hit do not hide it, and accented words still match", () => {
  const text = "“Harbor fees” — he said\u00a0— “will rise.” Later the ministry’s café owners met; the Café Reyes stayed open.";
  assert.equal(makeSnippet(text, terms("fees")), "“Harbor <mark>fees</mark>” — he said\u00a0— “will rise.” Later the ministry’s café owners met; the Café Reyes stayed open.");
  const cafe = makeSnippet(text, terms("café"))!;
  assert.equal((cafe.match(/<mark>/g) ?? []).length, 2, cafe);
  assert.match(makeSnippet(text, terms("ministry"))!, /<mark>ministry<\/mark>’s/);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { firstCandidateByte, highlightTerms, lightStem, makeSnippet, makeSnippetFromPrefix, snippetKeys } from "../../src/search/snippet.js";
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

test("snippetKeys: first stem less its last letter, null for non-ASCII", () => {
  assert.deepEqual(snippetKeys(terms('Fauci "press availability" -x')), ["fauc", "pre"]); // press → pres (stem) → pre
  assert.deepEqual(snippetKeys(terms("a 5")), ["a", "5"]);
  assert.deepEqual(snippetKeys(terms("Zürich")), ["zuric"], "accents are folded first");
  assert.equal(snippetKeys(terms("Москва")), null);
});

test("firstCandidateByte: keys in either case, letters beyond ASCII; quiet punctuation and no-break space skipped", () => {
  const at = (s: string, q: string) => firstCandidateByte(Buffer.from(s, "utf8"), snippetKeys(terms(q))!);
  assert.equal(at("The office said", "Fauci"), -1);
  assert.equal(at("Dr. FAUCI said", "fauci"), 4);
  assert.equal(at("“Quoted” — words\u00a0and\u2009more", "fauci"), -1, "curly quotes, dashes, thin and no-break spaces hold no letter");
  assert.equal(at("ab café", "fauci"), 6, "é (2 bytes) may fold to a letter");
  assert.equal(at("x\u2070y", "fauci"), 1, "superscript zero is past General Punctuation: a digit when folded");
  assert.equal(at("so the President spoke", '"the President" vaccine'), 3);
  assert.equal(firstCandidateByte(Uint8Array.from([0x41, 0xe2, 0x80]), ["zz"]), 1, "a cut-off sequence counts as a candidate");
});

test("snippets of long texts: the scan skips words that only start like a term, same result as reading every word", () => {
  const filler = Array.from({ length: 400 }, (_, i) => `Presidential pressure expressed ${i}.`).join(" ");
  const text = `${filler} The press availability was short. ${filler}`;
  const s = makeSnippet(text, terms('"press availability"'))!;
  assert.match(s, /<mark>press availability<\/mark>/);
  assert.ok(s.startsWith("…") && s.endsWith("…"), s);
  // no match at all: null, whether the text is long or short
  assert.equal(makeSnippet(filler, terms('"press availability"')), null);
  assert.equal(makeSnippet("Presidential pressure.", terms("press")), null);
  // a word cut at the end of a prefix is no evidence: the whole text decides
  assert.equal(makeSnippetFromPrefix(`${filler} The press`, Infinity, terms('"press availability"')), undefined);
});

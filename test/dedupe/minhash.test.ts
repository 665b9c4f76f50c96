/** Unit tests of the pure near-duplicate parts: normalisation, shingles, MinHash, banding. */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BANDS, PERMUTATIONS, ROWS, MIN_TOKENS, SAME_SOURCE_JACCARD,
  bandKeys, compare, sourceKey, decodeSignature, dedupeTokens, encodeSignature, estimateJaccard, fingerprint, isBoilerplateLine, jaccard, minhash, shareBand, shingles,
} from "../../src/dedupe/index.js";

const RELEASE = `The Harbour Authority said on Tuesday that the “night crossing” timetable — three sailings after dark — starts in April.

Tickets for the lanternfish route go on sale on Monday, and season passes cost the same as last year’s.`;

test("normalisation ignores case, quotes, dashes, apostrophes and line wrapping", () => {
  const retyped = RELEASE.replace(/[“”]/g, '"').replace(/’/g, "'").replace(/ — /g, " -- ").toUpperCase().replace(/ /g, "\n");
  assert.deepEqual(dedupeTokens(retyped), dedupeTokens(RELEASE));
  assert.deepEqual(dedupeTokens(RELEASE).slice(0, 4), ["the", "harbour", "authority", "said"]);
  assert.ok(dedupeTokens(RELEASE).includes("years"), "last year’s → years");
  assert.deepEqual(dedupeTokens(""), []);
});

test("normalisation drops wire banners, release markers and contact lines", () => {
  const wrapped = `There were 212 press releases posted in the last 24 hours and 80,315 in the last 365 days.\nFOR IMMEDIATE RELEASE\n${RELEASE}\n###\n-30-\nMedia contact: desk@wire.example\nSource: Lantern Street Wire\nhttps://wire.example/releases/1\nCopyright 2026 Lantern Street Wire`;
  assert.deepEqual(dedupeTokens(wrapped), dedupeTokens(RELEASE));
  assert.equal(isBoilerplateLine("###"), true);
  assert.equal(isBoilerplateLine("Media Contact: Jo Bloggs, 555-0100"), true);
  // A sentence that merely mentions a source is kept.
  assert.equal(isBoilerplateLine("The source of the funding is the harbour levy."), false);
  assert.equal(isBoilerplateLine(""), false);
});

test("normalisation drops 'About' sections, related-links lines and notes about the copy", () => {
  const withSections = `${RELEASE}\n\nAbout the Harbour Authority\nThe Harbour Authority runs the ferries,\nthe quays and the lighthouse.\n\nAbout Lantern Street Wire: we carry releases around the clock.\nRelated: Harbour opens new terminal; Library extends hours\nCorrection: an earlier version misspelt the route.\nEditor’s note: times are local.`;
  assert.deepEqual(dedupeTokens(withSections), dedupeTokens(RELEASE));
  // "About" inside a sentence, or in lower case, is text.
  assert.ok(dedupeTokens("About three sailings leave each night: the first at nine.").includes("three"));
  assert.ok(dedupeTokens("about the Harbour Authority: it runs the ferries.").includes("ferries"));
});

test("shingles are overlapping 5-word windows; short texts give one shingle", () => {
  assert.equal(shingles("a b c d e f g".split(" ")).size, 3);
  assert.equal(shingles(["a", "b"]).size, 1);
  assert.equal(shingles([]).size, 0);
  // Word order matters: the same words in another order share no 5-word window.
  const fwd = shingles("one two three four five six".split(" "));
  const rev = shingles("six five four three two one".split(" "));
  assert.equal(jaccard(fwd, rev), 0);
  assert.deepEqual(shingles("one two three four five six".split(" ")), fwd);
});

function range(from: number, to: number): Set<number> {
  const s = new Set<number>();
  for (let i = from; i < to; i++) s.add(Math.imul(i, 2654435761) >>> 0);
  return s;
}

test("MinHash estimates the true Jaccard similarity of known sets", () => {
  // A = [0, 1000); B = [k, k + 1000): J = (1000 - k) / (1000 + k).
  for (const k of [0, 100, 333, 500, 818, 1000]) {
    const a = range(0, 1000);
    const b = range(k, k + 1000);
    const truth = jaccard(a, b);
    const est = estimateJaccard(minhash(a), minhash(b));
    // Standard error is at most sqrt(0.25 / 120) ≈ 0.046; allow about 2.6 of them.
    assert.ok(Math.abs(est - truth) <= 0.12, `k=${k}: estimate ${est} vs true ${truth}`);
  }
  assert.equal(estimateJaccard(minhash(range(0, 50)), minhash(range(0, 50))), 1);
  assert.throws(() => estimateJaccard(new Uint32Array(3), new Uint32Array(4)), RangeError);
});

test("banding makes similar sets candidates and dissimilar ones rarely", () => {
  assert.equal(BANDS * ROWS, PERMUTATIONS);
  let similar = 0;
  let dissimilar = 0;
  for (let t = 0; t < 100; t++) {
    const base = t * 10_000;
    // J = 600 / 1400 ≈ 0.43 (just above the same-release threshold) and J = 50 / 1950 ≈ 0.026.
    const a = minhash(range(base, base + 1000));
    if (shareBand({ bands: bandKeys(a) }, { bands: bandKeys(minhash(range(base + 400, base + 1400))) })) similar++;
    if (shareBand({ bands: bandKeys(a) }, { bands: bandKeys(minhash(range(base + 950, base + 1950))) })) dissimilar++;
  }
  // Theory: 1 − (1 − J³)⁴⁰ = 0.96 at J = 0.43 and 0.0007 at J = 0.026.
  assert.ok(similar >= 90, `similar pairs that became candidates: ${similar}/100`);
  assert.ok(dissimilar <= 3, `dissimilar pairs that became candidates: ${dissimilar}/100`);
  const keys = bandKeys(minhash(range(0, 10)));
  assert.equal(keys.length, BANDS);
  assert.ok(keys.every((k) => /^[0-9a-f]{16}$/.test(k)));
  assert.throws(() => bandKeys(new Uint32Array(7)), RangeError);
});

test("signatures survive a round trip through text; malformed text is refused", () => {
  const sig = minhash(range(0, 300));
  const text = encodeSignature(sig);
  assert.equal(text.length, PERMUTATIONS * 8);
  assert.deepEqual(decodeSignature(text), sig);
  assert.throws(() => decodeSignature("zz"), RangeError);
  assert.throws(() => decodeSignature("g".repeat(PERMUTATIONS * 8)), RangeError);
});

test("fingerprints: too-short bodies get none; a reformatted copy is the same release, another release is not", () => {
  assert.equal(fingerprint("Statement to follow."), null);
  assert.equal(fingerprint(Array.from({ length: MIN_TOKENS - 1 }, (_, i) => `w${i}`).join(" ")), null);
  const a = fingerprint(RELEASE)!;
  const copy = fingerprint(`FOR IMMEDIATE RELEASE\n\n${RELEASE.replace(/[“”]/g, '"').replace(/(.{40}) /g, "$1\n")}\n\n###`)!;
  const other = fingerprint(`The Harbour Authority said on Wednesday that the ferry terminal car park closes for resurfacing in May.\n\nDrivers should use the overflow car park on Quay Street, which stays free of charge until the works end.`)!;
  assert.equal(compare(a, copy).same, true);
  assert.equal(compare(a, copy).jaccard, 1);
  assert.equal(compare(a, other).same, false);
  assert.ok(compare(a, other).jaccard < 0.2);
});

test("source keys: name first, else the URL's host without www, else unknown", () => {
  assert.equal(sourceKey("  Lantern   Street Wire ", "https://x.example"), "name:lantern street wire");
  assert.equal(sourceKey(null, "https://www.state.gov/briefings/x/"), "host:state.gov");
  assert.equal(sourceKey("", "not a url"), null);
  assert.equal(sourceKey(null, null), null);
});

test("decision rule: containment across sources, a stricter bar within one source", () => {
  const words = (from: number, n: number) => Array.from({ length: n }, (_, i) => `w${from + i}`).join(" ");
  // A 100-word release inside a copy that adds 150 words of the wire's own: J ≈ 0.4, containment 1.
  const release = fingerprint(words(0, 100))!;
  const padded = fingerprint(`${words(0, 100)} ${words(5000, 150)}`)!;
  const across = compare(release, padded);
  assert.ok(across.jaccard < 0.55 && across.jaccard >= 0.3, `jaccard ${across.jaccard}`);
  assert.ok(across.containment >= 0.8, `containment ${across.containment}`);
  assert.equal(across.same, true, "another wire's padded copy is the same release");
  assert.equal(compare(release, padded, { sameSource: true }).same, false, "within one source only near-identical bodies match");
  // Two releases sharing a 100-word block, each with 100 words of its own (a form letter): not the same.
  const letter1 = fingerprint(`${words(0, 100)} ${words(1000, 100)}`)!;
  const letter2 = fingerprint(`${words(0, 100)} ${words(2000, 100)}`)!;
  const form = compare(letter1, letter2);
  assert.ok(form.containment < 0.8, `containment ${form.containment}`);
  assert.equal(form.same, false);
  // The same body twice from one source (a changed guid) still matches.
  assert.equal(compare(release, fingerprint(words(0, 100))!, { sameSource: true }).same, true);
  assert.ok(SAME_SOURCE_JACCARD > 0.55);
});

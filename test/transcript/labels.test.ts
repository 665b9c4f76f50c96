import { test } from "node:test";
import assert from "node:assert/strict";
import { findLabels, matchLabelAt, isSpeakerLabel } from "../../src/transcript/labels.js";

const head = (p: string) => matchLabelAt(p, 0, true);

test("label shapes at paragraph start", () => {
  assert.equal(head("MR PRICE: Good afternoon.")?.label, "MR PRICE");
  assert.equal(head("MS. PSAKI: Hi there.")?.label, "MS. PSAKI");
  assert.equal(head("MS. O'NEILL: Thanks.")?.label, "MS. O'NEILL");
  assert.equal(head("MR. JEAN-PIERRE: Okay.")?.label, "MR. JEAN-PIERRE");
  assert.equal(head("SENIOR STATE DEPARTMENT OFFICIAL ONE: Sure.")?.label, "SENIOR STATE DEPARTMENT OFFICIAL ONE");
  assert.equal(head("DEPUTY SECRETARY SHERMAN: Good to be here.")?.label, "DEPUTY SECRETARY SHERMAN");
  assert.equal(head("Moderator: Welcome, all.")?.label, "Moderator");
});

test("stage directions next to the label are not part of it", () => {
  const a = head("FOREIGN MINISTER ZORIN: (Via interpreter) We agree.");
  assert.equal(a?.label, "FOREIGN MINISTER ZORIN");
  assert.equal(a?.direction, "Via interpreter");
  const b = head("THE SECRETARY (in progress): and so we left.");
  assert.equal(b?.label, "THE SECRETARY");
  assert.equal(b?.direction, "in progress");
});

test("White House bare Q", () => {
  const q = head("Q    Thanks. Two things on trade.".replace(/ +/g, " "));
  assert.equal(q?.label, "Q");
  assert.equal(q?.shape, "q");
  assert.equal(head("Q and A sessions are planned."), null);
});

test("text that only looks like a label", () => {
  assert.equal(head("Mr. Secretary, can you tell us: what next?"), null);
  assert.equal(head("Here is the deal: we wait."), null);
  assert.equal(head("NOTE: embargoed."), null);
  assert.equal(head("MEDIA CONTACT: press office"), null);
  assert.equal(head("10:30 a.m. EDT"), null);
  assert.equal(head("Ned Price: a statement."), null);
  assert.equal(isSpeakerLabel("Secretary Quill"), true);
  assert.equal(isSpeakerLabel("Two Things"), false);
});

test("label buried mid-paragraph after the previous speaker's last sentence", () => {
  const hits = findLabels("Q Will he travel? MS. VANCE: Not this week. Q Next week?", { known: new Set(["MS. VANCE", "Q"]), buriedQ: true });
  assert.deepEqual(hits.map((h) => h.label), ["Q", "MS. VANCE", "Q"]);
  // an unknown title-less upper-case word after a sentence is not a label
  assert.equal(findLabels("We met. NASA: is a partner.", { known: new Set() }).length, 0);
});

test("findLabels takes the start label from the caller when given, and reads it itself otherwise", () => {
  const p = "MS. VANCE: Not this week. MODERATOR: Next question.";
  const own = findLabels(p, { known: new Set(["MS. VANCE"]) });
  assert.deepEqual(own.map((h) => [h.label, h.start]), [["MS. VANCE", 0], ["MODERATOR", 26]]);
  // the same hit handed in gives the same result
  assert.deepEqual(findLabels(p, { known: new Set(["MS. VANCE"]), head: matchLabelAt(p, 0, true) }), own);
  // null: the caller found no label at the start, so only the buried one is read
  assert.deepEqual(findLabels(p, { known: new Set(["MS. VANCE"]), head: null }).map((h) => h.label), ["MODERATOR"]);
});

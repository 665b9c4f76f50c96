import { test } from "node:test";
import assert from "node:assert/strict";
import { countsOf, diffCounts, type DocCounts } from "../../src/tools/parse-diff.js";
import type { Structure } from "../../src/core/transcript-types.js";

const base: DocCounts = { kind: "transcript", turns: 10, participants: 4, questioners: 2, named: 1, exchanges: 3, followUps: 1, events: 0, basis: null, warnings: 0 };

test("diffCounts names each changed field, and added and removed documents", () => {
  const changes = diffCounts(
    { "a.txt": base, "gone.txt": base },
    { "a.txt": { ...base, turns: 12, named: 2 }, "new.txt": base },
  );
  assert.deepEqual(changes, [
    { doc: "a.txt", field: "turns", before: 10, after: 12 },
    { doc: "a.txt", field: "named", before: 1, after: 2 },
    { doc: "gone.txt", field: "(removed)", before: base, after: null },
    { doc: "new.txt", field: "(added)", before: null, after: base },
  ]);
  assert.deepEqual(diffCounts({ "a.txt": base }, { "a.txt": { ...base } }), []);
});

test("countsOf counts questioners, named questioners and follow-ups", () => {
  const s: Structure = {
    headline: "h", section: null, kind: "transcript", published: null, dateline: null,
    ground_rules: { basis: "on_background", attribute_to: "Senior Official" },
    participants: [
      { id: "m", label: "MODERATOR", role: "moderator", name: null, affiliation: null },
      { id: "q1", label: "QUESTION", role: "questioner", name: "Ann Example", affiliation: "Daily Example" },
      { id: "q2", label: "QUESTION", role: "questioner", name: null, affiliation: null },
    ],
    turns: [],
    exchanges: [
      { questioner: "q1", question_turns: [1], answer_turns: [2], follow_up: false },
      { questioner: "q1", question_turns: [3], answer_turns: [4], follow_up: true },
    ],
    events: [{ turn: 2, type: "laughter", participant: null }],
    warnings: ["unresolved_label:X"],
  };
  assert.deepEqual(countsOf(s), { kind: "transcript", turns: 0, participants: 3, questioners: 2, named: 1, exchanges: 2, followUps: 1, events: 1, basis: "on_background", warnings: 1 });
});

/**
 * Real-name replacement on background (defect 5 of the live-briefing review): titles in the
 * set-up's real name, curly apostrophes, names typed without accents or in lower case.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { replaceRealNames, type Official } from "../../src/briefing/index.js";

const OFFICIALS: Official[] = [
  { id: "o1", realName: "Dr. Margaret O'Neill-Quill", label: "SENIOR OFFICIAL ONE" },
  { id: "o2", realName: "José Álvarez", label: "SENIOR OFFICIAL TWO" },
];

test("real names are found however they are typed; the typed span is what is replaced", () => {
  const cases: [string, string, string[]][] = [
    ["Thanks, Margaret.", "Thanks, Senior Official One.", ["o1"]],
    ["Margaret O'Neill-Quill here.", "Senior Official One here.", ["o1"]],
    ["Dr. Margaret O'Neill-Quill here.", "Senior Official One here.", ["o1"]],
    ["Dr. O'Neill-Quill agrees.", "Senior Official One agrees.", ["o1"]],
    ["Ms. O\u2019Neill-Quill agrees.", "Senior Official One agrees.", ["o1"]],
    ["margaret o'neill-quill, lower case.", "Senior Official One, lower case.", ["o1"]],
    ["Margaret\nO\u2019Neill-Quill on a new line.", "Senior Official One on a new line.", ["o1"]],
    ["O'NEILL-QUILL said so.", "SENIOR OFFICIAL ONE said so.", ["o1"]],
    ["Jose Alvarez spoke.", "Senior Official Two spoke.", ["o2"]],
    ["jose alvarez spoke.", "Senior Official Two spoke.", ["o2"]],
    ["Mr. Alvarez agrees; ALVAREZ too.", "Senior Official Two agrees; SENIOR OFFICIAL TWO too.", ["o2"]],
    ["Jose\u0301 A\u0301lvarez (combining accents).", "Senior Official Two (combining accents).", ["o2"]],
    ["Thank you, José. Then Margaret O'Neill-Quill.", "Thank you, Senior Official Two. Then Senior Official One.", ["o1", "o2"]],
    ["Quill alone, and alvarez in lower case, stay.", "Quill alone, and alvarez in lower case, stay.", []],
    ["Café — naïve “quotes” stay as typed.", "Café — naïve “quotes” stay as typed.", []],
  ];
  for (const [text, want, ids] of cases) {
    assert.deepEqual(replaceRealNames(text, OFFICIALS), { text: want, replaced: ids }, text);
  }
});

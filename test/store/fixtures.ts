/** Small hand-written items for the store and search tests (our own text). */
import { createHash } from "node:crypto";
import type { ItemInput } from "../../src/core/item.js";
import type { Structure } from "../../src/core/transcript-types.js";
import type { Clock } from "../../src/core/clock.js";
import { openTestStore, testLocation } from "../db.js";
import type { Store } from "../../src/store/store.js";

export function hash(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}

/** An item input with sensible defaults; `contentHash` follows headline+body unless given. */
export function item(p: Partial<ItemInput> & { identity: string }): ItemInput {
  const headline = p.headline ?? `Headline for ${p.identity}`;
  const body = p.body ?? "The office issued a routine notice about office hours.";
  return {
    identity: p.identity,
    contentHash: p.contentHash ?? hash(`${headline}\n${body}\n${p.section ?? ""}\n${p.kind ?? ""}`),
    headline,
    section: p.section ?? null,
    kind: p.kind ?? "press_release",
    published: p.published ?? null,
    dateline: p.dateline ?? null,
    source: p.source ?? { path: null, url: null, guid: p.identity, name: "Test Wire", format: "text" },
    body,
    transcript: p.transcript ?? null,
    groundRules: p.groundRules ?? { basis: null, attribute_to: null },
  };
}

/** A small briefing transcript with two exchanges. */
export function briefing(identity: string): ItemInput {
  const t: Structure = {
    headline: "Daily Briefing on Harbor Works",
    section: "Briefings",
    kind: "transcript",
    published: "2024-05-02",
    dateline: "Capital City",
    ground_rules: { basis: "on_the_record", attribute_to: null },
    participants: [
      { id: "p1", label: "SPOKESPERSON", role: "official", name: "Dana Example", affiliation: null },
      { id: "p2", label: "QUESTION", role: "questioner", name: "Rui Sample", affiliation: "Harbor Gazette" },
      { id: "p3", label: "QUESTION", role: "questioner", name: "Ola Placeholder", affiliation: "Valley Radio" },
    ],
    turns: [
      { index: 0, speaker: "p1", label: "SPOKESPERSON", text: "Good morning. Today we start with the dredging schedule." },
      { index: 1, speaker: "p2", label: "QUESTION", text: "When will the lighthouse restoration finish?" },
      { index: 2, speaker: "p1", label: "SPOKESPERSON", text: "The lighthouse work ends in autumn, weather permitting." },
      { index: 3, speaker: "p3", label: "QUESTION", text: "What does the bus subsidy cost?" },
      { index: 4, speaker: "p1", label: "SPOKESPERSON", text: "The subsidy is funded from the port budget, not from the lighthouse grant." },
    ],
    exchanges: [
      { questioner: "p2", question_turns: [1], answer_turns: [2], follow_up: false },
      { questioner: "p3", question_turns: [3], answer_turns: [4], follow_up: false },
    ],
    events: [],
  };
  const body = t.turns.map((x) => `${x.label}: ${x.text}`).join("\n\n");
  return item({ identity, headline: t.headline, section: "Briefings", kind: "transcript", published: "2024-05-02", body, transcript: t });
}

/**
 * A fresh store on the database of this test run (`test/db.ts`: a SQLite file in a temp
 * folder, or a PostgreSQL schema); `done()` closes it and removes the folder or schema.
 * `file` is the SQLite file, or "" on PostgreSQL (use `rawQuery` from `test/db.ts` to look
 * under the store on either database).
 */
export async function tempStore(clock: Clock): Promise<{ store: Store; file: string; done: () => Promise<void> }> {
  const store = await openTestStore({ clock });
  const loc = testLocation(store);
  return { store, file: loc.dialect === "sqlite" ? loc.file : "", done: () => store.close() };
}

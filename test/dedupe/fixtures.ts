/** A real SQLite store in a temp folder, and corpus releases as two wires would deliver them. */
import { fixedClock } from "../../src/core/clock.js";
import type { ItemInput } from "../../src/core/item.js";
import { openTestStore } from "../db.js";
import type { Store } from "../../src/store/store.js";
import { runTasksOnce } from "../../src/worker/runner.js";
import { dedupeTask } from "../../src/dedupe/task.js";
import { corpusDoc, ingest, reformat, type Variant } from "./corpus.js";

export const T0 = Date.parse("2026-05-04T12:00:00Z");
export const H = 3_600_000;

/** A corpus release as it came (source as in the corpus). */
export function original(file: string): ItemInput {
  return corpusDoc(file).input;
}

/** The same release as another wire delivers it: reformatted, read back, under that wire's identity and name. */
export function copyOf(file: string, variant: Variant, wire: { name: string; guid: string }): ItemInput {
  const doc = corpusDoc(file).input;
  const { name, text } = reformat(doc, variant);
  const got = ingest(Buffer.from(text, "utf8"), `/wires/${wire.guid}/${name}`)[0]!;
  return {
    ...got,
    identity: `guid:${wire.guid}`,
    source: { ...got.source, guid: wire.guid, name: wire.name, url: `https://${wire.guid}.example.net/release` },
  };
}

/** A fresh store on a fixed clock; `close` removes it. */
export async function freshStore(): Promise<{ store: Store; clock: ReturnType<typeof fixedClock>; close(): Promise<void> }> {
  const clock = fixedClock(T0);
  const store = await openTestStore({ clock });
  return { store, clock, close: () => store.close() };
}

/** Run the `dedupe` background task once (as `pressroom worker --once` does); returns log lines and failed task names. */
export async function runDedupeTask(store: Store, clock: { now(): number }): Promise<{ failed: string[]; log: string[] }> {
  const log: string[] = [];
  const failed = await runTasksOnce([dedupeTask()], { store, clock, log: (m) => log.push(m) });
  return { failed, log };
}

/** Corpus files used by the store and HTTP tests: two releases of one office, days apart. */
export const ELAD = "state-press-releases/2022-05-06-terrorist-attack-in-elad-israel.xml";
export const SYRIA = "state-press-releases/2022-05-10-u-s-announces-additional-humanitarian-assistance-for-the-syria-crisis-response-2.xml";
export const SCHEDULE = "state-press-releases/2022-05-15-public-schedule-may-15-2022.xml";
/** Two letters of one form (the same opening paragraph, different emergencies): different releases. */
export const LETTER_TERRORISM = "whitehouse-releases/2021-09-15-letter-to-the-speaker-and-the-president-of-the-senate-on-the-continuation-of-the-national-emergency-with-respect-with-respect-to-persons-who-commit-threaten-to-commit-or-support-terrorism.md";
export const LETTER_CAR = "whitehouse-releases/2022-05-09-letter-to-the-speaker-of-the-house-of-representatives-and-the-president-of-the-senate-on-the-continuation-of-the-national-emergency-with-respect-to-the-central-african-republic.md";

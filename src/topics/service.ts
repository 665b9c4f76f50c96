/**
 * Topic operations shared by the CLI, the background task and the tests: loading a
 * vocabulary file into the store and classifying items that are waiting.
 */
import { readFile, stat } from "node:fs/promises";
import { PressroomError } from "../core/errors.js";
import type { Store } from "../store/store.js";
import type { LoadResult } from "../store/topics.js";
import { classify } from "./classify.js";
import { parseMediaTopics, type Vocabulary } from "./vocab.js";

/** Largest vocabulary file read (bytes): the 2019 release is 0.85 MB. */
export const MAX_VOCAB_BYTES = 64 * 1024 * 1024;

/**
 * Read, check and load a Media Topics SKOS JSON file (upsert by qcode).
 * @throws PressroomError `PRESSROOM_E_UNREADABLE` (missing, a folder, unreadable),
 *   `PRESSROOM_E_TOO_LARGE` (over {@link MAX_VOCAB_BYTES}), and what {@link parseMediaTopics} throws.
 *   Nothing is stored when it throws.
 */
export async function loadVocabularyFile(store: Store, path: string): Promise<LoadResult & { vocabulary: Vocabulary["scheme"] }> {
  let text: string;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw new PressroomError("PRESSROOM_E_UNREADABLE", `${path} is a folder, not a vocabulary file`);
    if (st.size > MAX_VOCAB_BYTES) throw new PressroomError("PRESSROOM_E_TOO_LARGE", `${path} is ${st.size} bytes, over the ${MAX_VOCAB_BYTES}-byte limit`);
    text = await readFile(path, "utf8");
  } catch (e) {
    if (e instanceof PressroomError) throw e;
    throw new PressroomError("PRESSROOM_E_UNREADABLE", `${path}: ${e instanceof Error ? e.message.replace(/^[A-Z]+: /, "") : String(e)}`);
  }
  const v = parseMediaTopics(text);
  const r = await store.topics.load(v.scheme, v.concepts);
  return { ...r, vocabulary: v.scheme };
}

/** Result of one classification round. */
export interface ClassifyRun {
  /** Items looked at. */
  classified: number;
  /** Of those, items that got at least one subject. */
  withSubjects: number;
  /** Items skipped because they changed while being classified (done next round). */
  skipped: number;
}

/**
 * Classify public items whose latest version has not been classified yet, in batches,
 * until none is left or `maxItems` were done. Does nothing (returns zeros) before a
 * vocabulary is loaded.
 * @param opts.all forget earlier runs first, so every item is classified again.
 * @param opts.maxItems stop after this many items (default: no limit); the background task uses a bound.
 */
export async function classifyPending(store: Store, opts: { all?: boolean; maxItems?: number; batch?: number } = {}): Promise<ClassifyRun> {
  const out: ClassifyRun = { classified: 0, withSubjects: 0, skipped: 0 };
  if (!(await store.topics.vocabulary())) return out;
  if (opts.all) await store.topics.resetRuns();
  const known = new Set((await store.topics.list()).map((t) => t.qcode));
  const batch = Math.min(1000, Math.max(1, opts.batch ?? 200));
  const max = opts.maxItems ?? Infinity;
  const seen = new Set<number>();
  while (out.classified + out.skipped < max) {
    const items = (await store.topics.pending(batch)).filter((i) => !seen.has(i.seq));
    if (items.length === 0) break;
    for (const it of items) {
      if (out.classified + out.skipped >= max) break;
      // Let the server answer requests between items: the store calls do not yield to I/O.
      await new Promise<void>((resolve) => setImmediate(resolve));
      seen.add(it.seq);
      const subjects = classify({ headline: it.headline, body: it.body, section: it.section }, known);
      const saved = await store.topics.saveSubjects(it.seq, it.version, subjects);
      if (!saved) { out.skipped++; continue; }
      out.classified++;
      if (subjects.length) out.withSubjects++;
    }
  }
  return out;
}

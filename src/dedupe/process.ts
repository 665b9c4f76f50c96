/**
 * The `dedupe` background task (issue 6): groups the same release arriving from several
 * sources into one story. Each run takes public items the task has not seen (and items
 * with a new version), fingerprints them, finds candidates through the band index in the
 * database, verifies them by estimated Jaccard similarity, and joins the best match's story
 * or starts a story of the two. Decoupled from the item write path: it only reads `items`.
 */
import type { Store } from "../store/store.js";
import { compare, fingerprint, sourceKey } from "./fingerprint.js";
import { decodeSignature, encodeSignature } from "./minhash.js";

/** Items processed per run at most (the task runs again after its interval). */
export const DEDUPE_BATCH = 500;
/** Candidates verified per item at most (most shared bands first). */
export const MAX_CANDIDATES = 50;
/** Interval of the background task (ms). */
export const DEDUPE_INTERVAL_MS = 5_000;

/** What one run did. */
export interface DedupeRunResult {
  /** Items fingerprinted (or found too short / withdrawn). */
  processed: number;
  /** Items that joined an existing story. */
  joined: number;
  /** Stories created. */
  created: number;
}

/**
 * Process up to `limit` pending items (see `DedupeStore.pending`). Safe to run again and
 * concurrently with imports; each item is stored in its own transaction, so an interrupted
 * run loses nothing and the next run resumes after the last stored item.
 */
export async function runDedupe(store: Store, opts: { limit?: number } = {}): Promise<DedupeRunResult> {
  const out: DedupeRunResult = { processed: 0, joined: 0, created: 0 };
  const pending = await store.dedupe.pending(opts.limit ?? DEDUPE_BATCH);
  for (const item of pending) {
    const fp = item.pubstatus === "usable" ? fingerprint(item.body) : null;
    let match: { seq: number; similarity: number } | null = null;
    if (fp) {
      const mine = sourceKey(item.sourceName, item.sourceUrl);
      for (const c of await store.dedupe.candidates(fp.bands, item.seq, MAX_CANDIDATES)) {
        let sig: Uint32Array;
        try {
          sig = decodeSignature(c.signature);
        } catch {
          continue; // a signature written with other parameters: never a match
        }
        const theirs = sourceKey(c.sourceName, c.sourceUrl);
        const s = compare(fp, { signature: sig, shingles: c.shingles }, { sameSource: mine !== null && mine === theirs });
        if (s.same && (!match || s.jaccard > match.similarity)) match = { seq: c.seq, similarity: s.jaccard };
      }
    }
    const r = await store.dedupe.record({
      item,
      fingerprint: fp ? { signature: encodeSignature(fp.signature), bands: fp.bands, tokens: fp.tokens, shingles: fp.shingles } : null,
      match,
    });
    out.processed++;
    if (r.created) out.created++;
    else if (match && r.storyId) out.joined++;
  }
  return out;
}

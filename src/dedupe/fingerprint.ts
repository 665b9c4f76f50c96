/**
 * One item's fingerprint for near-duplicate detection, and the rule that decides whether
 * two fingerprints are the same release (issue 6). Pure; no I/O.
 */
import { dedupeTokens } from "./normalize.js";
import { bandKeys, estimateJaccard, minhash, shingles } from "./minhash.js";

/**
 * Bodies with fewer words than this (after normalisation) get no fingerprint: a one-line
 * notice shares too few shingles with anything to tell "same release" from "same template".
 */
export const MIN_TOKENS = 25;

/**
 * Estimated Jaccard similarity (5-word shingles) at or above which two bodies are the same
 * release whatever their sizes.
 */
export const SAME_RELEASE_JACCARD = 0.55;

/**
 * Estimated containment (share of the smaller copy's shingles found in the larger) at or
 * above which two bodies are the same release, provided their Jaccard similarity is at least
 * {@link MIN_CONTAINMENT_JACCARD}: one copy is mostly inside the other (a wire's footer, an
 * added correction note). Form letters and templates share a large block but each has a
 * large part of its own, so their containment stays low (at most 0.61, estimated, among the
 * labelled pairs of different releases from different sources; same-release pairs that
 * need this rule are at 0.84 and above).
 */
export const SAME_RELEASE_CONTAINMENT = 0.8;

/** Lowest estimated Jaccard similarity at which containment is considered at all. */
export const MIN_CONTAINMENT_JACCARD = 0.3;

/**
 * Estimated Jaccard similarity needed when both items come from the same source (see
 * {@link sourceKey}). A source's own paragraphs (a wire's disclaimer, an issuer's standard
 * text) recur in all its releases and can make two short releases of one source look alike;
 * the same release twice from one source (a changed guid) is near-identical. The containment
 * rule does not apply within a source.
 */
export const SAME_SOURCE_JACCARD = 0.8;

/**
 * A comparable key for an item's source: its name (case and white space folded), else its
 * URL's host (without `www.`), else null when unknown (then never "the same source").
 * A copy with a name and a copy with only a URL count as different sources (the lenient side).
 */
export function sourceKey(name: string | null | undefined, url: string | null | undefined): string | null {
  const n = name?.trim().replace(/\s+/g, " ").toLowerCase();
  if (n) return `name:${n}`;
  if (url) {
    try {
      const host = new URL(url).hostname.toLowerCase().replace(/^www\./, "");
      if (host) return `host:${host}`;
    } catch {
      /* not a URL */
    }
  }
  return null;
}

/** What is stored per item: the MinHash signature, its LSH band keys and sizes. */
export interface Fingerprint {
  /** `PERMUTATIONS` 32-bit MinHash values. */
  signature: Uint32Array;
  /** `BANDS` band keys (see `bandKeys`). */
  bands: string[];
  /** Number of words after normalisation. */
  tokens: number;
  /** Number of distinct shingles. */
  shingles: number;
}

/** The fingerprint of a body (plain text), or null when it has fewer than {@link MIN_TOKENS} words. */
export function fingerprint(body: string): Fingerprint | null {
  const tokens = dedupeTokens(body);
  if (tokens.length < MIN_TOKENS) return null;
  const set = shingles(tokens);
  const signature = minhash(set);
  return { signature, bands: bandKeys(signature), tokens: tokens.length, shingles: set.size };
}

/** The verdict on two fingerprints. */
export interface Similarity {
  /** Estimated Jaccard similarity of the shingle sets (0..1). */
  jaccard: number;
  /**
   * Estimated containment |A∩B| / min(|A|, |B|) (0..1), from the estimated Jaccard similarity
   * and the two shingle counts (|A∩B| = J(|A|+|B|)/(1+J)).
   */
  containment: number;
  /** Whether the two are the same release (see {@link compare}). */
  same: boolean;
}

/**
 * Compare two fingerprints. From different (or unknown) sources: same release when the
 * estimated Jaccard similarity is at least {@link SAME_RELEASE_JACCARD}, or at least
 * {@link MIN_CONTAINMENT_JACCARD} with an estimated containment of at least
 * {@link SAME_RELEASE_CONTAINMENT}. With `sameSource`: when the estimated Jaccard similarity is
 * at least {@link SAME_SOURCE_JACCARD}. Thresholds tuned on
 * `test/dedupe/pairs.json` (docs/dedupe.md gives the measured precision and recall).
 */
export function compare(
  a: Pick<Fingerprint, "signature" | "shingles">,
  b: Pick<Fingerprint, "signature" | "shingles">,
  opts: { sameSource?: boolean } = {},
): Similarity {
  const j = estimateJaccard(a.signature, b.signature);
  const small = Math.min(a.shingles, b.shingles);
  const containment = small > 0 ? Math.min(1, (j * (a.shingles + b.shingles)) / ((1 + j) * small)) : 0;
  const same = opts.sameSource
    ? j >= SAME_SOURCE_JACCARD
    : j >= SAME_RELEASE_JACCARD || (j >= MIN_CONTAINMENT_JACCARD && containment >= SAME_RELEASE_CONTAINMENT);
  return { jaccard: j, containment, same };
}

/** True when two fingerprints share at least one LSH band key at the same band (i.e. are candidates). */
export function shareBand(a: Pick<Fingerprint, "bands">, b: Pick<Fingerprint, "bands">): boolean {
  for (let i = 0; i < a.bands.length; i++) if (a.bands[i] === b.bands[i]) return true;
  return false;
}

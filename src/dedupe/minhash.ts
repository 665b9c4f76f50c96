/**
 * Word shingles, MinHash signatures and LSH band keys (issue 6). Pure; no I/O.
 *
 * - A shingle is `SHINGLE_SIZE` consecutive tokens (see `normalize.ts`), hashed to 32 bits
 *   (MurmurHash3 finalizer over per-token FNV-1a hashes).
 * - A signature is `PERMUTATIONS` 32-bit minima, one per hash function
 *   h_i(x) = fmix32(fmix32(x XOR a_i) + b_i); each h_i is a bijection of the 32-bit space, the
 *   a_i/b_i come from a fixed seed, so signatures are stable across processes and versions.
 *   The share of equal positions in two signatures estimates the Jaccard similarity of the
 *   two shingle sets (standard error ≈ sqrt(J(1−J)/128) ≈ 0.044 at J = 0.5).
 * - LSH banding splits the signature into `BANDS` bands of `ROWS` values; two items sharing
 *   any band key are candidates. Probability of becoming candidates at true Jaccard J is
 *   1 − (1 − J^4)^32: 0.87 at J = 0.5, 0.9998 at J = 0.75, 0.03 at J = 0.2.
 */

/** Words per shingle. */
export const SHINGLE_SIZE = 5;
/** Hash functions (values) per signature. */
export const PERMUTATIONS = 120;
/** LSH bands per signature. */
export const BANDS = 40;
/** Signature values per band (`BANDS * ROWS === PERMUTATIONS`). */
export const ROWS = 3;
/** Seed of the hash-function parameters. Changing it invalidates every stored signature. */
export const SEED = 0x5eed_d00d;

/** MurmurHash3's 32-bit finalizer: a bijection with good avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a (32-bit) of a string's UTF-16 code units. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Deterministic 32-bit generator (splitmix-style over fmix32) for the hash parameters. */
function parameters(seed: number, n: number): { a: Uint32Array; b: Uint32Array } {
  const a = new Uint32Array(n);
  const b = new Uint32Array(n);
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    return fmix32(s);
  };
  for (let i = 0; i < n; i++) {
    a[i] = next();
    b[i] = next();
  }
  return { a, b };
}

const PARAMS = parameters(SEED, PERMUTATIONS);

/**
 * The set of shingle hashes of `tokens` (`SHINGLE_SIZE` tokens each, overlapping). A text
 * shorter than one shingle gives one shingle of all its tokens; no tokens give an empty set.
 */
export function shingles(tokens: readonly string[], size = SHINGLE_SIZE): Set<number> {
  const out = new Set<number>();
  if (tokens.length === 0) return out;
  const th = tokens.map(fnv1a32);
  const n = Math.max(1, th.length - size + 1);
  for (let i = 0; i < n; i++) {
    let h = 0x2f0b3c41 ^ Math.min(size, th.length);
    for (let j = i; j < Math.min(i + size, th.length); j++) h = fmix32((h ^ th[j]!) + 0x9e3779b9);
    out.add(h);
  }
  return out;
}

/** The exact Jaccard similarity |A∩B| / |A∪B| of two sets (1 for two empty sets). */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/**
 * The MinHash signature of a set of 32-bit shingle hashes: `PERMUTATIONS` values. An empty
 * set gives all values 0xffffffff (it then matches only other empty sets).
 */
export function minhash(set: ReadonlySet<number>): Uint32Array {
  const sig = new Uint32Array(PERMUTATIONS).fill(0xffffffff);
  const { a, b } = PARAMS;
  for (const x of set) {
    for (let i = 0; i < PERMUTATIONS; i++) {
      const v = fmix32((fmix32((x ^ a[i]!) >>> 0) + b[i]!) >>> 0);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity: the share of positions where the two signatures agree (0..1). */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError(`signatures differ in length (${a.length} vs ${b.length})`);
  let eq = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) eq++;
  return eq / a.length;
}

/**
 * The LSH band keys of a signature: `BANDS` strings of 16 hex digits (two independent 32-bit
 * hashes of the band's `ROWS` values, so unrelated bands practically never collide). Key i
 * belongs to band i; only keys of the same band are compared.
 */
export function bandKeys(sig: Uint32Array): string[] {
  if (sig.length !== BANDS * ROWS) throw new RangeError(`signature has ${sig.length} values, expected ${BANDS * ROWS}`);
  const out: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    let h1 = fmix32(0x1b873593 ^ band);
    let h2 = fmix32(0xcc9e2d51 ^ band);
    for (let r = 0; r < ROWS; r++) {
      const v = sig[band * ROWS + r]!;
      h1 = fmix32((h1 ^ v) + 0x9e3779b9);
      h2 = fmix32(Math.imul(h2 ^ v, 0x27d4eb2d) >>> 0);
    }
    out.push(h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0"));
  }
  return out;
}

/** A signature as text: `PERMUTATIONS` values × 8 hex digits (portable across databases). */
export function encodeSignature(sig: Uint32Array): string {
  let s = "";
  for (const v of sig) s += v.toString(16).padStart(8, "0");
  return s;
}

/** Inverse of {@link encodeSignature}. Throws `RangeError` for text of the wrong shape. */
export function decodeSignature(text: string): Uint32Array {
  if (text.length !== PERMUTATIONS * 8 || !/^[0-9a-f]+$/.test(text)) throw new RangeError("malformed signature text");
  const sig = new Uint32Array(PERMUTATIONS);
  for (let i = 0; i < PERMUTATIONS; i++) sig[i] = parseInt(text.slice(i * 8, i * 8 + 8), 16);
  return sig;
}

/** Near-duplicate detection across sources (issue 6): pure parts. See docs/dedupe.md. */
export * from "./normalize.js";
export * from "./minhash.js";
export * from "./fingerprint.js";
export * from "./process.js";
export * from "./collapse.js";

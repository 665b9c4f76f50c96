import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** The shared corpus folder, beside the repository (`../shared/corpus` from the repo root). */
export const CORPUS = resolve(process.cwd(), "../shared/corpus");
/** The shared gold folder. */
export const GOLD = resolve(process.cwd(), "../shared/gold");

/** Bytes of a corpus file given relative to the corpus folder. */
export function corpusBytes(rel: string): Buffer {
  return readFileSync(resolve(CORPUS, rel));
}

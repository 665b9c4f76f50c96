import { readFile, stat } from "node:fs/promises";
import type { Document } from "../core/document.js";
import { PressroomError } from "../core/errors.js";
import { maxBytesOf, readDocuments, tooLarge, type ReadOptions } from "./read.js";

/**
 * Reads the file at `path` and returns its Documents (see `readDocuments`). The size
 * is checked before the file is read, so an oversize file is never loaded.
 *
 * @throws PressroomError `PRESSROOM_E_UNREADABLE` when the file cannot be read
 *   (missing, a directory, no permission, I/O error), plus every code `readDocuments` throws.
 */
export async function readFileDocuments(path: string, opts?: ReadOptions): Promise<Document[]> {
  const max = maxBytesOf(opts);
  let bytes: Buffer;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    if (st.size > max) throw tooLarge(path, st.size, max);
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof PressroomError) throw e;
    const err = e as NodeJS.ErrnoException;
    const why = err.code === "ENOENT" ? "no such file" : err.code === "EACCES" || err.code === "EPERM" ? "permission denied" : err.code === "EISDIR" ? "is a directory" : err.message;
    throw new PressroomError("PRESSROOM_E_UNREADABLE", `${path}: cannot read file (${why})`, { path, cause: err.code ?? null });
  }
  return readDocuments(bytes, path, opts);
}

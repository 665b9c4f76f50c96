import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { ItemInput } from "../core/item.js";
import { readDocuments } from "../ingest/index.js";
import { analyze } from "../transcript/index.js";
import { isPressroomError } from "../core/errors.js";
import { redactForPublication } from "../publish/redact.js";
import { describeFsError } from "./walk.js";
import { toItemInput } from "./to-item.js";

/** What reading and analysing one file gave: items ready to store, or rejections. */
export interface FileAnalysis {
  path: string;
  /** Bytes read from the file (0 when it was not read). */
  bytes: number;
  inputs: ItemInput[];
  rejected: { code: string; reason: string }[];
}

/**
 * Read one file, decode and extract its documents, analyse each, and redact what
 * must not be served (background names). Pure of the store, so it can run in a worker
 * thread while the main thread writes. Never throws: problems come back as rejections.
 * @param maxBytes files larger than this are rejected unread (`PRESSROOM_E_TOO_LARGE`).
 * @param flags editorial flags to set on every item (e.g. `sample_content`).
 */
export async function analyzeFile(path: string, maxBytes: number, flags: string[] = []): Promise<FileAnalysis> {
  const out: FileAnalysis = { path, bytes: 0, inputs: [], rejected: [] };
  // Reasons from the reader often start with the path; the rejection names it already.
  const reject = (code: string, reason: string) => out.rejected.push({ code, reason: reason.startsWith(`${path}: `) ? reason.slice(path.length + 2) : reason });
  let bytes: Buffer;
  try {
    const read = readWhole(path, maxBytes);
    if (typeof read === "number") {
      reject("PRESSROOM_E_TOO_LARGE", `file is ${read.toLocaleString("en-US")} bytes, over the ${maxBytes.toLocaleString("en-US")}-byte limit`);
      return out;
    }
    bytes = read;
  } catch (e) {
    reject("PRESSROOM_E_UNREADABLE", describeFsError(e));
    return out;
  }
  out.bytes = bytes.length;
  let docs;
  try {
    docs = readDocuments(bytes, path, { maxBytes });
  } catch (e) {
    if (isPressroomError(e)) reject(e.code, e.message);
    else reject("PRESSROOM_E_INTERNAL", `could not read document: ${e instanceof Error ? e.message : String(e)}`);
    return out;
  }
  for (const doc of docs) {
    try {
      const analysed = toItemInput(doc, analyze(doc));
      if (flags.length) analysed.flags = [...new Set([...(analysed.flags ?? []), ...flags])];
      // Editorial redaction before anything is stored in a served column (background names).
      out.inputs.push(redactForPublication(analysed).input);
    } catch (e) {
      reject(isPressroomError(e) ? e.code : "PRESSROOM_E_INTERNAL", `could not analyse document: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}

/**
 * The content of the file at `path` (as long as it was when opened, like `fs.readFile`), or
 * its size in bytes when that is over `maxBytes` (then nothing is read). Synchronous on
 * purpose: a file of a few hundred KB is read in well under a millisecond, while
 * `fs/promises` stat + readFile cost several thread-pool round trips per file during which
 * the importer sits idle (for the shared corpus about 35 ms against 12 ms on a quiet
 * machine, and more when the cores are busy).
 * @throws the file system's error (ENOENT, EACCES, EISDIR, ...).
 */
function readWhole(path: string, maxBytes: number): Buffer | number {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes) return size;
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, null);
      if (n === 0) break; // the file shrank while being read: keep what is there
      got += n;
    }
    return got === size ? buf : buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

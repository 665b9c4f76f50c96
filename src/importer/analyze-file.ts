import { stat, readFile } from "node:fs/promises";
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
    const st = await stat(path);
    if (st.size > maxBytes) {
      reject("PRESSROOM_E_TOO_LARGE", `file is ${st.size.toLocaleString("en-US")} bytes, over the ${maxBytes.toLocaleString("en-US")}-byte limit`);
      return out;
    }
    bytes = await readFile(path);
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

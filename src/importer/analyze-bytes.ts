/**
 * The import analysis for documents that are already in memory (feed entries, fetched
 * pages, e-mail messages): the same steps `analyzeFile` runs on a file's documents
 * (transcript analysis, item mapping, publication redaction), without the file system.
 */
import type { Document } from "../core/document.js";
import type { ItemInput } from "../core/item.js";
import { isPressroomError } from "../core/errors.js";
import { readDocuments } from "../ingest/index.js";
import { analyze } from "../transcript/index.js";
import { redactForPublication } from "../publish/redact.js";
import { toItemInput } from "./to-item.js";

/** One analysed document: the document as read and the item input to store. */
export interface AnalysedDocument {
  doc: Document;
  input: ItemInput;
}

/** What analysing documents gave: inputs ready to store (in document order) and rejections. */
export interface DocumentsAnalysis {
  analysed: AnalysedDocument[];
  rejected: { code: string; reason: string }[];
}

/**
 * Analyse documents as the CLI import does: transcript analysis, mapping to an
 * {@link ItemInput}, redaction of what must not be served. Never throws: a document that
 * cannot be analysed comes back as a rejection.
 * @param flags editorial flags to set on every item.
 */
export function analyzeDocuments(docs: Document[], flags: string[] = []): DocumentsAnalysis {
  const out: DocumentsAnalysis = { analysed: [], rejected: [] };
  for (const doc of docs) {
    try {
      const input = toItemInput(doc, analyze(doc));
      if (flags.length) input.flags = [...new Set([...(input.flags ?? []), ...flags])];
      out.analysed.push({ doc, input: redactForPublication(input).input });
    } catch (e) {
      out.rejected.push({ code: isPressroomError(e) ? e.code : "PRESSROOM_E_INTERNAL", reason: `could not analyse document: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return out;
}

/**
 * Read in-memory bytes (any format `readDocuments` accepts) and analyse every document.
 * Never throws: reading problems come back as rejections.
 * @param name what to call the input in messages and `source.path` (e.g. a URL).
 * @param maxBytes size limit in bytes.
 */
export function analyzeBytes(bytes: Buffer, name: string, maxBytes: number, flags: string[] = []): DocumentsAnalysis {
  let docs: Document[];
  try {
    docs = readDocuments(bytes, name, { maxBytes });
  } catch (e) {
    return { analysed: [], rejected: [{ code: isPressroomError(e) ? e.code : "PRESSROOM_E_INTERNAL", reason: e instanceof Error ? e.message : String(e) }] };
  }
  return analyzeDocuments(docs, flags);
}

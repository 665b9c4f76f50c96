/**
 * `ingest/`: bytes in, `Document`s out. Detects the encoding and the format (plain
 * text, Markdown with front matter, saved HTML page, RSS item fragment, RSS/Atom feed),
 * removes site chrome and reads the metadata (labeling.md "Metadata").
 */
export { readDocuments, DEFAULT_MAX_BYTES, type ReadOptions } from "./read.js";
export { readFileDocuments } from "./read-file.js";
export { decodeBytes, type DecodedText } from "./decode.js";
export { detectFormat, type DetectedFormat } from "./detect-format.js";
export type { Document, SourceRef, SourceFormat } from "../core/document.js";

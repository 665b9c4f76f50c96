import type { Document } from "../core/document.js";
import { PressroomError } from "../core/errors.js";
import { decodeBytes } from "./decode.js";
import { detectFormat } from "./detect-format.js";
import { readHtmlPage } from "./html-page.js";
import { readMarkdown } from "./markdown.js";
import { readPlainText } from "./plain-text.js";
import { readFeed, readFeedFragment } from "./rss.js";

/** Options for {@link readDocuments} and `readFileDocuments`. */
export interface ReadOptions {
  /** Largest input accepted, in bytes. Default {@link DEFAULT_MAX_BYTES} (20 MB). */
  maxBytes?: number;
}

/** Default import size limit: 20 MB (20 × 1024 × 1024 bytes). */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** The size limit in force for `opts`, validated. */
export function maxBytesOf(opts?: ReadOptions): number {
  const max = opts?.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isFinite(max) || max <= 0) throw new PressroomError("PRESSROOM_E_CONFIG", `maxBytes must be a positive number of bytes, got ${String(max)}`);
  return max;
}

/** The error thrown for input over the size limit. */
export function tooLarge(path: string, size: number, max: number): PressroomError {
  return new PressroomError("PRESSROOM_E_TOO_LARGE", `${path}: ${size} bytes is over the import limit of ${max} bytes`, { path, size, maxBytes: max });
}

/**
 * Reads one input (already in memory) into Documents. Pure: no file system access.
 *
 * - Encoding: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM or sniffed), else
 *   Windows-1252 (or a charset the document declares); UTF-8 misread as Windows-1252
 *   ("â€™") is repaired and noted.
 * - Format: plain text, Markdown with YAML front matter, saved HTML page, a bare RSS
 *   `<item>` (or Atom `<entry>`) fragment, or a whole RSS 2.0 / Atom feed (one Document
 *   per entry, in feed order). Every other input yields exactly one Document.
 *
 * @param bytes raw file content
 * @param path the path as given by the user (recorded in `source.path`, used in messages
 *   and, as a last resort, its extension for format detection)
 * @param opts `maxBytes`: size limit in bytes (default 20 MB)
 * @returns at least one Document, each with at least one paragraph
 * @throws PressroomError with code
 *   `PRESSROOM_E_TOO_LARGE` (over `maxBytes`),
 *   `PRESSROOM_E_BINARY` (NUL bytes, known binary signatures, control-character noise),
 *   `PRESSROOM_E_EMPTY` (no bytes, or no text left after extraction),
 *   `PRESSROOM_E_TRUNCATED` (feed/item XML cut off before a body, or malformed),
 *   `PRESSROOM_E_UNSUPPORTED` (JSON, RTF, non-feed XML, ...).
 */
export function readDocuments(bytes: Buffer, path: string, opts?: ReadOptions): Document[] {
  const max = maxBytesOf(opts);
  if (bytes.length > max) throw tooLarge(path, bytes.length, max);
  const { text, encoding, notes } = decodeBytes(bytes, path);
  const format = detectFormat(text, path);
  let docs: Document[];
  switch (format) {
    case "feed":
      docs = readFeed(text, path, notes);
      break;
    case "rss-item":
      docs = readFeedFragment(text, path, notes);
      break;
    case "html":
      docs = [readHtmlPage(text, path, notes)];
      break;
    case "markdown":
      docs = [readMarkdown(text, path, notes)];
      break;
    default:
      docs = [readPlainText(text, path, notes)];
  }
  docs = docs.filter((d) => d.paragraphs.length > 0);
  if (docs.length === 0) {
    throw new PressroomError("PRESSROOM_E_EMPTY", `${path}: no text left after extraction (read as ${format}, ${encoding})`, { path });
  }
  return docs;
}

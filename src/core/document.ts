import type { Kind } from "./transcript-types.js";

/**
 * The one shape every input format is mapped into early (architecture: "one model").
 * Nothing downstream of `ingest/` knows whether a document came from a feed item, a
 * saved page, a Markdown file with front matter or plain text.
 */

/** Which input format a document was read from. */
export type SourceFormat = "text" | "markdown" | "html" | "rss-item" | "rss-feed" | "atom-feed" | "email";

/** Where a document came from, and its identity at the source. */
export interface SourceRef {
  /** File path as given to the importer (or `-` for stdin); null for network sources. */
  path: string | null;
  /** Canonical URL of the document at its source (og:url, feed link, front matter source_url). */
  url: string | null;
  /** The source's own guid (RSS guid, Atom id), when it has one. */
  guid: string | null;
  /** Human name of the source (feed title, site name, importer default). */
  name: string | null;
  format: SourceFormat;
}

/** A decoded, chrome-free document with its metadata, ready for analysis. */
export interface Document {
  source: SourceRef;
  /** Title as the source gives it (may still carry a section prefix such as `Office: Title`). */
  title: string | null;
  /** Issuing office/desk/creator printed with the item (e.g. RSS dc:creator), or null. */
  section: string | null;
  /** Publication time as the source states it: ISO 8601 with offset, or a date alone; null if none. */
  published: string | null;
  /** Place line printed at the start (e.g. `WASHINGTON`, `Via Teleconference`), or null. */
  dateline: string | null;
  /**
   * The release type as far as the source tells it (tags, URL path, title words such as
   * "Readout of", "Fact Sheet:", "Statement from"), or null. The transcript analyser
   * overrides it with `transcript` when the body has speaker turns.
   */
  kindHint: Kind | null;
  /**
   * The body as the reader sees it: one string per paragraph, tags removed, entities
   * decoded, hard-wrapped lines joined, white space (including NBSP) collapsed.
   * Site chrome (navigation, counters, share links, footers, scripts) is removed.
   */
  paragraphs: string[];
  /** Problems met while reading that did not stop it (e.g. `repaired mojibake`). */
  notes: string[];
}

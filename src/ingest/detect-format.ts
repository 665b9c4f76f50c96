import type { SourceFormat } from "../core/document.js";
import { PressroomError } from "../core/errors.js";

/** What the importer will read a decoded text as. */
export type DetectedFormat = Exclude<SourceFormat, "email"> | "feed";

/**
 * Detects the format of decoded text from its first bytes, falling back on the file
 * extension: YAML front matter → markdown; `<rss`/`<feed`/`<rdf:RDF` → feed; a bare
 * `<item>`/`<entry>` → rss-item; an HTML document → html; `.md` → markdown; else text.
 *
 * @throws PressroomError `PRESSROOM_E_UNSUPPORTED` for JSON, RTF, SVG, OPML and other
 *   XML documents that are not feeds.
 */
export function detectFormat(text: string, path: string): DetectedFormat {
  const head = text.slice(0, 4096).replace(/^\ufeff/, "").trimStart();
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? "";
  if (/^---[ \t]*\r?\n/.test(head)) return "markdown";
  const xmlBody = head.replace(/^<\?xml[^>]*\?>\s*/, "").replace(/^(?:<!--[\s\S]*?-->\s*|<\?xml-stylesheet[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*)*/i, "");
  if (/^<(?:rss|rdf:RDF)\b/i.test(xmlBody) || /^<feed\b[^>]*xmlns=["']http:\/\/www\.w3\.org\/2005\/Atom/i.test(xmlBody) || /^<feed\b/.test(xmlBody)) return "feed";
  if (/^<(?:item|entry)\b/i.test(xmlBody)) return "rss-item";
  if (/^(?:<!doctype html|<html\b|<head\b|<body\b)/i.test(xmlBody) || /^<!doctype html/i.test(head)) return "html";
  const unsupported = (what: string): PressroomError =>
    new PressroomError("PRESSROOM_E_UNSUPPORTED", `${path}: ${what} is not a supported document format`, { path });
  if (/^\{\\rtf/.test(head)) throw unsupported("RTF");
  if (/^<(?:svg|opml|plist|urlset|sitemapindex|kml|gpx)\b/i.test(xmlBody)) throw unsupported("this XML vocabulary");
  if (/^<\?xml/.test(head) && /^<[A-Za-z]/.test(xmlBody)) throw unsupported("XML that is not a feed");
  if (/^[[{]/.test(head) && (ext === "json" || /^[[{]\s*["[{\]}]/.test(head))) {
    try {
      JSON.parse(text);
      throw unsupported("JSON");
    } catch (e) {
      if (e instanceof PressroomError) throw e;
    }
  }
  if (["html", "htm", "xhtml"].includes(ext) || /^<(?:div|p|article|section|main|h1|table)\b/i.test(xmlBody)) return "html";
  if (["md", "markdown", "mdown"].includes(ext)) return "markdown";
  if (["xml", "rss", "atom"].includes(ext) && /^</.test(xmlBody)) throw unsupported("XML that is not a feed");
  return "text";
}

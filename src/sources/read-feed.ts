/**
 * A fetched feed's bytes → Documents, tolerant of the feeds found in the wild. Pure.
 *
 * Formats: RSS 2.0, RSS 1.0 (RDF), Atom (all read by `ingest/rss.ts`, the importer's own
 * feed reader) and JSON Feed 1.0/1.1 (turned into Atom first). Before parsing, the text
 * is repaired the way good feed readers do:
 * - encoding: a BOM wins; bytes that are valid UTF-8 are UTF-8 whatever the declaration
 *   says; otherwise the declared charset, the HTTP `charset`, or Windows-1252
 *   (`ingest/decode.ts`); the declaration is then rewritten to UTF-8;
 * - characters XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF) are dropped;
 * - a `<!DOCTYPE …>` with its internal subset is removed, so entity declarations are never
 *   read: no entity expansion (billion laughs), no external entities (XXE). References to
 *   undeclared entities are kept as literal text;
 * - dates in named zones and other forms (`feed-dates.ts`) are rewritten to ISO 8601.
 * Unescaped ampersands, HTML in titles, entries without titles or guids are read by the
 * parser as they are (see docs/sources.md for what each becomes).
 */
import iconv from "iconv-lite";
import { create } from "xmlbuilder2";
import type { Document } from "../core/document.js";
import { PressroomError, isPressroomError } from "../core/errors.js";
import { decodeBytes } from "../ingest/decode.js";
import { detectFormat } from "../ingest/detect-format.js";
import { readFeed } from "../ingest/rss.js";
import { parseFeedDate } from "./feed-dates.js";

/** The result of reading a feed: its entries as Documents, and repair notes. */
export interface FeedRead {
  docs: Document[];
  /** What was repaired (e.g. `removed 3 control characters`), for logs. */
  notes: string[];
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** Decode with the HTTP charset as a hint for bytes that are not UTF-8. */
function decode(bytes: Buffer, name: string, contentType: string | null): { text: string; notes: string[] } {
  const charset = /charset=["']?([\w.:-]+)/i.exec(contentType ?? "")?.[1];
  const hasBom = bytes[0] === 0xef || bytes[0] === 0xff || bytes[0] === 0xfe;
  if (charset && !hasBom && !/^utf-?8$/i.test(charset) && iconv.encodingExists(charset) && !/^utf-?16/i.test(charset)) {
    try {
      strictUtf8.decode(bytes);
    } catch {
      const declared = /<\?xml[^>]*encoding=["']([\w.:-]+)["']/i.exec(bytes.subarray(0, 512).toString("latin1"))?.[1];
      if (!declared) return { text: iconv.decode(bytes, charset), notes: [`decoded as ${charset.toLowerCase()} (HTTP charset)`] };
    }
  }
  const d = decodeBytes(bytes, name);
  return { text: d.text, notes: d.notes };
}

const DATE_TAGS = "pubDate|lastBuildDate|dc:date|dcterms:modified|dcterms:created|dcterms:issued|published|updated|a10:updated";

/**
 * Repair feed XML text (see the module comment). Pure; returns the text and notes.
 * CDATA sections are left as they are, except for forbidden characters.
 */
export function repairFeedXml(text: string): { text: string; notes: string[] } {
  const notes: string[] = [];
  let out = text.replace(/^\ufeff/, "");
  const before = out.length;
  // eslint-disable-next-line no-control-regex
  out = out.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");
  if (out.length !== before) notes.push(`removed ${before - out.length} control character${before - out.length === 1 ? "" : "s"}`);
  const doctype = /<!DOCTYPE\s[^[>]*(?:\[[\s\S]*?\]\s*)?>/i;
  if (doctype.test(out)) {
    out = out.replace(doctype, "");
    notes.push("removed DOCTYPE (entity declarations are never read)");
  }
  out = out.replace(/^\s*<\?xml([^>]*?)\?>/, (_m, attrs: string) => `<?xml${attrs.replace(/\s+encoding=["'][^"']*["']/i, "")} encoding="utf-8"?>`);
  let fixedDates = 0;
  out = out.replace(new RegExp(`<(${DATE_TAGS})(\\s[^>]*)?>([^<]*)</\\1>`, "g"), (m, tag: string, attrs: string | undefined, value: string) => {
    const v = value.trim();
    if (!v || /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/.test(v)) return m;
    const iso = parseFeedDate(v);
    if (!iso) return m;
    fixedDates++;
    return `<${tag}${attrs ?? ""}>${iso}</${tag}>`;
  });
  if (fixedDates) notes.push(`read ${fixedDates} date${fixedDates === 1 ? "" : "s"} in other forms`);
  return { text: out, notes };
}

/**
 * A feed cut off in transfer (no closing root tag) keeps its complete entries: the text
 * after the last `</item>`/`</entry>` is dropped and the open wrappers are closed. Text
 * with no complete entry is returned as it is (the reader then reports it cut off).
 */
export function closeTruncatedFeed(text: string): { text: string; cut: boolean } {
  const trimmed = text.trimEnd();
  if (/<\/(?:rss|rdf:RDF|feed)>$/i.test(trimmed)) return { text, cut: false };
  const root = /<(rss|rdf:RDF|feed)\b/i.exec(trimmed)?.[1];
  if (!root) return { text, cut: false };
  const endTag = root.toLowerCase() === "feed" ? "</entry>" : "</item>";
  const last = trimmed.toLowerCase().lastIndexOf(endTag);
  if (last < 0) return { text, cut: false };
  let out = trimmed.slice(0, last + endTag.length);
  if (root.toLowerCase() === "rss" && /<channel\b/i.test(out) && !/<\/channel>/i.test(out)) out += "</channel>";
  return { text: `${out}</${root}>`, cut: true };
}

type Json = Record<string, unknown>;
const s = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);

/**
 * JSON Feed 1.0/1.1 text → an Atom document with the same entries (id, url, title,
 * content_html/content_text, summary, dates, authors, tags), for the one feed reader.
 * @throws PressroomError `PRESSROOM_E_UNSUPPORTED` when the JSON is not a JSON Feed.
 */
export function jsonFeedToAtom(jsonText: string, name: string): string {
  let feed: Json;
  try {
    feed = JSON.parse(jsonText) as Json;
  } catch (e) {
    throw new PressroomError("PRESSROOM_E_TRUNCATED", `${name}: malformed JSON feed (${(e as Error).message})`);
  }
  if (typeof feed !== "object" || feed === null || !/jsonfeed\.org\/version\//.test(String(feed["version"] ?? "")) || !Array.isArray(feed["items"])) {
    throw new PressroomError("PRESSROOM_E_UNSUPPORTED", `${name}: JSON that is not a JSON Feed`);
  }
  const doc = create({ version: "1.0", encoding: "utf-8" }).ele("http://www.w3.org/2005/Atom", "feed");
  doc.ele("title").txt(s(feed["title"]) ?? "");
  for (const raw of feed["items"] as unknown[]) {
    if (typeof raw !== "object" || raw === null) continue;
    const it = raw as Json;
    const e = doc.ele("entry");
    const id = s(it["id"]) ?? (typeof it["id"] === "number" ? String(it["id"]) : null);
    if (id) e.ele("id").txt(id);
    const url = s(it["url"]) ?? s(it["external_url"]);
    if (url) e.ele("link").att("rel", "alternate").att("href", url);
    const title = s(it["title"]);
    if (title) e.ele("title").att("type", "text").txt(title);
    const published = parseFeedDate(s(it["date_published"]));
    const modified = parseFeedDate(s(it["date_modified"]));
    if (published) e.ele("published").txt(published);
    if (modified) e.ele("updated").txt(modified);
    const authors = Array.isArray(it["authors"]) ? (it["authors"] as Json[]) : it["author"] ? [it["author"] as Json] : [];
    const author = authors.map((a) => s(a?.["name"])).find(Boolean);
    if (author) e.ele("author").ele("name").txt(author);
    for (const t of Array.isArray(it["tags"]) ? it["tags"] : []) if (s(t)) e.ele("category").att("term", String(t));
    const html = s(it["content_html"]);
    const textBody = s(it["content_text"]);
    if (html) e.ele("content").att("type", "html").txt(html);
    else if (textBody) e.ele("content").att("type", "text").txt(textBody);
    const summary = s(it["summary"]);
    if (summary) e.ele("summary").att("type", "text").txt(summary);
  }
  return doc.end({ prettyPrint: false });
}

/**
 * Read a fetched feed into Documents (one per entry with body text, in feed order).
 * `source.path` is null (network source); `source.url` is the entry link; `source.name`
 * the feed title.
 * @param name the feed URL or path, for messages.
 * @param contentType the HTTP `Content-Type`, or null.
 * @throws PressroomError `PRESSROOM_E_UNSUPPORTED` (not a feed), `PRESSROOM_E_TRUNCATED`
 *   (malformed or cut off before any entry), `PRESSROOM_E_EMPTY` (no entry with text),
 *   `PRESSROOM_E_BINARY` (not text).
 */
export function readFeedBytes(bytes: Buffer, name: string, contentType: string | null = null): FeedRead {
  const { text: decoded, notes } = decode(bytes, name, contentType);
  let text = decoded;
  // By content, not by Content-Type: servers mislabel feeds both ways.
  if (/^\s*\{/.test(text)) {
    text = jsonFeedToAtom(text, name);
    notes.push("read as JSON Feed");
  }
  const repaired = repairFeedXml(text);
  notes.push(...repaired.notes);
  const closed = closeTruncatedFeed(repaired.text);
  if (closed.cut) {
    repaired.text = closed.text;
    notes.push("feed is truncated; the incomplete last entry was skipped");
  }
  const format = detectFormat(repaired.text, name);
  if (format !== "feed") throw new PressroomError("PRESSROOM_E_UNSUPPORTED", `${name}: not a feed (reads as ${format})`);
  let read: Document[];
  try {
    read = readFeed(repaired.text, name, []);
  } catch (e) {
    // A well-formed feed with no entries (or none with body text) is an empty fetch, not a failure.
    if (!isPressroomError(e, "PRESSROOM_E_EMPTY")) throw e;
    notes.push("feed has no entries with body text");
    read = [];
  }
  const docs = read.map((d) => ({ ...d, source: { ...d.source, path: null }, notes: [...notes, ...d.notes] }));
  return { docs, notes };
}

/**
 * Feed autodiscovery: the first feed a web page links to (`<link rel="alternate"
 * type="application/rss+xml|atom+xml|feed+json" href>`), as an absolute http(s) URL, or
 * null. Pure.
 */
export function feedLinkInHtml(html: string, baseUrl: string): string | null {
  for (const m of html.slice(0, 65_536).matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    const get = (name: string) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
    const rel = get("rel");
    const type = get("type");
    const href = get("href");
    const relV = (rel?.[1] ?? rel?.[2] ?? rel?.[3] ?? "").toLowerCase().split(/\s+/);
    const typeV = (type?.[1] ?? type?.[2] ?? type?.[3] ?? "").toLowerCase();
    const hrefV = href?.[1] ?? href?.[2] ?? href?.[3];
    if (!relV.includes("alternate") || !/^application\/(?:rss\+xml|atom\+xml|feed\+json|rdf\+xml)$/.test(typeV) || !hrefV) continue;
    try {
      const u = new URL(hrefV.replace(/&amp;/g, "&"), baseUrl);
      if (u.protocol === "http:" || u.protocol === "https:") return u.href;
    } catch { /* not a URL */ }
  }
  return null;
}

import { parseFeed } from "feedsmith";
import type { Document, SourceFormat } from "../core/document.js";
import { PressroomError } from "../core/errors.js";
import { normalizeDate, parseRfc822, parseIsoLike } from "./dates.js";
import { decodeEntities } from "./entities.js";
import { htmlToParagraphs } from "./html-blocks.js";
import { findDateline, kindFromText } from "./metadata.js";
import { collapseWhitespace } from "./text-normalize.js";
import { removeChrome } from "./chrome.js";

/**
 * RSS 2.0 / Atom: whole feeds (one Document per entry) and a single RSS `<item>` (or
 * Atom `<entry>`) cut out of a feed without its wrapper and namespace declarations.
 */

/** The fields of one feed entry that the importer uses, format-neutral. */
interface Entry {
  title: string | null;
  link: string | null;
  guid: string | null;
  published: string | null;
  creator: string | null;
  /** Full body HTML (RSS `content:encoded`, Atom `content`). */
  content: string | null;
  /** Summary HTML (RSS `description`, Atom `summary`). */
  description: string | null;
  categories: string[];
}

/** Wrapper declaring the namespaces a WordPress-style feed uses, for bare `<item>` fragments. */
const RSS_OPEN = '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:media="http://search.yahoo.com/mrss/"><channel>';
const RSS_CLOSE = "</channel></rss>";
const ATOM_OPEN = '<feed xmlns="http://www.w3.org/2005/Atom">';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const field = (o: unknown, ...keys: string[]): unknown => {
  let cur: unknown = o;
  for (const k of keys) cur = isObj(cur) ? cur[k] : undefined;
  return cur;
};

/** Plain text of a title or name that may carry markup or entities. */
function plain(s: string | null): string | null {
  if (s === null) return null;
  const t = /[<&]/.test(s) ? htmlToParagraphs(s).join(" ") : collapseWhitespace(s);
  return t || null;
}

function rssEntry(item: unknown): Entry {
  const guid = field(item, "guid");
  return {
    title: str(field(item, "title")),
    link: str(field(item, "link")),
    guid: str(isObj(guid) ? guid["value"] : guid),
    published: normalizeDate(str(field(item, "pubDate"))) ?? normalizeDate(str(arr(field(item, "dc", "dates"))[0]) ?? str(field(item, "dc", "date"))),
    creator: str(arr(field(item, "dc", "creators"))[0]) ?? str(field(item, "dc", "creator")) ?? str(field(item, "author")),
    content: str(field(item, "content", "encoded")),
    description: str(field(item, "description")),
    categories: arr(field(item, "categories")).map((c) => str(field(c, "name")) ?? "").filter(Boolean),
  };
}

function atomText(v: unknown): string | null {
  if (typeof v === "string") return v;
  const value = str(field(v, "value"));
  if (value === null) return null;
  const type = str(field(v, "type"));
  // Atom text constructs of type text are plain: escape so the HTML reader keeps them literal.
  return type === "html" || type === "xhtml" ? value : value.replace(/&/g, "&amp;").replace(/</g, "&lt;");
}

function atomEntry(e: unknown): Entry {
  const links = arr(field(e, "links"));
  const alt = links.find((l) => !str(field(l, "rel")) || str(field(l, "rel")) === "alternate") ?? links[0];
  return {
    title: atomText(field(e, "title")),
    link: str(field(alt, "href")),
    guid: str(field(e, "id")),
    published: normalizeDate(str(field(e, "published"))) ?? normalizeDate(str(field(e, "updated"))),
    creator: str(field(arr(field(e, "authors"))[0], "name")),
    content: atomText(field(e, "content")),
    description: atomText(field(e, "summary")),
    categories: arr(field(e, "categories")).map((c) => str(field(c, "label")) ?? str(field(c, "term")) ?? "").filter(Boolean),
  };
}

/** Builds the Document for one entry; null when the entry has no body text. */
function entryDocument(e: Entry, path: string, format: SourceFormat, feedName: string | null, notes: string[]): Document | null {
  const title = plain(e.title);
  let section = plain(e.creator);
  // The body is printed twice in WordPress feeds (description and content:encoded): take it once.
  let paragraphs = e.content ? htmlToParagraphs(e.content) : [];
  if (paragraphs.length === 0 && e.description) paragraphs = htmlToParagraphs(e.description);
  paragraphs = removeChrome(paragraphs, { title });
  if (paragraphs.length === 0) return null;
  // A creator listing several issuers: the section is the issuer line printed first.
  const firstLine = paragraphs[0];
  if (section && firstLine && section.length > firstLine.length && section.startsWith(`${firstLine},`)) section = firstLine;
  return {
    source: { path, url: e.link?.trim() ?? null, guid: e.guid?.trim() ?? null, name: feedName, format },
    title,
    section,
    published: e.published,
    dateline: findDateline(paragraphs, { section, title }),
    kindHint: kindFromText(title, { tags: e.categories, url: e.link }),
    paragraphs,
    notes: [...notes],
  };
}

/** Text of `<name>` in `xml` (CDATA unwrapped or entities decoded), tolerating a missing end tag. */
function salvageTag(xml: string, name: string): string | null {
  const open = new RegExp(`<${name}(?:\\s[^>]*)?>`, "i").exec(xml);
  if (!open) return null;
  const start = open.index + open[0].length;
  const endIdx = xml.toLowerCase().indexOf(`</${name.toLowerCase()}>`, start);
  let body = xml.slice(start, endIdx < 0 ? xml.length : endIdx).trim();
  if (body.startsWith("<![CDATA[")) {
    const close = body.indexOf("]]>");
    return body.slice(9, close < 0 ? body.length : close);
  }
  body = decodeEntities(body);
  return body || null;
}

/**
 * An item fragment whose end tag is missing is rejected, never half-published: a wire
 * that printed the first half of a release would mislead its readers.
 * @throws PressroomError `PRESSROOM_E_TRUNCATED`, saying whether any body had arrived.
 */
function salvageItem(xml: string, path: string, _notes: string[]): never {
  const hasBody = (salvageTag(xml, "content:encoded") ?? salvageTag(xml, "description") ?? salvageTag(xml, "content") ?? salvageTag(xml, "summary")) !== null;
  throw new PressroomError(
    "PRESSROOM_E_TRUNCATED",
    hasBody ? `${path}: feed item is cut off (no closing </item>); its body is incomplete` : `${path}: feed item is cut off before its body`,
    { path },
  );
}

function parseOrThrow(xml: string, path: string): ReturnType<typeof parseFeed> {
  try {
    return parseFeed(xml);
  } catch (e) {
    throw new PressroomError("PRESSROOM_E_TRUNCATED", `${path}: malformed feed XML (${(e as Error).message.split("\n")[0]})`, { path });
  }
}

/**
 * Reads a single RSS `<item>` (or Atom `<entry>`) fragment. The fragment is wrapped in
 * a feed that declares the usual namespace prefixes (`content:`, `dc:`) before parsing.
 *
 * @throws PressroomError `PRESSROOM_E_TRUNCATED` when the item is cut off before any
 *   body text; `PRESSROOM_E_EMPTY` when a complete item has no body text.
 */
export function readFeedFragment(xml: string, path: string, notes: string[]): Document[] {
  const isAtom = /^\s*<entry\b/i.test(xml);
  // End tag in any ASCII case, found without lower-casing the whole item.
  const endTag = isAtom ? /<\/entry>/i : /<\/item>/i;
  const trimmed = xml.replace(/^\s*<\?xml[^>]*\?>/, "").trim();
  if (!endTag.test(trimmed)) return salvageItem(trimmed, path, notes);
  // The body is printed twice (description and content:encoded) and only the second is read
  // when it has text: parse without the first copy, and fall back to the whole item otherwise.
  const lean = isAtom ? null : withoutDuplicateDescription(trimmed);
  if (lean !== null) {
    try {
      const doc = fragmentDocument(`${RSS_OPEN}${lean}${RSS_CLOSE}`, path, notes);
      if (doc) return [doc];
    } catch { /* read the whole item below: same result or the same error as before */ }
  }
  const wrapped = isAtom ? `${ATOM_OPEN}${trimmed}</feed>` : `${RSS_OPEN}${trimmed}${RSS_CLOSE}`;
  const doc = fragmentDocument(wrapped, path, notes);
  if (!doc) throw new PressroomError("PRESSROOM_E_EMPTY", `${path}: feed item has no body text`, { path });
  return [doc];
}

/** The Document of the first entry of a wrapped fragment; null when it has no body text. */
function fragmentDocument(wrapped: string, path: string, notes: string[]): Document | null {
  const parsed = parseOrThrow(wrapped, path);
  const raw = parsed.format === "atom" ? arr(field(parsed.feed, "entries")) : arr(field(parsed.feed, "items"));
  const first = raw[0];
  if (first === undefined) throw new PressroomError("PRESSROOM_E_TRUNCATED", `${path}: no complete feed item found`, { path });
  const entry = parsed.format === "atom" ? atomEntry(first) : rssEntry(first);
  return entryDocument(entry, path, "rss-item", null, notes);
}

const DESCRIPTION_OPEN = "<description>";
const DESCRIPTION_CLOSE = "</description>";

/**
 * An RSS item fragment without its `<description>` element, when the item also has
 * `<content:encoded>` (the full body, which {@link entryDocument} prefers) and exactly one
 * plain `<description>` whose end is certain: its text is one CDATA section (which cannot
 * hold `]]>`) or has no `<` at all. Null when any of that is not so (then parse it whole).
 * Halves the XML the parser reads for WordPress-style items.
 */
function withoutDuplicateDescription(xml: string): string | null {
  if (!xml.includes("<content:encoded")) return null;
  const open = xml.indexOf(DESCRIPTION_OPEN);
  if (open < 0 || xml.indexOf(DESCRIPTION_OPEN, open + 1) >= 0) return null;
  let i = open + DESCRIPTION_OPEN.length;
  while (i < xml.length && /\s/.test(xml[i]!)) i++;
  let close: number;
  if (xml.startsWith("<![CDATA[", i)) {
    const end = xml.indexOf("]]>", i + 9);
    if (end < 0) return null;
    let j = end + 3;
    while (j < xml.length && /\s/.test(xml[j]!)) j++;
    if (!xml.startsWith(DESCRIPTION_CLOSE, j)) return null;
    close = j;
  } else {
    close = xml.indexOf(DESCRIPTION_CLOSE, i);
    if (close < 0 || xml.lastIndexOf("<", close - 1) >= open + DESCRIPTION_OPEN.length) return null;
  }
  return xml.slice(0, open) + xml.slice(close + DESCRIPTION_CLOSE.length);
}

/**
 * Reads a whole RSS 2.0 / RDF / Atom feed: one Document per entry that has body text,
 * in feed order. `source.name` is the feed title.
 *
 * @throws PressroomError `PRESSROOM_E_TRUNCATED` for XML that is malformed or cut off
 *   before the first complete entry; `PRESSROOM_E_EMPTY` when no entry has body text.
 */
export function readFeed(xml: string, path: string, notes: string[]): Document[] {
  const parsed = parseOrThrow(xml, path);
  const isAtom = parsed.format === "atom";
  const format: SourceFormat = isAtom ? "atom-feed" : "rss-feed";
  const feedName = plain(isAtom ? atomText(field(parsed.feed, "title")) : str(field(parsed.feed, "title")));
  const raw = isAtom ? arr(field(parsed.feed, "entries")) : arr(field(parsed.feed, "items"));
  const closed = isAtom ? /<\/feed>\s*$/i.test(xml) : /<\/(?:rss|rdf:RDF)>\s*$/i.test(xml);
  const complete = closed ? raw.length : (xml.match(isAtom ? /<\/entry>/gi : /<\/item>/gi) ?? []).length;
  if (raw.length === 0 && !closed) throw new PressroomError("PRESSROOM_E_TRUNCATED", `${path}: feed is cut off before its first entry`, { path });
  const docs: Document[] = [];
  const extra = closed ? notes : [...notes, "feed is truncated; the incomplete last entry was skipped"];
  raw.slice(0, complete).forEach((item) => {
    const doc = entryDocument(isAtom ? atomEntry(item) : rssEntry(item), path, format, feedName, extra);
    if (doc) docs.push(doc);
  });
  if (docs.length === 0) {
    if (!closed) throw new PressroomError("PRESSROOM_E_TRUNCATED", `${path}: feed is cut off before its first complete entry`, { path });
    throw new PressroomError("PRESSROOM_E_EMPTY", `${path}: feed has no entries with body text`, { path });
  }
  return docs;
}

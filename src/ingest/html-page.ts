import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import type { Document } from "../core/document.js";
import { normalizeDate, parseWrittenDate } from "./dates.js";
import { htmlToParagraphs } from "./html-blocks.js";
import { readPageMeta } from "./html-meta.js";
import { findDateline, kindFromText, splitSectionPrefix, stripSiteName } from "./metadata.js";
import { SITE_RULES } from "./site-rules.js";
import { collapseWhitespace } from "./text-normalize.js";
import { removeChrome } from "./chrome.js";

/**
 * Saved HTML pages: per-site rules first (`site-rules.ts`), then generic article
 * extraction with @mozilla/readability over a linkedom DOM, then (if Readability finds
 * no article) the whole `<body>` minus navigation, headers, footers and asides.
 */

const PUBLISHED_KEYS = ["article:published_time", "og:published_time", "datepublished", "date", "dc.date", "dcterms.issued", "pubdate", "publish-date", "sailthru.date"];

/** Generic extraction for pages no site rule knows. */
function readGeneric(html: string, path: string, notes: string[]): Document {
  const meta = readPageMeta(html);
  const siteName = meta.meta.get("og:site_name") ?? null;
  const { document } = parseHTML(html);
  let paragraphs: string[] = [];
  let articleTitle: string | null = null;
  try {
    // Readability mutates the DOM; it is the last use of `document`.
    const article = new Readability(document as unknown as globalThis.Document, { charThreshold: 200 }).parse();
    if (article?.content) {
      paragraphs = htmlToParagraphs(article.content);
      articleTitle = article.title ?? null;
      notes = [...notes, "generic article extraction (Readability)"];
    }
  } catch {
    // fall through to the whole body
  }
  if (paragraphs.length === 0) {
    const bodyStart = html.search(/<body[\s>]/i);
    paragraphs = htmlToParagraphs(bodyStart >= 0 ? html.slice(bodyStart) : html, { skip: ["header"] });
    notes = [...notes, "no article found; read the whole page body"];
  }
  const rawTitle = meta.meta.get("og:title") ?? meta.meta.get("twitter:title") ?? articleTitle ?? meta.title ?? null;
  const cleaned = rawTitle ? stripSiteName(rawTitle, siteName) : null;
  const split = cleaned ? splitSectionPrefix(cleaned) : { section: null, title: null };
  const title = split.title ? collapseWhitespace(split.title) : null;
  paragraphs = removeChrome(paragraphs, { title: cleaned });
  if (title && paragraphs[0]?.toLowerCase() === title.toLowerCase()) paragraphs = paragraphs.slice(1);
  let published: string | null = null;
  for (const k of PUBLISHED_KEYS) {
    published = normalizeDate(meta.meta.get(k));
    if (published) break;
  }
  if (!published) {
    const t = /<time[^>]*datetime="([^"]+)"/i.exec(html);
    published = normalizeDate(t?.[1]);
  }
  if (!published) {
    const issued = /(?:Issued on|Published|Posted on|Released)\s*:?\s*(?:<[^>]*>\s*)*([A-Z][a-z]+\.? \d{1,2}, \d{4})/.exec(html);
    published = issued ? parseWrittenDate(issued[1] ?? "") : null;
  }
  const url = meta.meta.get("og:url") ?? meta.canonical ?? null;
  return {
    source: { path, url, guid: null, name: siteName, format: "html" },
    title,
    section: split.section,
    published,
    dateline: findDateline(paragraphs, { section: split.section, title }),
    kindHint: kindFromText(title, { url }),
    paragraphs,
    notes,
  };
}

/** Reads a saved HTML page into one Document (site rule, else generic extraction). */
export function readHtmlPage(html: string, path: string, notes: string[]): Document {
  const meta = readPageMeta(html);
  for (const rule of SITE_RULES) {
    if (!rule.matches(html, meta)) continue;
    const doc = rule.read(html, meta, path, [...notes, `site rule: ${rule.name}`]);
    if (doc) return doc;
  }
  return readGeneric(html, path, notes);
}

import type { Document } from "../core/document.js";
import { parseWrittenDate, normalizeDate } from "./dates.js";
import { decodeEntities } from "./entities.js";
import { htmlToParagraphs } from "./html-blocks.js";
import type { PageMeta } from "./html-meta.js";
import { findDateline, kindFromText, stripSiteName } from "./metadata.js";
import { collapseWhitespace } from "./text-normalize.js";
import { removeChrome } from "./chrome.js";

/**
 * Per-site extraction rules for saved HTML pages, tried before the generic
 * Readability fallback. Each rule recognises its site's markup and reads the body and
 * metadata from the places that site prints them.
 */
export interface SiteRule {
  /** Short name, recorded in the document's notes. */
  name: string;
  /** True when the page uses this site's markup. */
  matches(html: string, meta: PageMeta): boolean;
  /** The Document, or null when the page turns out not to fit after all. */
  read(html: string, meta: PageMeta, path: string, notes: string[]): Document | null;
}

/** Inner text of the first element whose opening tag matches `openRe` (no nesting of the same tag inside). */
function elementText(html: string, openRe: RegExp, tag: string): string | null {
  const m = openRe.exec(html);
  if (!m) return null;
  const start = m.index + m[0].length;
  const end = html.indexOf(`</${tag}>`, start);
  if (end < 0) return null;
  return collapseWhitespace(decodeEntities(html.slice(start, end).replace(/<[^>]*>/g, " "))) || null;
}

/**
 * whitehouse.gov article pages (2017–2021 theme): the body is the run of `<p>` inside
 * `div.page-content__content.editor` (share/"All News" asides skipped), the headline is
 * `h1.page-header__title`, the date is the `<time>` under "Issued on:", and the
 * `page-header__section` label (`Remarks`, `Statements & Releases`) is a site tag, not a section.
 */
export const whiteHouse2020: SiteRule = {
  name: "whitehouse.gov page",
  matches: (html) => html.includes("page-content__content editor") || html.includes("page-content__content  editor"),
  read(html, meta, path, notes) {
    const start = html.search(/<div[^>]*class="[^"]*\bpage-content__content\b[^"]*\beditor\b/);
    if (start < 0) return null;
    let end = html.indexOf("</main>", start);
    if (end < 0) end = html.search(/<footer\b/);
    const region = html.slice(start, end > start ? end : html.length);
    const siteName = meta.meta.get("og:site_name") ?? "The White House";
    const h1 = elementText(html, /<h1[^>]*class="[^"]*page-header__title[^"]*"[^>]*>/, "h1");
    const title = h1 ?? stripSiteName(meta.meta.get("og:title") ?? meta.title ?? "", siteName) ?? null;
    const tag = elementText(html, /<p[^>]*class="[^"]*page-header__section[^"]*"[^>]*>/, "p");
    const issued = /Issued on:[\s\S]{0,200}?<time([^>]*)>([\s\S]*?)<\/time>/.exec(html);
    const datetimeAttr = issued ? /datetime="([^"]+)"/.exec(issued[1] ?? "")?.[1] : undefined;
    const published =
      (issued ? parseWrittenDate(collapseWhitespace(decodeEntities(issued[2] ?? ""))) : null) ??
      normalizeDate(datetimeAttr) ??
      normalizeDate(meta.meta.get("article:published_time"));
    const paragraphs = removeChrome(htmlToParagraphs(region, { skipClasses: ["share", "sidebar-button", "editor__module-share"] }), { title });
    if (paragraphs.length === 0) return null;
    const url = meta.meta.get("og:url") ?? meta.canonical;
    return {
      source: { path, url: url ?? null, guid: null, name: siteName, format: "html" },
      title: title || null,
      section: null,
      published,
      dateline: findDateline(paragraphs, { title }),
      kindHint: kindFromText(title, { url }) ?? (tag ? kindFromText(tag) : null),
      paragraphs,
      notes,
    };
  },
};

/** All site rules, tried in order. */
export const SITE_RULES: readonly SiteRule[] = [whiteHouse2020];

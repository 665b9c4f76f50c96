/**
 * Sitemaps (sitemaps.org protocol 0.9) and the Google News sitemap. Pure builders: entries
 * in, XML text out. The routes in `routes.ts` read the entries from the store's public
 * paths only.
 *
 * Sources: https://www.sitemaps.org/protocol.html (at most 50,000 URLs per file, a sitemap
 * index lists the parts) and Google's News sitemap format
 * (`http://www.google.com/schemas/sitemap-news/0.9`: publication name and language,
 * publication_date, title; only articles from the last two days; at most 1,000 URLs).
 */
import { xmlEscape } from "../feeds/build.js";

/** The sitemap protocol namespace. */
export const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
/** The Google News sitemap extension namespace. */
export const NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";
/** Most URLs in one sitemap file (protocol limit). */
export const SITEMAP_MAX_URLS = 50_000;
/** Most URLs in a news sitemap. */
export const NEWS_SITEMAP_MAX_URLS = 1_000;
/** How far back a news sitemap reaches: two days, in ms. */
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

/** One URL of a sitemap. */
export interface SitemapEntry {
  /** Absolute URL. */
  loc: string;
  /** Last modification, epoch ms (UTC); written as a W3C date-time. */
  lastmod: number;
}

/** One article of a news sitemap. */
export interface NewsSitemapEntry {
  /** Absolute URL of the article page. */
  loc: string;
  /** The publication's name as it appears on the site. */
  publicationName: string;
  /** ISO 639 language code, e.g. `en`. */
  language: string;
  /** When the article was first published on the site, epoch ms (UTC). */
  publicationDate: number;
  title: string;
}

/** W3C date-time (RFC 3339, UTC, no milliseconds). */
export function w3cDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const DECL = '<?xml version="1.0" encoding="UTF-8"?>';

/** A `urlset` of up to {@link SITEMAP_MAX_URLS} entries, in the given order. */
export function sitemapUrlset(entries: readonly SitemapEntry[]): string {
  const out = [DECL, `<urlset xmlns="${SITEMAP_NS}">`];
  for (const e of entries) out.push(`<url><loc>${xmlEscape(e.loc)}</loc><lastmod>${w3cDate(e.lastmod)}</lastmod></url>`);
  out.push("</urlset>");
  return out.join("\n") + "\n";
}

/** A `sitemapindex` listing sitemap files (absolute URLs) with the latest change in each. */
export function sitemapIndex(parts: readonly SitemapEntry[]): string {
  const out = [DECL, `<sitemapindex xmlns="${SITEMAP_NS}">`];
  for (const p of parts) out.push(`<sitemap><loc>${xmlEscape(p.loc)}</loc><lastmod>${w3cDate(p.lastmod)}</lastmod></sitemap>`);
  out.push("</sitemapindex>");
  return out.join("\n") + "\n";
}

/** A Google News sitemap (`urlset` with `news:news` per URL), in the given order. */
export function newsSitemap(entries: readonly NewsSitemapEntry[]): string {
  const out = [DECL, `<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">`];
  for (const e of entries) {
    out.push(
      `<url><loc>${xmlEscape(e.loc)}</loc><news:news><news:publication><news:name>${xmlEscape(e.publicationName)}</news:name>` +
        `<news:language>${xmlEscape(e.language)}</news:language></news:publication>` +
        `<news:publication_date>${w3cDate(e.publicationDate)}</news:publication_date>` +
        `<news:title>${xmlEscape(e.title)}</news:title></news:news></url>`,
    );
  }
  out.push("</urlset>");
  return out.join("\n") + "\n";
}

/**
 * Split `entries` into sitemap files of at most `max` URLs. Returns one `urlset` when they
 * fit in one file, else an index (parts numbered from 1, at `partUrl(n)`) and the parts.
 * @param max URLs per file, 1..{@link SITEMAP_MAX_URLS}
 */
export function planSitemap(
  entries: readonly SitemapEntry[],
  partUrl: (n: number) => string,
  max: number = SITEMAP_MAX_URLS,
): { index: string | null; parts: SitemapEntry[][] } {
  const size = Math.max(1, Math.min(SITEMAP_MAX_URLS, Math.floor(max)));
  if (entries.length <= size) return { index: null, parts: [entries.slice()] };
  const parts: SitemapEntry[][] = [];
  for (let i = 0; i < entries.length; i += size) parts.push(entries.slice(i, i + size));
  const index = sitemapIndex(parts.map((p, i) => ({ loc: partUrl(i + 1), lastmod: p.reduce((m, e) => Math.max(m, e.lastmod), 0) })));
  return { index, parts };
}

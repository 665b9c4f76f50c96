import type { ItemSummary } from "../../core/item.js";
import type { PublishContext } from "../context.js";
import { kindLabel } from "../format.js";

/** Items in every feed. */
export const FEED_SIZE = 50;

/** What a feed is about: the whole wire, or one section. */
export interface FeedScope {
  title: string;
  description: string;
  /** Absolute URL of the HTML page the feed mirrors. */
  homeUrl: string;
  /** Absolute URL prefix of the feed files (`…/feeds` or `…/sections/SLUG`). */
  feedBase: string;
}

// XML 1.0 forbids most C0 controls, lone surrogates and U+FFFE/FFFF: drop them before escaping.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escape text for XML character data and attribute values. */
export function xmlEscape(s: string): string {
  return s.replace(INVALID_XML, "").replace(/[<>&"']/g, (c) => (c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "&" ? "&amp;" : c === '"' ? "&quot;" : "&apos;"));
}

/** The date a feed entry is published under: the source's time, else the posting time. */
function entryDate(it: ItemSummary): number {
  return it.publishedAt ?? it.postedAt;
}

/**
 * An entry's title: the headline, marked `Withdrawn: ` for a withdrawn item (its summary is
 * the withdrawal notice; the entry keeps its id and carries the withdrawal time as updated).
 */
function entryTitle(it: ItemSummary): string {
  return it.pubstatus === "canceled" ? `Withdrawn: ${it.headline}` : it.headline;
}

/** RFC 822 date (RFC 1123 form, four-digit year, GMT), as RSS 2.0 requires. */
export function rfc822(ms: number): string {
  return new Date(ms).toUTCString();
}

/** RFC 3339 date-time in UTC. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function lastUpdate(items: ItemSummary[], fallback: number): number {
  return items.reduce((m, it) => Math.max(m, it.updatedAt), items.length ? 0 : fallback);
}

/**
 * RSS 2.0 document. Guids are the item page URLs (permalinks, never reused). Carries
 * `atom:link rel="self"`, and `atom:link rel="hub"` when a WebSub hub is configured.
 */
export function rss(ctx: PublishContext, scope: FeedScope, items: ItemSummary[]): string {
  const self = `${scope.feedBase}/rss.xml`;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="utf-8"?>');
  out.push('<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">');
  out.push("<channel>");
  out.push(`<title>${xmlEscape(scope.title)}</title>`);
  out.push(`<link>${xmlEscape(scope.homeUrl)}</link>`);
  out.push(`<description>${xmlEscape(scope.description)}</description>`);
  out.push(`<atom:link href="${xmlEscape(self)}" rel="self" type="application/rss+xml"/>`);
  if (ctx.settings.websubHub) out.push(`<atom:link href="${xmlEscape(ctx.settings.websubHub)}" rel="hub"/>`);
  out.push("<language>en</language>");
  out.push(`<lastBuildDate>${rfc822(lastUpdate(items, ctx.clock.now()))}</lastBuildDate>`);
  out.push("<generator>Pressroom</generator>");
  out.push("<docs>https://www.rssboard.org/rss-specification</docs>");
  out.push("<ttl>5</ttl>");
  for (const it of items) {
    const url = ctx.itemUrl(it.id);
    out.push("<item>");
    out.push(`<title>${xmlEscape(entryTitle(it))}</title>`);
    out.push(`<link>${xmlEscape(url)}</link>`);
    out.push(`<guid isPermaLink="true">${xmlEscape(url)}</guid>`);
    out.push(`<pubDate>${rfc822(entryDate(it))}</pubDate>`);
    if (it.excerpt) out.push(`<description>${xmlEscape(it.excerpt)}</description>`);
    if (it.section) out.push(`<category>${xmlEscape(it.section)}</category>`);
    out.push(`<category domain="${xmlEscape(`${ctx.baseUrl}/kinds`)}">${xmlEscape(kindLabel(it.kind))}</category>`);
    if (it.source.url) out.push(`<source url="${xmlEscape(it.source.url)}">${xmlEscape(it.source.name ?? it.source.url)}</source>`);
    out.push("</item>");
  }
  out.push("</channel>");
  out.push("</rss>");
  return out.join("\n") + "\n";
}

/** Atom 1.0 document. Entry ids are the item page URLs (stable IRIs). Links `self`, and `hub` when a WebSub hub is configured. */
export function atom(ctx: PublishContext, scope: FeedScope, items: ItemSummary[]): string {
  const self = `${scope.feedBase}/atom.xml`;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="utf-8"?>');
  out.push('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
  out.push(`<id>${xmlEscape(self)}</id>`);
  out.push(`<title type="text">${xmlEscape(scope.title)}</title>`);
  out.push(`<subtitle type="text">${xmlEscape(scope.description)}</subtitle>`);
  out.push(`<updated>${rfc3339(lastUpdate(items, ctx.clock.now()))}</updated>`);
  out.push(`<link rel="self" type="application/atom+xml" href="${xmlEscape(self)}"/>`);
  if (ctx.settings.websubHub) out.push(`<link rel="hub" href="${xmlEscape(ctx.settings.websubHub)}"/>`);
  out.push(`<link rel="alternate" type="text/html" href="${xmlEscape(scope.homeUrl)}"/>`);
  out.push(`<author><name>${xmlEscape(ctx.siteName)}</name></author>`);
  out.push('<generator>Pressroom</generator>');
  for (const it of items) {
    const url = ctx.itemUrl(it.id);
    out.push("<entry>");
    out.push(`<id>${xmlEscape(url)}</id>`);
    out.push(`<title type="text">${xmlEscape(entryTitle(it))}</title>`);
    out.push(`<link rel="alternate" type="text/html" href="${xmlEscape(url)}"/>`);
    out.push(`<published>${rfc3339(entryDate(it))}</published>`);
    out.push(`<updated>${rfc3339(it.updatedAt)}</updated>`);
    if (it.source.name) out.push(`<author><name>${xmlEscape(it.source.name)}</name>${it.source.url ? `<uri>${xmlEscape(it.source.url)}</uri>` : ""}</author>`);
    if (it.section) out.push(`<category term="${xmlEscape(it.section)}"/>`);
    out.push(`<category term="${xmlEscape(it.kind)}" label="${xmlEscape(kindLabel(it.kind))}" scheme="${xmlEscape(`${ctx.baseUrl}/kinds`)}"/>`);
    if (it.excerpt) out.push(`<summary type="text">${xmlEscape(it.excerpt)}</summary>`);
    out.push("</entry>");
  }
  out.push("</feed>");
  return out.join("\n") + "\n";
}

/**
 * JSON Feed 1.1 document (written with feedsmith, loaded on the first JSON feed: its readers
 * and writers of every feed format cost a web process 6 MB of heap). Item ids are the item
 * page URLs; `hubs` lists the WebSub hub when configured.
 */
export async function jsonFeed(ctx: PublishContext, scope: FeedScope, items: ItemSummary[]): Promise<string> {
  const { generateJsonFeed } = await import("feedsmith");
  const feed = generateJsonFeed({
    title: scope.title,
    home_page_url: scope.homeUrl,
    feed_url: `${scope.feedBase}/feed.json`,
    description: scope.description,
    language: "en",
    authors: [{ name: ctx.siteName, url: `${ctx.baseUrl}/` }],
    // WebSub (JSON Feed 1.1 `hubs`); `feed_url` is the topic (self) URL.
    ...(ctx.settings.websubHub ? { hubs: [{ type: "WebSub", url: ctx.settings.websubHub }] } : {}),
    items: items.map((it) => ({
      id: ctx.itemUrl(it.id),
      url: ctx.itemUrl(it.id),
      ...(it.source.url ? { external_url: it.source.url } : {}),
      title: entryTitle(it),
      content_text: it.excerpt || it.headline,
      ...(it.excerpt ? { summary: it.excerpt } : {}),
      date_published: new Date(entryDate(it)),
      date_modified: new Date(it.updatedAt),
      tags: [kindLabel(it.kind), ...(it.section ? [it.section] : [])],
      ...(it.source.name ? { authors: [{ name: it.source.name, ...(it.source.url ? { url: it.source.url } : {}) }] } : {}),
    })),
  });
  return JSON.stringify(feed);
}

/**
 * IPTC NewsML-G2 export of one item: a `newsItem` (NewsML-G2 2.29, power conformance)
 * with `itemMeta`, `contentMeta` and a `contentSet` holding the body as inline XHTML.
 * Pure: item in, XML text out. Built with xmlbuilder2 (namespaces, `<` and quotes
 * escaped by it; every `&` escaped here first, see {@link x}).
 *
 * Source of the element names and order: the IPTC NewsML-G2 2.29 specification and its
 * example news item (itemMeta: itemClass, provider, versionCreated, firstCreated,
 * embargoed, pubStatus, title, edNote, signal, link; contentMeta: administrative
 * properties (contentCreated, located, infoSource) before descriptive ones (language,
 * genre, subject, headline, dateline)).
 */
import { parseHTML } from "linkedom";
import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces.js";
import type { Item } from "../../core/item.js";
import { kindLabel, rfc3339Published } from "../format.js";
import { sanitizeBodyHtml } from "../sanitize.js";
import { NEWSML_VERSION } from "./newsml-version.js";

/**
 * The source's own time as NewsML-G2 `contentCreated` (a truncated date-time): a date
 * alone stays a date; a date-time keeps its stated offset; null when the source states none.
 */
function contentCreated(item: Item): string | null {
  if (item.published && /^\d{4}-\d{2}-\d{2}$/.test(item.published)) return item.published;
  const t = rfc3339Published(item.published, item.publishedAt);
  return t ? t.replace(/\.\d{3}Z$/, "Z") : null;
}

/** The NewsML-G2 (NAR) namespace. */
export const NAR_NS = "http://iptc.org/std/nar/2006-10-01/";
/** XHTML namespace of the inline body. */
export const XHTML_NS = "http://www.w3.org/1999/xhtml";
export { NEWSML_MEDIA_TYPE, NEWSML_VERSION } from "./newsml-version.js";
/** The IPTC catalog that defines the `ninat:`, `stat:`, `cpnat:` and `sig:` schemes used. */
export const IPTC_CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_32.xml";

/** Who publishes, and where: the wire's identity in the export. */
export interface NewsmlProvider {
  /** The wire's name (`provider/name`). */
  siteName: string;
  /** Absolute base URL of the wire, without trailing slash. */
  baseUrl: string;
  /** Absolute URL of the item page: the item's `guid` and canonical link. */
  itemUrl: string;
  /** Absolute URL of the item's section page, or null when the item has no section. */
  sectionUrl: string | null;
}

/**
 * Text or attribute value for xmlbuilder2. Its serialiser leaves an `&` that already looks
 * like an entity reference alone (so a literal "&amp;" or "R&D;" in an item would come out
 * changed or not well-formed); escaping every `&` first makes each one a real `&amp;`.
 */
function x(s: string): string {
  return s.replace(/&/g, "&amp;");
}

/** {@link x} over every attribute value. */
function xa(attrs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) out[k] = x(v);
  return out;
}

/** RFC 3339 UTC date-time (no milliseconds) of epoch ms. */
function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Plain-text paragraphs of a body (`\n\n` separated), empty ones dropped. */
function paragraphs(body: string): string[] {
  return body.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, " ").trim()).filter((p) => p !== "");
}

/** Attributes copied from sanitised body HTML into the XHTML body. */
const KEPT_ATTRIBUTES = new Set(["href", "rel", "colspan", "rowspan", "scope"]);

/**
 * Copy sanitised HTML (see `publish/sanitize.ts`) into `parent` as XHTML elements. The
 * input is parsed as HTML (so `<br>` and unclosed tags are fine) and re-emitted as XML.
 */
function appendHtml(parent: XMLBuilder, html: string): void {
  // Stored HTML is sanitised already; sanitising again here keeps the export safe on its own.
  const { document } = parseHTML(`<!doctype html><html><body>${sanitizeBodyHtml(html)}</body></html>`);
  const walk = (from: Node, to: XMLBuilder): void => {
    for (const child of Array.from(from.childNodes)) {
      if (child.nodeType === 3) {
        const text = child.textContent ?? "";
        if (text !== "") to.txt(x(text));
      } else if (child.nodeType === 1) {
        const el = child as Element;
        const attrs: Record<string, string> = {};
        for (const a of Array.from(el.attributes)) if (KEPT_ATTRIBUTES.has(a.name)) attrs[a.name] = a.value;
        walk(el, to.ele(XHTML_NS, el.localName.toLowerCase(), xa(attrs)));
      }
    }
  };
  walk(document.body, parent);
}

/**
 * Serialise one item as a NewsML-G2 `newsItem` document (UTF-8 XML text).
 *
 * - `guid` is the item page URL (stable: ids never change); `version` is the item version.
 * - itemMeta: `itemClass ninat:text`, `provider` (the wire), `versionCreated` (when this
 *   version was stored, UTC), `firstCreated` (when the wire first posted it, UTC),
 *   `embargoed` (only for a held item shown to a permitted viewer: its release time),
 *   `pubStatus` (`stat:usable`; `stat:canceled` for a withdrawn item; `stat:withheld` for a
 *   withheld one shown to an editor), `title`, `edNote` (the
 *   version's note: correction or withdrawal reason), `signal sig:update` from version 2,
 *   `link` to the source (`irel:seeAlso`).
 * - contentMeta: `contentCreated` (the source's own time, as stated), `located` and
 *   `dateline` (the dateline), `infoSource` (the source), `language en`, `genre` (the
 *   kind), `subject` (the section), `headline`.
 * - contentSet: `inlineXML` (`application/xhtml+xml`) holding an XHTML document whose body
 *   is the item's paragraphs (or its sanitised HTML body when it has one); absent for a
 *   withdrawn item.
 *
 * Characters XML 1.0 cannot carry (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are
 * dropped; everything else (including `<`, `&`, emoji) is escaped or kept as is.
 *
 * @param item the item (latest or a given version) as the store returns it
 * @param p the wire's identity and the item's URLs
 * @returns the XML document, with an XML declaration, ending in a newline
 */
export function newsmlItem(item: Item, p: NewsmlProvider): string {
  const canceled = item.pubstatus === "canceled";
  const doc = create({ version: "1.0", encoding: "UTF-8", invalidCharReplacement: "" });
  const root = doc.ele(NAR_NS, "newsItem", xa({
    guid: p.itemUrl,
    version: String(item.version),
    standard: "NewsML-G2",
    standardversion: NEWSML_VERSION,
    conformance: "power",
    "xml:lang": "en",
  }));
  root.ele(NAR_NS, "catalogRef", { href: IPTC_CATALOG });

  const meta = root.ele(NAR_NS, "itemMeta");
  meta.ele(NAR_NS, "itemClass", { qcode: "ninat:text" });
  meta.ele(NAR_NS, "provider", xa({ uri: `${p.baseUrl}/` })).ele(NAR_NS, "name").txt(x(p.siteName));
  meta.ele(NAR_NS, "versionCreated").txt(utc(item.updatedAt));
  meta.ele(NAR_NS, "firstCreated").txt(utc(item.postedAt));
  if (typeof item.embargoed === "number") meta.ele(NAR_NS, "embargoed").txt(utc(item.embargoed));
  meta.ele(NAR_NS, "pubStatus", { qcode: canceled ? "stat:canceled" : item.heldStatus === "withheld" ? "stat:withheld" : "stat:usable" });
  meta.ele(NAR_NS, "title").txt(x(item.headline));
  if (item.note) meta.ele(NAR_NS, "edNote").txt(x(item.note));
  if (item.version > 1) meta.ele(NAR_NS, "signal", { qcode: "sig:update" });
  if (item.source.url) meta.ele(NAR_NS, "link", xa({ rel: "irel:seeAlso", href: item.source.url, contenttype: "text/html" }));

  const content = root.ele(NAR_NS, "contentMeta");
  const created = contentCreated(item);
  if (created) content.ele(NAR_NS, "contentCreated").txt(x(created));
  if (item.dateline) content.ele(NAR_NS, "located").ele(NAR_NS, "name").txt(x(item.dateline));
  if (item.source.name || item.source.url) {
    const src = content.ele(NAR_NS, "infoSource", xa({ role: "isrol:originfo", ...(item.source.url ? { uri: item.source.url } : {}) }));
    if (item.source.name) src.ele(NAR_NS, "name").txt(x(item.source.name));
  }
  content.ele(NAR_NS, "language", { tag: "en" });
  content.ele(NAR_NS, "genre", xa({ literal: item.kind })).ele(NAR_NS, "name").txt(x(kindLabel(item.kind)));
  if (item.section) {
    content
      .ele(NAR_NS, "subject", xa({ type: "cpnat:abstract", ...(p.sectionUrl ? { uri: p.sectionUrl } : { literal: item.section }) }))
      .ele(NAR_NS, "name")
      .txt(x(item.section));
  }
  content.ele(NAR_NS, "headline").txt(x(item.headline));
  if (item.dateline) content.ele(NAR_NS, "dateline").txt(x(item.dateline));

  if (!canceled) {
    const html = root
      .ele(NAR_NS, "contentSet")
      .ele(NAR_NS, "inlineXML", { contenttype: "application/xhtml+xml" })
      .ele(XHTML_NS, "html");
    html.ele(XHTML_NS, "head").ele(XHTML_NS, "title").txt(x(item.headline));
    const body = html.ele(XHTML_NS, "body");
    if (item.bodyHtml) appendHtml(body, item.bodyHtml);
    else for (const para of paragraphs(item.body)) body.ele(XHTML_NS, "p").txt(x(para));
  }
  // No pretty-printing: indentation would add white space inside mixed body content.
  return doc.end({ prettyPrint: false }) + "\n";
}

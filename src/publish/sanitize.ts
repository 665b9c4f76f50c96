/**
 * The HTML sanitiser for item bodies: every piece of HTML that comes from an ingested
 * document or an editor's `body_html` goes through {@link sanitizeBodyHtml} before it is
 * stored or served. Built on sanitize-html with a closed allow-list; anything not listed is
 * removed (script, style, iframe, object, embed, svg, forms, event-handler attributes,
 * `style` attributes, javascript:/data:/relative URLs).
 */
import sanitizeHtml from "sanitize-html";

/** Elements kept (everything else is unwrapped: its text stays, the tag goes). */
export const ALLOWED_TAGS: readonly string[] = [
  "p", "br",
  "h2", "h3", "h4", "h5", "h6",
  "ul", "ol", "li",
  "blockquote",
  "strong", "em", "b", "i",
  "a",
  "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
];

/** URL schemes a link may use. Relative and protocol-relative links are dropped too. */
export const ALLOWED_SCHEMES: readonly string[] = ["http", "https", "mailto"];

/**
 * Elements removed together with everything inside them (their text is not content a
 * reader should see).
 */
const DROPPED_WITH_CONTENT = ["script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript", "textarea", "select", "option", "title", "head", "frameset", "frame", "applet", "noembed", "xmp", "plaintext"];

/** The `rel` every kept link carries: no referrer-based trust, no window.opener. */
export const LINK_REL = "nofollow noopener";

/**
 * The link target to keep, or null: an absolute URL with an allowed scheme (checked after
 * the parser's own entity decoding, with the characters browsers ignore removed).
 */
function allowedHref(href: string): string | null {
  // Browsers ignore ASCII tab/newline inside URLs and strip leading/trailing C0 controls and spaces.
  // eslint-disable-next-line no-control-regex
  const cleaned = href.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  let u: URL;
  try {
    u = new URL(cleaned);
  } catch {
    return null; // relative, protocol-relative (no base here), or malformed
  }
  return ALLOWED_SCHEMES.includes(u.protocol.replace(/:$/, "").toLowerCase()) ? cleaned : null;
}

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: {
    a: ["href", "rel"],
    th: ["colspan", "rowspan", "scope"],
    td: ["colspan", "rowspan"],
  },
  allowedSchemes: [...ALLOWED_SCHEMES],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  allowedStyles: {},
  allowVulnerableTags: false,
  disallowedTagsMode: "discard",
  nonTextTags: DROPPED_WITH_CONTENT,
  enforceHtmlBoundary: false,
  parseStyleAttributes: false,
  transformTags: {
    // A link without an acceptable target stays an inert <a> without href (its text is kept).
    a: (tagName, attribs): sanitizeHtml.Tag => {
      const href = typeof attribs.href === "string" ? allowedHref(attribs.href) : null;
      const kept: sanitizeHtml.Attributes = href ? { href, rel: LINK_REL } : {};
      return { tagName, attribs: kept };
    },
    // The page's own title is the only h1; a body's top heading becomes h2.
    h1: "h2",
  },
};

/**
 * Sanitise an HTML fragment for serving as an item body.
 *
 * Keeps only the elements in {@link ALLOWED_TAGS}; on `<a>` only an absolute `href` with
 * a scheme from {@link ALLOWED_SCHEMES} (the link gets `rel="nofollow noopener"`; a link
 * with any other href keeps its text but loses the href); `h1` becomes `h2`; on table cells `colspan`,
 * `rowspan` (and `scope` on `th`). Script, style, iframe, object, embed, svg and similar
 * elements are removed with their content; every other attribute (event handlers, `style`,
 * `class`, `id`, `src`, ...) is dropped. Malformed markup is repaired by the parser
 * (unclosed tags are closed). Pure; never throws for any string input.
 *
 * @param html an HTML fragment (not a whole document; a `<head>` is dropped)
 * @returns the sanitised fragment (may be empty)
 */
export function sanitizeBodyHtml(html: string): string {
  if (typeof html !== "string" || html === "") return "";
  return sanitizeHtml(html, OPTIONS).trim();
}

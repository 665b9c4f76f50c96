import { decodeEntities } from "./entities.js";
import { collapseRuns, collapseWhitespace } from "./text-normalize.js";

/**
 * A fast, linear HTML-to-paragraphs reader for article bodies (feed CDATA, a page's
 * content region, Readability output). It does not build a DOM: block elements end a
 * paragraph, inline elements do not, `<br><br>` ends a paragraph and a single `<br>`
 * is a line break inside one. Scripts, styles, forms, navigation, share widgets and
 * footers are skipped with everything inside them.
 */

const BLOCK = new Set([
  "p", "div", "section", "article", "main", "header", "ul", "ol", "li", "dl", "dt", "dd",
  "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr",
  "figure", "figcaption", "hr", "address", "center", "body", "html", "details", "summary", "fieldset", "caption",
]);

/** Elements whose whole content is chrome or not text. */
const SKIP_DEFAULT = new Set([
  "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "video", "audio",
  "head", "title", "nav", "footer", "aside", "form", "button", "select", "textarea", "label", "input", "map", "dialog",
]);

/** Elements whose content is raw text up to their end tag. */
const RAW = new Set(["script", "style", "textarea", "title", "noscript", "template", "xmp", "iframe"]);

const VOID = new Set(["br", "img", "input", "hr", "meta", "link", "wbr", "area", "base", "col", "embed", "param", "source", "track"]);

/** Label-like emphasis: `<strong>MODERATOR:</strong>` needs a space after the colon. */
const EMPHASIS = new Set(["strong", "b", "em", "i", "span", "u"]);

/** A speaker label (`MODERATOR:`, `MR. PRICE:`) or the White House `Q` at the start of text. */
const LABEL_START = /^\s*(?:[A-Z][A-Z0-9.'’ -]{1,60}:|Q[\s\u00a0])/;
/** Tag fragments that were escaped in the source and would show as text (`&lt;/span`). */
const LEAKED_TAG = /<\/?(?:span|p|div|strong|b|i|em|br|a|font|u|sup|sub)\b[^<>]{0,200}(?:>|(?=\s|$))/gi;

/** Options for {@link htmlToParagraphs}. */
export interface HtmlBlockOptions {
  /** Extra element names to skip with their content (lower case). */
  skip?: readonly string[];
  /** Elements with one of these class names are skipped with their content (share widgets etc.). */
  skipClasses?: readonly string[];
}

const TAG_RE = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<![^>]*>|<\?[^>]*>|<(\/?)([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

function classOf(attrs: string): string[] {
  const m = /\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
  const v = m?.[1] ?? m?.[2] ?? m?.[3];
  return v ? v.split(/\s+/) : [];
}

/**
 * Turns an HTML fragment or page into reader-visible paragraphs (entities decoded,
 * white space incl. NBSP collapsed, empty paragraphs dropped).
 */
export function htmlToParagraphs(html: string, opts: HtmlBlockOptions = {}): string[] {
  const skip = opts.skip ? new Set([...SKIP_DEFAULT, ...opts.skip]) : SKIP_DEFAULT;
  const skipClasses = opts.skipClasses ?? [];
  const out: string[] = [];
  let buf = "";
  let pendingBreaks = 0;
  let skipName: string | null = null;
  let skipDepth = 0;
  let lower: string | null = null;

  // White space is collapsed piece by piece as text is appended, so a finished paragraph only
  // needs trimming (no second pass over the whole paragraph).
  const flush = (): void => {
    const t = buf.trim();
    if (t) out.push(t);
    buf = "";
    pendingBreaks = 0;
  };
  const append = (piece: string): void => {
    if (!piece) return;
    if (piece.charCodeAt(0) === 32 && (buf.length === 0 || buf.charCodeAt(buf.length - 1) === 32)) piece = piece.slice(1);
    buf += piece;
  };
  const addText = (raw: string): void => {
    if (!raw) return;
    // white space between tags (indentation, line breaks: most text nodes of a saved page)
    // collapses to one space and never ends a paragraph
    if (isAsciiBlank(raw)) { append(" "); return; }
    if (pendingBreaks > 0 && /\S/.test(raw)) {
      // `<br><br>` ends a paragraph; so does a single `<br>` before a speaker label.
      if (pendingBreaks >= 2 || LABEL_START.test(raw)) flush();
      else append(" ");
      pendingBreaks = 0;
    }
    append(collapsePiece(decodeEntities(raw)));
  };

  TAG_RE.lastIndex = 0;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = TAG_RE.exec(html)) !== null) {
    const text = html.slice(last, m.index);
    last = TAG_RE.lastIndex;
    if (skipName === null) addText(text);
    const whole = m[0];
    if (whole.startsWith("<![CDATA[")) {
      if (skipName === null) append(collapsePiece(m[1] ?? ""));
      continue;
    }
    const name = m[3]?.toLowerCase();
    if (!name) continue; // comment, doctype, processing instruction
    const closing = m[2] === "/";
    const attrs = m[4] ?? "";
    const selfClosing = VOID.has(name) || /\/\s*$/.test(attrs);

    if (skipName !== null) {
      if (name === skipName && !selfClosing) skipDepth += closing ? -1 : 1;
      if (skipDepth <= 0) skipName = null;
      continue;
    }
    if (!closing && RAW.has(name) && !selfClosing) {
      // Raw text element: jump to its end tag (its content may contain `<`).
      lower ??= html.toLowerCase();
      const end = lower.indexOf(`</${name}`, last);
      const stop = end < 0 ? html.length : end;
      if (!skip.has(name)) addText(html.slice(last, stop));
      const gt = end < 0 ? html.length : html.indexOf(">", end);
      last = gt < 0 ? html.length : gt + 1;
      TAG_RE.lastIndex = last;
      continue;
    }
    if (!closing && (skip.has(name) || (skipClasses.length > 0 && classOf(attrs).some((c) => skipClasses.includes(c))))) {
      if (!selfClosing) {
        skipName = name;
        skipDepth = 1;
      }
      continue;
    }
    if (name === "br") {
      pendingBreaks++;
      continue;
    }
    if (BLOCK.has(name) || name === "td" || name === "th") {
      if (name === "td" || name === "th") append(" ");
      else flush();
      continue;
    }
    if (closing && EMPHASIS.has(name) && /:\s*$/.test(buf)) append(" ");
    if (name === "img" || name === "wbr") continue;
  }
  if (skipName === null) addText(html.slice(last));
  flush();
  const res: string[] = [];
  for (const p of out) {
    if (!p.includes("<")) { res.push(p); continue; }
    const c = collapseWhitespace(p.replace(LEAKED_TAG, " "));
    if (c) res.push(c);
  }
  return res;
}

/** True when `s` is only ASCII white space (space, tab, line feed, vertical tab, form feed, carriage return). */
function isAsciiBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && (c < 9 || c > 13)) return false;
  }
  return true;
}

/** One piece of text with invisible characters removed and white space runs collapsed (not trimmed). */
function collapsePiece(s: string): string {
  return collapseRuns(s);
}

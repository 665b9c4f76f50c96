import { decodeEntities } from "./entities.js";
import { collapseWhitespace } from "./text-normalize.js";

/** `<meta>` and `<link rel=canonical>` values of a page's head, read without building a DOM. */
export interface PageMeta {
  /** meta `property`/`name`/`itemprop` (lower case) → content (entities decoded). First wins. */
  meta: Map<string, string>;
  /** Text of `<title>`, or null. */
  title: string | null;
  /** `<link rel="canonical">` href, or null. */
  canonical: string | null;
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag);
  const v = m?.[1] ?? m?.[2] ?? m?.[3];
  return v === undefined ? null : decodeEntities(v);
}

/** Reads the meta tags, title and canonical link from the first 200 KB of a page. */
export function readPageMeta(html: string): PageMeta {
  const headEnd = html.search(/<body[\s>]/i);
  const head = html.slice(0, headEnd > 0 ? headEnd : Math.min(html.length, 200_000));
  const meta = new Map<string, string>();
  for (const m of head.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0];
    const key = attr(tag, "property") ?? attr(tag, "name") ?? attr(tag, "itemprop");
    const content = attr(tag, "content");
    if (key && content !== null && !meta.has(key.toLowerCase())) meta.set(key.toLowerCase(), content);
  }
  const t = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(head);
  let canonical: string | null = null;
  for (const m of head.matchAll(/<link\b[^>]*>/gi)) {
    if (/\brel\s*=\s*["']?canonical\b/i.test(m[0])) {
      canonical = attr(m[0], "href");
      break;
    }
  }
  return { meta, title: t ? collapseWhitespace(decodeEntities(t[1] ?? "")) || null : null, canonical };
}

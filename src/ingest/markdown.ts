import matter from "gray-matter";
import type { Document } from "../core/document.js";
import { normalizeDate } from "./dates.js";
import { decodeEntities } from "./entities.js";
import { findDateline, kindFromText } from "./metadata.js";
import { collapseWhitespace } from "./text-normalize.js";
import { removeChrome } from "./chrome.js";

/**
 * Markdown with optional YAML front matter (the White House archive format):
 * `title`, `published_time`, `date`, `source_url`, `tags` in the front matter, a
 * pandoc-style Markdown body with hard-wrapped lines.
 */

/** Private-use stand-ins for backslash-escaped characters while inline markup is removed. */
const ESC_BASE = 0xe000;
const escapeChars = (s: string): string =>
  s.replace(/\\([!-/:-@[-`{-~])/g, (_m, c: string) => String.fromCharCode(ESC_BASE + c.charCodeAt(0)));
const restoreChars = (s: string): string => s.replace(/[\ue000-\ue07f]/g, (c) => String.fromCharCode(c.charCodeAt(0) - ESC_BASE));

/** Inline Markdown → the text a reader sees. */
export function markdownInline(s: string): string {
  // each pass runs only when its marker character occurs (most lines carry no inline markup)
  let t = s;
  const esc = t.includes("\\");
  if (esc) t = escapeChars(t.replace(/\\\s*$/gm, " ").replace(/\\ /g, " "));
  if (t.includes("[")) {
    t = t
      .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
      .replace(/\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+"[^"]*")?\)/g, "$1")
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, "$1")
      .replace(/\[([^\]]+)\]\{[^}]*\}/g, "$1");
  }
  if (t.includes("<")) t = t.replace(/<((?:https?|mailto):[^>\s]+)>/g, "$1").replace(/<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?\/?>/g, "");
  if (t.includes("*")) t = t.replace(/\*+/g, "");
  if (t.includes("~~")) t = t.replace(/~~/g, "");
  if (t.includes("`")) t = t.replace(/`+/g, "");
  if (t.includes("_")) t = t.replace(/(^|[\s(“"'‘])_+(?=\S)/g, "$1").replace(/(\S)_+(?=[\s).,;:!?”"’']|$)/g, "$1");
  return collapseWhitespace(decodeEntities(esc ? restoreChars(t) : t));
}

const BULLET = /^\s{0,12}[-+*]\s+(?=\S)/;
const HEADING = /^\s{0,3}#{1,6}\s+(?=\S)/;

/** Markdown body → paragraphs (blank-line separated blocks; list items and headings stand alone). */
export function markdownParagraphs(body: string): string[] {
  let norm = body.includes("\r") ? body.replace(/\r\n?/g, "\n") : body;
  if (norm.includes("<!--")) norm = norm.replace(/<!--[\s\S]*?-->/g, "");
  const lines = norm.split("\n");
  const blocks: string[][] = [];
  let cur: string[] = [];
  const end = (): void => {
    if (cur.length) blocks.push(cur);
    cur = [];
  };
  for (const line of lines) {
    if (/^[\s\u00a0]*$/.test(line)) { end(); continue; }
    if (/^\s{0,3}(?:[-*_]\s*){3,}$/.test(line) && !/\\/.test(line)) { end(); continue; } // thematic break
    if (HEADING.test(line)) { end(); blocks.push([line.replace(HEADING, "").replace(/\s+#+\s*$/, "")]); continue; }
    if (BULLET.test(line)) { end(); cur.push(line.replace(BULLET, "")); continue; }
    cur.push(line.replace(/^\s{0,3}>\s?/, ""));
  }
  end();
  const out: string[] = [];
  for (const b of blocks) {
    const p = markdownInline(b.join("\n"));
    if (p) out.push(p);
  }
  return out;
}

/** Raw (unparsed) scalar of a top-level front matter key, so timestamps keep their offset. */
function rawScalar(front: string, key: string): string | null {
  const m = new RegExp(`^${key}:[ \\t]*(.+?)[ \\t]*$`, "m").exec(front);
  if (!m) return null;
  return (m[1] ?? "").replace(/^(['"])(.*)\1$/, "$2").trim() || null;
}

const asString = (v: unknown): string | null => {
  if (typeof v === "string") return v.trim() || null;
  if (typeof v === "number") return String(v);
  return null;
};

/**
 * Reads a Markdown document with optional front matter into a Document
 * (`title` from front matter or the first heading; `section` null unless the front
 * matter names an issuing office; `published` from `published_time`, else `date`).
 */
export function readMarkdown(text: string, path: string, notes: string[]): Document {
  let data: Record<string, unknown> = {};
  let body = text;
  let front = "";
  const localNotes = [...notes];
  if (/^\s*---[ \t]*\r?\n/.test(text)) {
    try {
      const parsed = matter(text.replace(/^\s+(?=---)/, ""), {});
      data = (parsed.data ?? {}) as Record<string, unknown>;
      body = parsed.content;
      front = parsed.matter ?? "";
    } catch {
      const m = /^\s*---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
      front = m?.[1] ?? "";
      body = m ? text.slice(m[0].length) : text;
      for (const line of front.split(/\r?\n/)) {
        const kv = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
        if (kv) data[kv[1] as string] = (kv[2] ?? "").replace(/^(['"])(.*)\1$/, "$2");
      }
      localNotes.push("front matter is not valid YAML; read key by key");
    }
  }
  let paragraphs = markdownParagraphs(body);
  let title = asString(data["title"]) ? collapseWhitespace(asString(data["title"]) as string) : null;
  if (!title) {
    const heading = /^\s{0,3}#\s+(.+)$/m.exec(body);
    if (heading) title = markdownInline(heading[1] ?? "");
  }
  paragraphs = removeChrome(paragraphs, { title });
  const dateKeys = ["published_time", "published", "pubDate", "date_published", "date"];
  let published: string | null = null;
  for (const k of dateKeys) {
    published = normalizeDate(rawScalar(front, k) ?? asString(data[k]));
    if (published) break;
  }
  const url = asString(data["source_url"]) ?? asString(data["url"]) ?? asString(data["canonical_url"]) ?? asString(data["link"]);
  const tagsRaw = data["tags"];
  const tags = Array.isArray(tagsRaw) ? tagsRaw.map(asString).filter((x): x is string => !!x) : asString(tagsRaw)?.split(/[,\s]+/) ?? [];
  const section = asString(data["section"]) ?? asString(data["office"]) ?? asString(data["issuer"]);
  return {
    source: { path, url, guid: asString(data["guid"]) ?? asString(data["id"]), name: asString(data["site_name"]) ?? asString(data["source"]), format: "markdown" },
    title,
    section,
    published,
    dateline: findDateline(paragraphs, { section, title }),
    kindHint: kindFromText(title, { tags, url }),
    paragraphs,
    notes: localNotes,
  };
}

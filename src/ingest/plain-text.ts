import type { Document } from "../core/document.js";
import { isDateOrTimeLine, parseWrittenDate } from "./dates.js";
import { findDateline, kindFromText, splitSectionPrefix, startsWithLabel } from "./metadata.js";
import { reflowLines } from "./reflow.js";
import { cleanParagraphs, wordCount } from "./text-normalize.js";
import { isChrome, removeChrome } from "./chrome.js";
import { isLetterheadRelease, isWebPageText, readLetterheadRelease, readWebPageText } from "./local-release.js";

/**
 * Plain text: newswire pages such as the founding document (counter banner, then
 * `Section: Headline`, then the body), blank-line separated or hard-wrapped text, and
 * the local press-release layouts handled by `local-release.ts`.
 */

/** Splits text into paragraphs: blank-line blocks with lines joined, or reflowed when the text has almost no blank lines. */
export function textParagraphs(lines: readonly string[]): string[] {
  const nonBlank = lines.filter((l) => l.trim()).length;
  const blank = lines.length - nonBlank;
  if (nonBlank > 8 && blank < nonBlank / 10) return cleanParagraphs(reflowLines(lines));
  const out: string[] = [];
  let cur: string[] = [];
  for (const l of lines) {
    if (l.trim()) cur.push(l);
    else if (cur.length) {
      out.push(cur.join(" "));
      cur = [];
    }
  }
  if (cur.length) out.push(cur.join(" "));
  return cleanParagraphs(out);
}

/** A first paragraph that reads as a headline: short, no speaker label, no closing full stop. */
function isHeadline(p: string): boolean {
  if (wordCount(p) > 40 || /[.:;,]$/.test(p) || isDateOrTimeLine(p)) return false;
  return splitSectionPrefix(p).section !== null || !startsWithLabel(p);
}

/**
 * Reads a plain-text document. The headline is the first paragraph after chrome when it
 * reads as one; a title-case office before its colon becomes `section`.
 */
export function readPlainText(text: string, path: string, notes: string[]): Document {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const firstReal = lines.findIndex((l) => l.trim() && !isChrome(l.trim()));
  const rest = firstReal < 0 ? lines : lines.slice(firstReal);
  if (isLetterheadRelease(rest)) return readLetterheadRelease(rest, path, notes);
  if (isWebPageText(rest)) return readWebPageText(rest, path, notes);

  let paragraphs = removeChrome(textParagraphs(lines));
  let title: string | null = null;
  let section: string | null = null;
  const first = paragraphs[0];
  if (first !== undefined && paragraphs.length > 1 && isHeadline(first)) {
    const split = splitSectionPrefix(first);
    title = split.title;
    section = split.section;
    paragraphs = paragraphs.slice(1);
  }
  let published: string | null = null;
  for (const p of paragraphs.slice(0, 6)) {
    if (isDateOrTimeLine(p)) {
      published = parseWrittenDate(p.replace(/^\(|\)$/g, ""));
      if (published) break;
    }
  }
  return {
    source: { path, url: null, guid: null, name: null, format: "text" },
    title,
    section,
    published,
    dateline: findDateline(paragraphs, { section, title }),
    kindHint: kindFromText(title),
    paragraphs,
    notes,
  };
}

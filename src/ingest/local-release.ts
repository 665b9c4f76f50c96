import type { Document } from "../core/document.js";
import { parseWrittenDate, isDateLine } from "./dates.js";
import { findDateline } from "./metadata.js";
import { reflowLines } from "./reflow.js";
import { cleanParagraphs, collapseWhitespace, wordCount } from "./text-normalize.js";
import { removeChrome } from "./chrome.js";

/**
 * Site rules for local (county) press releases kept as plain text:
 * - letterhead releases extracted from PDF: a contact block, `For Immediate Release:
 *   HEADLINE`, a `(City, State) – …` dateline, an address footer;
 * - web-page text: `HEADLINE | Site Name`, `Skip to main content`, a category line,
 *   the headline, the date, an optional `CONTACT : email` block.
 */

const FOR_IMMEDIATE = /^\s*\**\s*For Immediate Release\s*:?\s*/i;
const DATELINE_LINE = /^\s*\([^()]{2,50}\)\s*[–—-]|^\s*[A-Z][A-Z .,'’]{2,40}\s*[–—]\s/;
/** Address/phone footer printed at the bottom of every letterhead page. */
const FOOTER = /\b\d{5}(?:-\d{4})?\b.*\b\d{3}[/.-]\d{3}-?\d{3,4}\b/;

/** The issuing office named in the letterhead block (`Dallas County District Attorney’s Office`). */
function officeFromLetterhead(block: string[]): string | null {
  for (let i = 0; i < block.length; i++) {
    const line = collapseWhitespace(block[i] ?? "").replace(/^[*•\s]+/, "");
    const m = /((?:[\p{Lu}][\p{L}’'.&-]*\s+|(?:of|the|and|for)\s+)*[\p{Lu}][\p{L}’'.&-]*\s+Office)\s*$/u.exec(line);
    if (!m) continue;
    let office = (m[1] ?? "").trim();
    // Drop an all-caps lead-in (`PRESS CONFERENCE Dallas County …`).
    office = office.replace(/^(?:[\p{Lu}]{2,}\s+)+(?=[\p{Lu}][\p{Ll}])/u, "");
    const prevLine = collapseWhitespace(block[i - 1] ?? "");
    if (wordCount(office) < 4 && i > 0 && /^(?:[\p{Lu}][\p{L}’'.-]*\s?)+$/u.test(prevLine) && !/\b(?:Director|Contact|Manager|Officer)\b/.test(prevLine)) {
      office = `${prevLine} ${office}`;
    }
    return office;
  }
  return null;
}

/** True when the text looks like a letterhead release (`For Immediate Release` near the top). */
export function isLetterheadRelease(lines: readonly string[]): boolean {
  return lines.slice(0, 20).some((l) => FOR_IMMEDIATE.test(l) && /For Immediate Release/i.test(l));
}

/** Reads a letterhead release (see module doc). */
export function readLetterheadRelease(lines: string[], path: string, notes: string[]): Document {
  const at = lines.findIndex((l) => FOR_IMMEDIATE.test(l));
  const letterhead = lines.slice(0, at);
  const headLines = [lines[at]?.replace(FOR_IMMEDIATE, "") ?? ""];
  let bodyStart = at + 1;
  const dl = lines.slice(at + 1, at + 5).findIndex((l) => DATELINE_LINE.test(l));
  if (dl >= 0) {
    headLines.push(...lines.slice(at + 1, at + 1 + dl));
    bodyStart = at + 1 + dl;
  }
  let bodyLines = lines.slice(bodyStart);
  while (bodyLines.length && (!bodyLines[bodyLines.length - 1]?.trim() || FOOTER.test(bodyLines[bodyLines.length - 1] ?? ""))) bodyLines = bodyLines.slice(0, -1);
  bodyLines = bodyLines.filter((l) => !FOOTER.test(l));
  const title = collapseWhitespace(headLines.join(" ")) || null;
  const paragraphs = removeChrome(cleanParagraphs(reflowLines(bodyLines)), { title });
  let published: string | null = null;
  for (const l of letterhead.slice(0, 8)) {
    published = parseWrittenDate(l);
    if (published) break;
  }
  return {
    source: { path, url: null, guid: null, name: null, format: "text" },
    title,
    section: officeFromLetterhead(letterhead),
    published,
    dateline: findDateline(paragraphs, { title }),
    kindHint: "press_release",
    paragraphs,
    notes,
  };
}

/** True for web-page text: `Headline | Site` on the first line and a skip link just below. */
export function isWebPageText(lines: readonly string[]): boolean {
  const first = lines.findIndex((l) => l.trim());
  return first >= 0 && / \| /.test(lines[first] ?? "") && lines.slice(first + 1, first + 4).some((l) => /^\s*Skip to (?:main )?content\s*$/i.test(l));
}

/** Reads web-page text (see module doc). */
export function readWebPageText(lines: string[], path: string, notes: string[]): Document {
  const first = lines.findIndex((l) => l.trim());
  const head = collapseWhitespace(lines[first] ?? "");
  const cut = head.lastIndexOf(" | ");
  const title = head.slice(0, cut).trim() || null;
  const site = head.slice(cut + 3).trim() || null;
  let i = first + 1;
  let kindHint: Document["kindHint"] = null;
  let published: string | null = null;
  // Chrome and metadata lines at the top, in any order, until the first body line.
  for (; i < lines.length && i < first + 15; i++) {
    const l = collapseWhitespace(lines[i] ?? "");
    if (!l || /^Skip to (?:main )?content$/i.test(l)) continue;
    if (/^(?:Press Releases?|News Release|Media Advisory|Statement)$/i.test(l)) {
      kindHint = /statement/i.test(l) ? "statement" : "press_release";
      continue;
    }
    if (title && l.toLowerCase() === title.toLowerCase()) continue;
    if (isDateLine(l)) {
      published ??= parseWrittenDate(l);
      continue;
    }
    if (/^(?:CONTACT|Contact|Media Contact)\s*:?$/.test(l) || /^:$/.test(l) || /^[\w.+-]+@[\w.-]+\.\w+$/.test(l)) continue;
    break;
  }
  const paragraphs = removeChrome(cleanParagraphs(reflowLines(lines.slice(i))), { title });
  return {
    source: { path, url: null, guid: null, name: site, format: "text" },
    title,
    section: null,
    published,
    dateline: findDateline(paragraphs, { title }),
    kindHint,
    paragraphs,
    notes,
  };
}

/**
 * Text normalisation for near-duplicate detection (issue 6, "Duplicates and versions").
 * Two copies of one release differ in chrome and typography, not in words: this reduces a
 * body to the words that carry the release, so the same release from two wires gives the
 * same token sequence. Pure; no I/O.
 */

/**
 * Lines that wires and newsrooms add around a release and that are not part of it: wire
 * banners and counters, release markers ("FOR IMMEDIATE RELEASE", "###", "-30-"), contact
 * and distribution lines, share buttons, copyright lines, lines holding only a URL or an
 * e-mail address, "About the X:" paragraphs and "Related:" link lists (the same in every
 * release of one wire or issuer, so they make different releases look alike), and
 * correction or editor's notes about the copy. Matched against a trimmed line,
 * case-insensitively.
 */
export const BOILERPLATE_LINES: readonly RegExp[] = [
  // Wire counters, e.g. the founding document's header ("There were N press releases posted in the last 24 hours ...").
  /^there (were|was|are|have been) [\d,.]+ (press )?releases? (posted|published|distributed)\b/i,
  /^#{2,}$/,
  /^[-–—]*\s*30\s*[-–—]*$/,
  /^(end|ends|end of (release|statement|transcript))\.?$/i,
  /^(\*\s*){3,}$/,
  /^(for (immediate|release|publication)\b.*|immediate release\b.*)$/i,
  /^(media|press|news)?\s*(contacts?|inquiries|enquiries)\s*[:—–-].*$/i,
  /^(source|distributed by|issued by|via|published by|provided by)\s*:.*$/i,
  /^(copyright|\(c\)|©)\b.*$/i,
  /^all rights reserved\.?$/i,
  /^(share|tweet|print|e-?mail|facebook|twitter|linkedin)( (this|on \w+))?\s*$/i,
  /^(https?:\/\/|www\.)\S+$/i,
  /^\S+@\S+\.\S+$/,
  // A wire's or issuer's standard paragraph ("About the Example Wire: ...") and link lists.
  /^(About|ABOUT)\s+(the\s+|THE\s+)?\p{Lu}[^:]{0,80}:\s.*$/u,
  /^(related|related releases|see also|more from [^:]{0,40}|read more|view original content)\s*:.*$/i,
  // Editorial notes about the copy, not the release ("Correction: ...", "Editor's note: ...").
  /^(correction|clarification|editor[’']?s note|update|updated)\s*:.*$/i,
];

/**
 * A heading line that opens a standard "About" section ("About Example Corp"): the heading
 * and the paragraph after it are dropped. At most 8 words, starting with "About" and a capital.
 */
const ABOUT_HEADING = /^(About|ABOUT)\s+(the\s+|THE\s+)?\p{Lu}[\p{L}\p{N} .,&'’-]{0,60}$/u;

/** True when the trimmed `line` is wire or page boilerplate (see {@link BOILERPLATE_LINES}). */
export function isBoilerplateLine(line: string): boolean {
  const t = line.trim();
  if (t === "") return false;
  return BOILERPLATE_LINES.some((re) => re.test(t));
}

/** `lines` without boilerplate lines and without "About ..." sections (heading plus the paragraph after it). */
function dropBoilerplate(lines: readonly string[]): string[] {
  const out: string[] = [];
  let skipping = false;
  let skippedText = false;
  for (const line of lines) {
    const t = line.trim();
    if (skipping) {
      if (t === "" && skippedText) skipping = false;
      else if (t !== "") skippedText = true;
      continue;
    }
    if (t.split(/\s+/).length <= 8 && ABOUT_HEADING.test(t)) {
      skipping = true;
      skippedText = false;
      continue;
    }
    if (!isBoilerplateLine(line)) out.push(line);
  }
  return out;
}

/**
 * The words of `body` for comparison: Unicode NFKC, boilerplate lines and "About ..."
 * sections dropped, lower case,
 * apostrophes removed ("don’t" → "dont"), every other run of characters that is not a
 * letter or digit treated as a word break (so quotes, dashes, punctuation, line wrapping
 * and white space make no difference). Returns the tokens in order; `[]` for an empty body.
 * Note: `ItemInput.body` joins paragraphs with blank lines, so a paragraph is one or more lines.
 */
export function dedupeTokens(body: string): string[] {
  const kept = dropBoilerplate(body.normalize("NFKC").split(/\r\n|\r|\n/))
    .join("\n")
    .toLowerCase()
    .replace(/['’‘ʼ`´]/g, "");
  return words(kept);
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}\p{M}]$/u;

/** Runs of letters and digits (combining marks stay with their letter); a fast path for ASCII. */
function words(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let inWord: boolean;
    if (c < 128) inWord = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    else {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      inWord = LETTER_OR_DIGIT.test(ch);
      if (cp > 0xffff) {
        if (inWord && start < 0) start = i;
        if (!inWord && start >= 0) { out.push(text.slice(start, i)); start = -1; }
        i++;
        continue;
      }
    }
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(text.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) out.push(text.slice(start));
  return out;
}

/**
 * Site chrome that survives format-level extraction: newswire counters, skip links,
 * share widgets and leaked script text. Applied to every format's paragraphs.
 */

/** The newswire counter banner ("There were 143 press releases posted in the last 24 hours and 451,514 in the last 365 days."). */
export const COUNTER_BANNER = /^There (?:were|was|are|is) [\d,]+ (?:press )?releases? posted in the last 24 hours and [\d,]+ in the last 365 days\.?$/i;

const CHROME_LINES: RegExp[] = [
  COUNTER_BANNER,
  /^Skip to (?:main )?content$/i,
  /^(?:Share|Share this|Share this page|Print|Email|Tweet|Copy link|Copy URL to your clipboard)(?: on \w+)?:?$/i,
  /^Share this page on (?:Facebook|Twitter|X|LinkedIn|Email)$/i,
  /^(?:All News|Back to top|Menu|Search|Close|Toggle navigation)$/i,
];

/** Leaked JavaScript (the state.gov watermark snippet and the like). */
const SCRIPT_TEXT = /(?:\bjQuery\s*\(|document\.addEventListener\s*\(|\bfunction\s*\(\s*\w*\s*\)\s*\{|\bwindow\.\w+\s*=|\$\(\s*['"]|\bvar\s+\w+\s*=\s*[^;]*;)/;

const SCRIPT_PUNCT = /[{};]/;

/** True when a paragraph is site chrome, not document text. */
export function isChrome(p: string): boolean {
  if (CHROME_LINES.some((re) => re.test(p))) return true;
  // script text needs a brace or semicolon (both tests below do): most prose has none, and is
  // not searched for the script patterns at all
  if (!SCRIPT_PUNCT.test(p)) return false;
  return SCRIPT_TEXT.test(p) && (/[{};]\s*$/.test(p) || (p.match(/[{};]/g) ?? []).length >= 4);
}

/**
 * Drops chrome paragraphs, and the headline when it is repeated as the first body
 * paragraph(s). Keeps the preamble (issuer, venue, clock time) for the transcript parser.
 */
export function removeChrome(paragraphs: readonly string[], ctx: { title?: string | null } = {}): string[] {
  const out = paragraphs.filter((p) => !isChrome(p));
  const title = ctx.title?.toLowerCase();
  if (title) {
    const idx = out.findIndex((p, i) => i < 4 && p.toLowerCase() === title);
    if (idx >= 0) out.splice(idx, 1);
  }
  return out;
}

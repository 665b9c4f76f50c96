/**
 * Paragraphs from text whose line breaks are layout, not structure: PDF extractions
 * (hard-wrapped at a fixed width, no blank lines) and web-page text broken at link
 * boundaries ("…can be read\nHERE\n.").
 */

const ENDS_SENTENCE = /(?:[.!?:]|[.!?]["”’)])\s*$/;
const ENDS_OPEN = /(?:[,;–—-]|,["”’])\s*$/;
const STARTS_NEW = /^[\p{Lu}0-9“"‘(\[#•*]/u;
const STARTS_ATTACHED = /^[.,;:!?)\]”’%]/;

function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

/**
 * Rebuilds paragraphs from `lines`. Blank lines always end a paragraph. For hard-wrapped
 * text (typical width ≤ 150), a line starts a paragraph when the previous one ends a
 * sentence and stops clearly short of the width; for unwrapped text, when the previous
 * line ends a sentence or is a long line not left open (`,` `;` dash). Fragments that
 * start with punctuation attach without a space.
 */
export function reflowLines(lines: readonly string[]): string[] {
  const trimmed = lines.map((l) => l.replace(/[\s\u00a0]+$/, "").replace(/^[\s\u00a0]+/, ""));
  const width = percentile(trimmed.filter(Boolean).map((l) => l.length), 0.9);
  const wrapped = width > 0 && width <= 150;
  const out: string[] = [];
  let cur = "";
  let prev = "";
  for (let i = 0; i < trimmed.length; i++) {
    const line = trimmed[i] as string;
    if (!line) {
      if (cur) out.push(cur);
      cur = "";
      prev = "";
      continue;
    }
    if (!cur) {
      cur = line;
      prev = line;
      continue;
    }
    let startsNew: boolean;
    if (STARTS_ATTACHED.test(line) || /^\p{Ll}/u.test(line)) startsNew = false;
    else if (wrapped) startsNew = ENDS_SENTENCE.test(prev) && STARTS_NEW.test(line) && prev.length < 0.88 * width;
    else {
      // A short fragment followed by punctuation (`…can be read` / `HERE` / `.`) is mid-sentence.
      const fragment = line.length < 40 && STARTS_ATTACHED.test(trimmed[i + 1] ?? "");
      startsNew = ENDS_SENTENCE.test(prev) || (!fragment && prev.length >= 60 && !ENDS_OPEN.test(prev) && STARTS_NEW.test(line));
    }
    if (startsNew) {
      out.push(cur);
      cur = line;
    } else {
      cur += STARTS_ATTACHED.test(line) ? line : ` ${line}`;
    }
    prev = line;
  }
  if (cur) out.push(cur);
  return out;
}

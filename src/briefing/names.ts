/**
 * Keeping a background briefer's real name out of the live transcript. The stenographer
 * types what is said; when an official's real name is said (by anyone) on a briefing given
 * on background, deep background or off the record, the stored text carries the
 * official's attribution instead and the stenographer is warned.
 *
 * Patterns follow `src/publish/redact.ts` (full name with or without a title, title and
 * surname, the surname alone as printed or in capitals, the first name used as a vocative),
 * but here the names are known exactly from the set-up rather than guessed from the text.
 */
import type { Basis } from "../core/transcript-types.js";
import type { Official } from "./types.js";

/** Bases on which an official's real name must never be shown. */
export const NAME_PRIVATE_BASES: ReadonlySet<Basis> = new Set<Basis>(["on_background", "deep_background", "off_the_record"]);

/** True when the basis keeps officials' real names private. */
export function namesArePrivate(basis: Basis | null): boolean {
  return basis !== null && NAME_PRIVATE_BASES.has(basis);
}

const HONORIFIC = String.raw`(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Ambassador|Amb|Secretary|Under\s+Secretary|Assistant\s+Secretary|Deputy\s+Secretary|Deputy|Director|Admiral|Adm|General|Gen|Colonel|Col|Special\s+Envoy|Envoy|Coordinator|Senator|Sen)\.?\s+)`;
const NOT_BEFORE = String.raw`(?<![\p{L}\p{M}\p{N}])`;
const NOT_AFTER = String.raw`(?![\p{L}\p{M}\p{N}])`;
const VOCATIVE = String.raw`(?:thanks|thank\s+you(?:\s+(?:so|very)\s+much)?|over\s+to\s+you|go\s+ahead|welcome|hi|hello|sorry|okay|ok|yes|right|and)`;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const letters = (s: string): number => s.replace(/[^\p{L}]/gu, "").length;

/**
 * The attribution used for an official in running text: `official.attribution`, else the
 * label in title case (words with a full stop, like `U.S.`, are kept as printed).
 */
export function attributionText(official: Official): string {
  if (official.attribution && official.attribution.trim()) return official.attribution.trim();
  return official.label
    .trim()
    .split(/\s+/)
    .map((w) => (w.includes(".") ? w : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join(" ");
}

interface Rule {
  re: RegExp;
  /** The first capture group is kept in front of the replacement. */
  keepPrefix: boolean;
}

/** Titles at the start of a real name as set up ("Dr. Margaret O'Neill-Quill"): matched with or without them. */
const LEADING_TITLES = new RegExp(`^${HONORIFIC}+`, "iu");

/** Apostrophe-like characters typed for `'` (right and left single quotes, modifier letter, prime). */
const APOSTROPHES = /[\u2018\u2019\u02BC\u2032\u00B4\u0060]/g;

/** One character (code point) folded for matching: compatibility-decomposed, marks removed, apostrophes as `'`. Case is kept. */
function foldChar(c: string): string {
  return c.normalize("NFKD").replace(/\p{M}/gu, "").replace(APOSTROPHES, "'");
}

/**
 * `text` folded for matching (see {@link foldChar}), with, for each folded UTF-16 unit, the
 * offsets in `text` of the character it came from (`from`) and of the end of that character
 * and of any following characters that fold to nothing (`to`), so a match maps back to the
 * original span, combining marks included.
 */
function folded(text: string): { s: string; from: number[]; to: number[] } {
  let s = "";
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  for (const c of text) {
    const f = foldChar(c);
    const end = i + c.length;
    if (f.length === 0) {
      // a lone combining mark: the span of the folded character before it grows over it
      for (let k = to.length - 1; k >= 0 && to[k] === i; k--) to[k] = end;
    }
    for (let k = 0; k < f.length; k++) { from.push(i); to.push(end); }
    s += f;
    i = end;
  }
  return { s, from, to };
}

function rulesFor(realName: string): Rule[] {
  const bare = foldChar(realName.trim()).replace(LEADING_TITLES, "");
  const toks = (bare.trim() || foldChar(realName.trim())).split(/\s+/).filter((t) => t.length > 0);
  if (toks.length === 0) return [];
  const rules: Rule[] = [];
  rules.push({ re: new RegExp(`${NOT_BEFORE}${HONORIFIC}*${toks.map(escapeRe).join(String.raw`\s+`)}${NOT_AFTER}`, "giu"), keepPrefix: false });
  if (toks.length > 1) {
    const last = toks[toks.length - 1]!;
    if (letters(last) >= 3) {
      const e = escapeRe(last);
      rules.push({ re: new RegExp(`${NOT_BEFORE}${HONORIFIC}+${e}${NOT_AFTER}`, "giu"), keepPrefix: false });
      rules.push({ re: new RegExp(`${NOT_BEFORE}(?:${e}|${escapeRe(last.toUpperCase())})${NOT_AFTER}`, "gu"), keepPrefix: false });
    }
    const first = toks[0]!;
    if (letters(first) >= 3) {
      const e = escapeRe(first);
      rules.push({ re: new RegExp(`(${NOT_BEFORE}${VOCATIVE},?\\s+)${e}${NOT_AFTER}`, "giu"), keepPrefix: true });
    }
  }
  return rules;
}

/**
 * Replace every official's real name in `text` by their attribution (in capitals where the
 * name was typed in capitals: the label).
 *
 * Matching ignores accents (`Jose Alvarez` for `José Álvarez`), the kind of apostrophe
 * (`’` for `'`), the case of the full name, and titles at the start of the real name as set
 * up (`Dr. Margaret O'Neill-Quill` is also found as `Margaret O'Neill-Quill`, `Dr.
 * O'Neill-Quill`, `Thanks, Margaret`); the span replaced is the one typed.
 *
 * @param text A turn's text as typed.
 * @param officials The briefing's officials.
 * @returns The text to store, and the ids of the officials whose names were found (in set-up order).
 */
export function replaceRealNames(text: string, officials: readonly Official[]): { text: string; replaced: string[] } {
  let out = text;
  const replaced: string[] = [];
  // Longest names first, so "Jane Doe-Example" goes before another official's "Jane Doe".
  const order = [...officials].sort((a, b) => b.realName.length - a.realName.length);
  for (const o of order) {
    const attribution = attributionText(o);
    const upper = o.label.trim().toUpperCase();
    let hit = false;
    for (const r of rulesFor(o.realName)) {
      // Match on the folded text (accents, apostrophes), replace the original span.
      const f = folded(out);
      const spans: [number, number][] = [];
      for (const m of f.s.matchAll(r.re)) {
        const start = m.index + (r.keepPrefix ? (m[1] ?? "").length : 0);
        const end = m.index + m[0].length;
        if (end > start) spans.push([f.from[start]!, f.to[end - 1]!]);
      }
      for (const [a, b] of spans.reverse()) {
        hit = true;
        const name = out.slice(a, b);
        const inCapitals = /\p{Lu}{2}/u.test(name) && name === name.toUpperCase();
        out = out.slice(0, a) + (inCapitals ? upper : attribution) + out.slice(b);
      }
    }
    if (hit) replaced.push(o.id);
  }
  return { text: out, replaced: officials.filter((o) => replaced.includes(o.id)).map((o) => o.id) };
}

/**
 * Editorial redaction before publication: a briefing given on background must never
 * publish its briefer's real name, even when the document itself leaks it ("you'll be
 * hearing from NAME, who will be referred to as a senior official").
 *
 * {@link redactForPublication} is pure. The importer calls it before `store.upsert`; the
 * store keeps the edited text in every served column (body, transcript JSON, full-text
 * index, questions) and the unedited text in `item_originals`, which no read path selects.
 */
import type { ItemInput } from "../core/item.js";
import type { Basis, Participant, Structure, Turn } from "../core/transcript-types.js";
import { findLeakedNames } from "../transcript/leaks.js";

/** Flag raised on an item whose background briefer's name was withheld. */
export const LEAKED_NAME_FLAG = "leaked_background_name";
/** What a served transcript's `leaked_name:NAME` warnings become. */
export const LEAKED_NAME_WARNING = "leaked_name_withheld";
/** Attribution used when the ground rules give none. */
export const DEFAULT_ATTRIBUTION = "senior official";

const BACKGROUND: ReadonlySet<Basis> = new Set<Basis>(["on_background", "deep_background"]);

/** Titles that may precede a name and go with it ("Ambassador Doe", "Ms. Doe"). */
const HONORIFIC = String.raw`(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Ambassador|Amb|Secretary|Under\s+Secretary|Assistant\s+Secretary|Deputy\s+Secretary|Deputy|Director|Admiral|Adm|General|Gen|Colonel|Col|Special\s+Envoy|Envoy|Coordinator|Senator|Sen)\.?\s+)`;
const WORD_CHARS = String.raw`[\p{L}\p{M}\p{N}'’\-]`;
const NOT_BEFORE = String.raw`(?<![\p{L}\p{M}\p{N}])`;
const NOT_AFTER = String.raw`(?![\p{L}\p{M}\p{N}])`;
/** Vocatives that name a briefer by first name ("Thanks, Jane"). */
const VOCATIVE = String.raw`(?:thanks|thank\s+you(?:\s+(?:so|very)\s+much)?|over\s+to\s+you|go\s+ahead|welcome|hi|hello|sorry|okay|ok|yes|right|and)`;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function article(noun: string): string {
  return /^(?:[aeio]|u(?!ni|s[aeiou]|\.s\.))/i.test(noun) ? "an" : "a";
}

/** A leaked name as the parser reported it, cleaned: trailing hyphens and punctuation are completion hints. */
function cleanName(n: string): { stem: string; partial: boolean } | null {
  const t = n.replace(/\s+/g, " ").trim();
  const partial = /[-'’]$/.test(t);
  const stem = t.replace(/[\s.,;:!?]+$/u, "");
  if (stem.replace(/[^\p{L}]/gu, "").length < 3) return null;
  return { stem, partial };
}

/**
 * The full forms of each leaked name as they occur in `texts` (a name the parser cut short
 * at a hyphen, `Jane Doe-`, is completed to `Jane Doe-Example`), plus the name as given.
 */
function completeNames(names: string[], texts: string[]): string[] {
  const out = new Set<string>();
  for (const raw of names) {
    const c = cleanName(raw);
    if (!c) continue;
    const tokens = c.stem.split(" ").map(escapeRe).join(String.raw`\s+`);
    if (c.partial) {
      const re = new RegExp(`${NOT_BEFORE}${tokens}${WORD_CHARS}*`, "giu");
      for (const t of texts) for (const m of t.matchAll(re)) out.add(m[0].replace(/\s+/g, " ").replace(/[-'’]+$/, ""));
    }
    out.add(c.stem.replace(/[-'’]+$/, ""));
  }
  return [...out].filter((n) => n.replace(/[^\p{L}]/gu, "").length >= 3).sort((a, b) => b.length - a.length);
}

interface Rule {
  re: RegExp;
  /** Keep this many leading characters of the match (group 1 length) before the replacement. */
  keepPrefix: boolean;
}

/** Replacement rules for one set of names, longest forms first. */
function rulesFor(names: string[]): Rule[] {
  const rules: Rule[] = [];
  const surnames = new Set<string>();
  const firsts = new Set<string>();
  for (const n of names) {
    const toks = n.split(" ");
    const body = toks.map(escapeRe).join(String.raw`\s+`);
    rules.push({ re: new RegExp(`${NOT_BEFORE}${HONORIFIC}*${body}${NOT_AFTER}`, "giu"), keepPrefix: false });
    if (toks.length > 1) {
      const last = toks[toks.length - 1]!;
      if (last.replace(/[^\p{L}]/gu, "").length >= 3) surnames.add(last);
      const first = toks[0]!;
      if (first.replace(/[^\p{L}]/gu, "").length >= 3) firsts.add(first);
    }
  }
  for (const s of surnames) {
    const e = escapeRe(s);
    // "Ms. Doe-Example", "MS. DOE-EXAMPLE": any case with a title; the bare surname as printed or in capitals.
    rules.push({ re: new RegExp(`${NOT_BEFORE}${HONORIFIC}+${e}${NOT_AFTER}`, "giu"), keepPrefix: false });
    rules.push({ re: new RegExp(`${NOT_BEFORE}(?:${e}|${escapeRe(s.toUpperCase())})${NOT_AFTER}`, "gu"), keepPrefix: false });
  }
  for (const f of firsts) {
    const e = escapeRe(f);
    rules.push({ re: new RegExp(`(${NOT_BEFORE}${VOCATIVE},?\\s+)${e}${NOT_AFTER}`, "giu"), keepPrefix: true });
    rules.push({ re: new RegExp(`(,\\s+)${e}(?=\\s*[.!?,;])`, "gu"), keepPrefix: true });
  }
  return rules;
}

/** A text redactor for `names` with `attribution` (title case, without article). */
function makeRedactor(names: string[], attribution: string): (text: string) => string {
  const rules = rulesFor(names);
  const upper = attribution.toUpperCase();
  const phrase = `${article(attribution)} ${attribution}`;
  return (text: string) => {
    let out = text;
    for (const r of rules) {
      out = out.replace(r.re, (...args: unknown[]) => {
        const match = args[0] as string;
        const prefix = r.keepPrefix ? (args[1] as string) : "";
        const offset = args[r.keepPrefix ? 2 : 1] as number;
        const whole = args[r.keepPrefix ? 3 : 2] as string;
        const name = match.slice(prefix.length);
        if (/\p{Lu}/u.test(name) && name === name.toUpperCase() && /\p{Lu}{2}/u.test(name)) return prefix + upper;
        const before = whole.slice(0, offset) + prefix;
        const sentenceStart = /(?:^|[.!?:]["”’)]?\s+|\n\s*)$/u.test(before);
        return prefix + (sentenceStart ? phrase.charAt(0).toUpperCase() + phrase.slice(1) : phrase);
      });
    }
    return out;
  };
}

function redactStructure(s: Structure, redact: (t: string) => string, names: string[]): Structure {
  const nameKeys = names.map((n) => n.toLowerCase());
  const mentions = (v: string | null) => v !== null && nameKeys.some((k) => v.toLowerCase().includes(k));
  const participants: Participant[] = (s.participants ?? []).map((p) => ({
    ...p,
    label: p.label === null ? null : redact(p.label),
    name: p.name === null ? null : mentions(p.name) || redact(p.name) !== p.name ? null : p.name,
    affiliation: p.affiliation === null ? null : redact(p.affiliation),
  }));
  const turns: Turn[] = (s.turns ?? []).map((t) => ({ ...t, label: t.label === null ? null : redact(t.label), text: redact(t.text) }));
  const warnings = s.warnings ? [...new Set(s.warnings.map((w) => (w.startsWith("leaked_name:") ? LEAKED_NAME_WARNING : redact(w))))] : undefined;
  const gr = s.ground_rules ?? { basis: null, attribute_to: null };
  return {
    ...s,
    headline: redact(s.headline),
    ground_rules: { ...gr, attribute_to: gr.attribute_to === null ? null : redact(gr.attribute_to) },
    participants,
    turns,
    ...(warnings ? { warnings } : {}),
  };
}

/**
 * Prepare an item for publication. When the briefing is on background or deep background
 * (`groundRules.basis`, else the transcript's) and the parser found the briefer's real
 * name leaked in the document (`leaked_name:NAME` warnings), every occurrence of the name
 * (with or without a title, the surname alone, the first name used as a vocative) in the
 * headline, body and transcript is replaced by the attribution: `attribute_to` with its
 * article ("a Senior State Department Official"), or "a senior official" when none; in
 * capitals (speaker labels) the attribution alone in capitals. Participants named so lose
 * their `name`; the warnings read `leaked_name_withheld`.
 *
 * The returned input carries the flag `leaked_background_name` and, in `original`, the
 * unedited body and transcript for the record. Anything else is returned unchanged.
 * `contentHash` is kept (it identifies the source content).
 *
 * @param input What the importer would store.
 * @returns The input to store, and its flags.
 */
export function redactForPublication(input: ItemInput): { input: ItemInput; flags: string[] } {
  const flags = [...(input.flags ?? [])];
  const basis = input.groundRules?.basis ?? input.transcript?.ground_rules?.basis ?? null;
  if (!input.transcript || basis === null || !BACKGROUND.has(basis)) return { input, flags };
  const leaked = findLeakedNames(input.transcript);
  if (leaked.length === 0) return { input, flags };
  const texts = [input.headline, input.body, ...(input.transcript.turns ?? []).map((t) => t.text)];
  const names = completeNames(leaked, texts);
  if (names.length === 0) return { input, flags };
  const attribution = (input.groundRules?.attribute_to ?? input.transcript.ground_rules?.attribute_to ?? "").trim() || DEFAULT_ATTRIBUTION;
  if (names.some((n) => attribution.toLowerCase().includes(n.toLowerCase()))) {
    // The attribution itself names the person: fall back to the neutral one.
    return redactWith(input, names, DEFAULT_ATTRIBUTION, flags);
  }
  return redactWith(input, names, attribution, flags);
}

function redactWith(input: ItemInput, names: string[], attribution: string, flags: string[]): { input: ItemInput; flags: string[] } {
  const redact = makeRedactor(names, attribution);
  if (!flags.includes(LEAKED_NAME_FLAG)) flags.push(LEAKED_NAME_FLAG);
  const gr = input.groundRules ?? { basis: null, attribute_to: null };
  const out: ItemInput = {
    ...input,
    headline: redact(input.headline),
    body: redact(input.body),
    dateline: input.dateline === null ? null : redact(input.dateline),
    transcript: input.transcript ? redactStructure(input.transcript, redact, names) : null,
    groundRules: { ...gr, attribute_to: gr.attribute_to === null ? null : redact(gr.attribute_to) },
    flags,
    original: input.original ?? { body: input.body, transcript: input.transcript },
  };
  return { input: out, flags };
}

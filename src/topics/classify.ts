/**
 * The rule classifier: picks at most {@link MAX_SUBJECTS} Media Topics for one item from
 * its headline, body and source section. Pure (no database, no clock); the rules are in
 * `rules.ts`, the vocabulary decides which qcodes exist.
 *
 * Score of a rule = weight × (4 per distinct term in the headline, capped at 8
 *   + 2 per distinct term in the source section, capped at 4
 *   + body density: occurrences of any of its terms per 1,000 words of body (a place where
 *     two terms overlap, "climate" in "climate change", counts once), the body counted as at
 *     least 500 words, capped at 8).
 * A subject is kept when its score is at least {@link MIN_SCORE} and at least
 * {@link RELATIVE_FLOOR} of the best score, best first.
 */
import { RULES_VERSION, TOPIC_RULES, type TopicRule } from "./rules.js";

/** What the classifier reads. */
export interface ClassifyInput {
  headline: string;
  body: string;
  /** The item's source section (kept as the item's section; used here only as a hint). */
  section: string | null;
}

/** One chosen subject. */
export interface Classification {
  qcode: string;
  /** Rule points (see the module comment); higher is surer. */
  score: number;
  /** `rules:<RULES_VERSION>`. */
  assignedBy: string;
}

/** Most subjects kept per item. */
export const MAX_SUBJECTS = 3;
/** Lowest score kept. */
export const MIN_SCORE = 5;
/** A subject must score at least this share of the best subject's score. */
export const RELATIVE_FLOOR = 0.4;
/** Body text read per item (characters): long transcripts are judged on their first part. */
const BODY_LIMIT = 30_000;
/** Shortest body length (words) densities are computed over: one passing mention in a short release is not a topic. */
const WORDS_FLOOR = 500;

interface Compiled {
  qcode: string;
  weight: number;
  /** One expression per term (distinct terms in headline and section). */
  terms: RegExp[];
  /** All case-insensitive terms in one expression (occurrences in the body: one scan per rule). */
  any: RegExp;
  /** The case-sensitive terms (`=ICE`) in one expression, when the rule has any. */
  anySensitive?: RegExp;
}

/** Compile rules once: each term becomes a global regular expression on word boundaries. */
export function compileRules(rules: readonly TopicRule[]): Compiled[] {
  const bounded = (t: string) => `(?<![\\w-])(?:${t})(?![\\w-])`;
  return rules.map((r) => {
    const insensitive = r.terms.filter((t) => !t.startsWith("="));
    const sensitive = r.terms.filter((t) => t.startsWith("=")).map((t) => t.slice(1));
    // JavaScript has no inline case flag: case-sensitive terms get their own expression.
    return {
      qcode: r.qcode,
      weight: r.weight ?? 1,
      terms: r.terms.map((t) => (t.startsWith("=") ? new RegExp(bounded(t.slice(1)), "g") : new RegExp(bounded(t), "gi"))),
      // Rule terms are lower case: the body is lower-cased once, so this needs no `i` flag (faster).
      any: new RegExp(insensitive.length ? bounded(insensitive.join("|")) : "(?!)", "g"),
      ...(sensitive.length ? { anySensitive: new RegExp(bounded(sensitive.join("|")), "g") } : {}),
    };
  });
}

const DEFAULT = compileRules(TOPIC_RULES);

function normalise(s: string): string {
  return s.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/[\u2010-\u2015]/g, "-").replace(/\s+/g, " ");
}

function count(re: RegExp, text: string, cap = Infinity): number {
  re.lastIndex = 0;
  let n = 0;
  while (n < cap && re.exec(text)) n++;
  return n;
}

/**
 * Score every rule for one item (for tests and tuning). Rules that do not fire are left out.
 * @returns qcode → score (a qcode named by several rules gets the sum).
 */
export function scoreItem(input: ClassifyInput, rules: readonly Compiled[] = DEFAULT): Map<string, number> {
  const headline = normalise(input.headline ?? "");
  const section = normalise(input.section ?? "");
  const body = normalise((input.body ?? "").slice(0, BODY_LIMIT));
  const words = Math.max(WORDS_FLOOR, (body.match(/\S+/g) ?? []).length);
  const lower = body.toLowerCase();
  const out = new Map<string, number>();
  for (const r of rules) {
    let head = 0, sec = 0;
    for (const re of r.terms) {
      if (count(re, headline, 1)) head++;
      if (section && count(re, section, 1)) sec++;
    }
    const occ = count(r.any, lower) + (r.anySensitive ? count(r.anySensitive, body) : 0);
    const score = r.weight * (Math.min(8, 4 * head) + Math.min(4, 2 * sec) + Math.min(8, (occ * 1000) / words));
    if (score > 0) out.set(r.qcode, (out.get(r.qcode) ?? 0) + score);
  }
  return out;
}

/**
 * Choose the subjects of one item.
 * @param known when given, only qcodes in this set (the loaded, not retired topics) are returned.
 * @returns at most {@link MAX_SUBJECTS} subjects, best first; empty when nothing scores enough.
 */
export function classify(input: ClassifyInput, known?: ReadonlySet<string>, rules: readonly Compiled[] = DEFAULT): Classification[] {
  const scored = [...scoreItem(input, rules)].filter(([q]) => !known || known.has(q)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const best = scored[0]?.[1] ?? 0;
  return scored
    .filter(([, s]) => s >= MIN_SCORE && s >= best * RELATIVE_FLOOR)
    .slice(0, MAX_SUBJECTS)
    .map(([qcode, s]) => ({ qcode, score: Math.round(s * 100) / 100, assignedBy: `rules:${RULES_VERSION}` }));
}

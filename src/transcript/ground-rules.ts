/**
 * Ground rules (labeling.md, "Ground rules"): `basis` only when the document states it;
 * where rules change during the event, the rules under which the main official speaks;
 * `attribute_to` title-cased as printed ("Senior State Department Official"), also for
 * releases "The following is attributable to Spokesperson Ned Price:".
 */
import type { Basis, GroundRules } from "../core/transcript-types.js";
import { titleCase } from "./text.js";

const BASIS_PHRASE = String.raw`on (?:a |an )?deep[- ]background(?: basis)?|on (?:a |an )?background basis|on[- ]background|deep[- ]background|on (?:an |the )?on[- ]the[- ]record basis|on[- ]the[- ]record|on (?:an )?off[- ]the[- ]record basis|off[- ]the[- ]record`;
const BASIS_RE = new RegExp(String.raw`\b(?:(?:call|briefing|conversation|session|gaggle|portion|part|discussion|remarks|this|it|we|we['’]re|we are|will be|is|was|are|be|held|do (?:this|that|it)|doing (?:this|that|it)|done|did (?:this|that|it)|all|going to be|continue|now|speaking|speak|talk|talking|conducted|hold|holding|everything|rest|remainder|contents?|comments?|questions?)\b[^.?!]{0,40}?)\b(${BASIS_PHRASE})\b`, "gi");
// The attribution phrase: up to 7 words ending in OFFICIAL(S) / DIPLOMAT(S), after a trigger
// ("attributable to", "you can attribute ... to", "may be quoted as", "referred to as",
// "will be identified as", "For your records, it is").
const ATTR_TRIGGER = String.raw`attributable to|attributed to|attribut(?:e|ing) [^.?!]{0,50}? to|(?:quoted|cited|identified|described|referred to|referenced|attributed|sourced) as|refer to (?:him|her|them|our (?:speaker|briefer|official)s?|the (?:speaker|briefer|official)s?|this (?:person|official)) as|(?:quote|cite|identify|describe) (?:him|her|them|our (?:speaker|briefer)s?) as|on background (?:as|to)|background as|for your records?,? (?:it is|it['’]s|this is|that is|they are|the attribution is)|attribution (?:is|will be)(?: to)?|(?:speaking|briefing|talking) as`;
const ATTR_RE = new RegExp(String.raw`\b(?:${ATTR_TRIGGER})\s+(?:an?\s+|the\s+|two\s+|three\s+)?["“‘]?((?:[\p{L}.’'\-]+\s+){0,6}?(?:officials?|diplomats?))\b`, "giu");
const RELEASE_ATTR_RE = /\b(?:following|below|above|statement) (?:is|are) attributable to ([\p{Lu}][\p{L}.'’\- ]{2,80}?)\s*:/u;
// Embargo: "embargoed until the end/conclusion of the call", "embargoed until its end",
// "the embargo ... is 11:30 p.m. ...", "embargoed until approximately one o'clock".
const EMBARGO_END_RE = /\bembargo(?:ed)?\b[^.?!]{0,60}?\b(?:until|till|to|through)\s+(?:the\s+)?(?:(?:end|conclusion|close|completion)\b(?:\s+of\s+(?:the|this)\s+(call|briefing|conference|session|event|teleconference))?|its\s+(?:end|conclusion|close))/i;
const EMBARGO_TIME_RE = /\b[Ee]mbargo(?:ed)?\b[^.?!]{0,40}?\b(?:until|till|is|at|lifts at)\s+(?:actually\s+|now\s+)?((?:approximately |around |about )?(?:\d{1,2}(?::\d{2})?\s*[aApP]\.?\s?[mM]\.?|noon|midnight|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) o['’]clock)(?:\s+(?:ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|GMT|UTC|BST|CET|CEST|JST|KST|(?:Eastern|Pacific|Central|Mountain|Japan Standard|Greenwich Mean|Central European|Korea Standard) Time)\b)?)/;

// Case-sensitive stems (first letter dropped): far faster than a case-insensitive alternation.
const KEY_RE = /ackground|ecord|ttribut|ferred to|dentified as|escribed as|uoted as|mbargo|peaking as|riefing as|ECORD|ACKGROUND|TTRIBUT/;
function basisOf(s: string): Basis {
  const l = s.toLowerCase().replace(/-/g, " ");
  if (l.includes("deep")) return "deep_background";
  if (l.includes("off the record")) return "off_the_record";
  if (l.includes("background")) return "on_background";
  return "on_the_record";
}

/**
 * Read ground rules from the preamble and the turns of moderators/operators/officials
 * (never from reporters' questions).
 * Where several attributions are given, the one said of the call or its speakers (or
 * matching an official's label) wins: the rules under which the main official speaks
 * (labeling.md, "Ground rules"). Also reads the embargo ("until the end of the call", a time).
 * @param texts the texts to read, in document order.
 * @param officialLabels labels of the officials (to prefer the attribution matching them).
 */
export function findGroundRules(texts: readonly string[], officialLabels: readonly string[] = []): GroundRules {
  const labels = officialLabels.map((l) => l.toUpperCase());
  let attrCand: string | null = null;
  let attrScore = -1;
  const counts = new Map<Basis, number>();
  let first: Basis | null = null;
  let attr: string | null = null;
  let embargo: string | null = null;
  for (const raw of texts) {
    if (!KEY_RE.test(raw)) continue;
    const s = raw.length > 20000 ? raw.slice(0, 20000) : raw;
    if (attr === null) {
      const r = RELEASE_ATTR_RE.exec(s);
      if (r && r[1]) attr = r[1].trim();
    }
    if (embargo === null && s.includes("mbargo")) {
      const e = EMBARGO_END_RE.exec(s);
      if (e) embargo = `end of the ${e[1] ? e[1].toLowerCase() : "call"}`;
      else {
        const t = EMBARGO_TIME_RE.exec(s);
        if (t && t[1]) embargo = t[1].trim();
      }
    }
    BASIS_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = BASIS_RE.exec(s)) !== null) {
      // "on the record" in "get people on the record" is not a rule; require a rule-ish context
      const b = basisOf(m[1] ?? "");
      const ctx = s.slice(Math.max(0, m.index - 60), m.index + m[0].length + 20).toLowerCase();
      if (/\b(?:any|some|more|people|family|clarity|confirm)\b[^.]{0,20}$/.test(s.slice(Math.max(0, m.index - 30), m.index + (m[0].length - (m[1]?.length ?? 0))).toLowerCase()) && !/\b(?:call|briefing)\b/.test(ctx)) continue;
      if (first === null) first = b;
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    ATTR_RE.lastIndex = 0;
    let a: RegExpExecArray | null;
    while ((a = ATTR_RE.exec(s)) !== null) {
      const phrase = (a[1] ?? "").trim().replace(/[\s\-,.]+$/, "");
      if (!/\bofficials?\b|\bdiplomats?\b/i.test(phrase)) continue;
      const cleaned = titleCase(phrase.replace(/^(?:a|an)\s+/i, ""));
      // the attribution for the main speakers: said of the call/briefing or of the speakers,
      // or matching an official's label, beats one given for a side announcement
      const before = s.slice(Math.max(0, a.index - 60), a.index).toLowerCase();
      let score = /\b(?:call|briefing|speakers?|briefers?|officials?|remarks|gaggle|session|conversation)\b/.test(before) ? 1 : 0;
      const up = cleaned.toUpperCase().replace(/S$/, "");
      if (labels.some((l) => l.startsWith(up))) score += 2;
      if (score > attrScore) { attrCand = cleaned; attrScore = score; }
    }
  }
  if (attr === null) attr = attrCand;
  let basis: Basis | null = null;
  if (counts.size) {
    // background wins over "on the record" when both appear (e.g. opening on-record remarks, Q&A on background)
    basis = counts.has("on_background") ? "on_background" : counts.has("deep_background") ? "deep_background" : first;
    if (counts.has("on_the_record") && counts.has("on_background")) {
      basis = (counts.get("on_background") ?? 0) >= (counts.get("on_the_record") ?? 0) ? "on_background" : "on_the_record";
    }
  }
  if (basis === "on_the_record" && attr && /official/i.test(attr)) attr = null;
  const out: GroundRules = { basis, attribute_to: attr };
  if (embargo !== null) out.embargo = embargo;
  return out;
}

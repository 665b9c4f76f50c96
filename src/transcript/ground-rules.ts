/**
 * Ground rules (labeling.md, "Ground rules"): `basis` only when the document states it;
 * where rules change during the event, the rules under which the main official speaks;
 * `attribute_to` title-cased as printed ("Senior State Department Official"), also for
 * releases "The following is attributable to Spokesperson Ned Price:".
 */
import type { Basis, GroundRules } from "../core/transcript-types.js";
import { titleCase } from "./text.js";

const BASIS_RE = /\b(?:(?:call|briefing|conversation|session|gaggle|portion|part|discussion|remarks|this|it|we|we['’]re|we are|will be|is|was|are|be|held|do (?:this|that|it)|doing (?:this|that|it)|done|did (?:this|that|it)|all|going to be|continue|now)\b[^.?!]{0,40}?)\b(on background|on deep background|deep background|on the record|off the record)\b/gi;
const ATTR_RE = /\b(?:attributable to|attributed to|attribute (?:this|it|them|him|her) to|referred to as|identified as|described as|on background (?:as|to)|background as|as an?|quote)\s+(?:an?\s+|the\s+)?["“]?((?:(?:senior|senior-level|high-level|u\.s\.|us|state|department|administration|defense|white house|military|government|officials?|nsc|national security council|treasury|pentagon|intelligence|law enforcement|european|eu|nato|diplomat|diplomats|spokesperson|a|an)(?![a-z])[\s\-]*)+)["”]?/gi;
const RELEASE_ATTR_RE = /\b(?:following|below|above|statement) (?:is|are) attributable to ([\p{Lu}][\p{L}.'’\- ]{2,80}?)\s*:/u;

const KEY_RE = /background|record|attribut|referred to|identified as|described as/i;

function basisOf(s: string): Basis {
  const l = s.toLowerCase();
  if (l.includes("deep")) return "deep_background";
  if (l.includes("off the record")) return "off_the_record";
  if (l.includes("background")) return "on_background";
  return "on_the_record";
}

/**
 * Read ground rules from the preamble and the turns of moderators/operators/officials
 * (never from reporters' questions).
 * @param texts the texts to read, in document order, each tagged with whether it is
 *   "main" (preamble/moderator/operator before or at the main official's first answer).
 */
export function findGroundRules(texts: readonly string[]): GroundRules {
  const counts = new Map<Basis, number>();
  let first: Basis | null = null;
  let attr: string | null = null;
  for (const raw of texts) {
    if (!KEY_RE.test(raw)) continue;
    const s = raw.length > 20000 ? raw.slice(0, 20000) : raw;
    if (attr === null) {
      const r = RELEASE_ATTR_RE.exec(s);
      if (r && r[1]) attr = r[1].trim();
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
    if (attr === null) {
      ATTR_RE.lastIndex = 0;
      let a: RegExpExecArray | null;
      while ((a = ATTR_RE.exec(s)) !== null) {
        const phrase = (a[1] ?? "").trim().replace(/[\s\-,.]+$/, "");
        if (!/\bofficials?\b|\bdiplomats?\b/i.test(phrase)) continue;
        const cleaned = phrase.replace(/^(?:a|an)\s+/i, "");
        attr = titleCase(cleaned);
        break;
      }
    }
  }
  let basis: Basis | null = null;
  if (counts.size) {
    // background wins over "on the record" when both appear (e.g. opening on-record remarks, Q&A on background)
    basis = counts.has("on_background") ? "on_background" : counts.has("deep_background") ? "deep_background" : first;
    if (counts.has("on_the_record") && counts.has("on_background")) {
      basis = (counts.get("on_background") ?? 0) >= (counts.get("on_the_record") ?? 0) ? "on_background" : "on_the_record";
    }
  }
  if (basis === "on_the_record" && attr && /official/i.test(attr)) attr = null;
  return { basis, attribute_to: attr };
}

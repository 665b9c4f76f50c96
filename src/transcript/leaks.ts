/**
 * Leaked background names: a background briefing's moderator names the briefer
 * ("you'll be hearing from NAME, who will be referred to as a senior official").
 * Publishing must not print such a name; the analyser warns `leaked_name:NAME`.
 */
import type { Structure } from "../core/transcript-types.js";

const LEAK_CTX_RE = /\b(?:referred to as|attributable to|attributed to|for your (?:awareness|information|situational awareness|background)|not for (?:your )?reporting|not for attribution)\b/i;
const NAME_RE = /\b(?:(?:Mr\.|Ms\.|Mrs\.|Dr\.|Ambassador|Secretary|Deputy|Assistant|Director|Admiral|General|Special Envoy|Envoy|Coordinator|Senior Director|Principal Deputy)\s+)*(\p{Lu}[\p{Ll}'’\-]+(?:\s\p{Lu}\.)?(?:\s\p{Lu}[\p{Ll}'’\-]+){1,2})\b/gu;
const NOT_PERSON = /\b(?:State|Department|Senior|Administration|Official|Officials|White|House|National|Security|Council|United|States|Secretary|President|Vice|Foreign|Minister|Eastern|Time|Standard|Japan|Thank|Thanks|Good|Morning|Afternoon|Evening|Just|Again|This|That|For|And|With|Our|Today|Ground|Rules|Office|Bureau|Affairs|Embargo|Both|Again|Welcome|Everyone|Hello|Hi|As|On|The|Zoom|Press|Call|Q&A|Air|Force|One)\b/;

/**
 * Names of background briefers disclosed in moderator/preamble text.
 * @param texts moderator/operator/preamble paragraphs of a background briefing.
 */
export function leakedNamesIn(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of texts) {
    for (const sent of t.split(/(?<=[.!?])\s+/)) {
      if (!LEAK_CTX_RE.test(sent) && !/\b(?:hearing from|joined by|we have with us|on the line (?:we have|is|today)|our briefer|our speaker|our speakers)\b/i.test(sent)) continue;
      NAME_RE.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = NAME_RE.exec(sent)) !== null) {
        const n = m[1] ?? "";
        if (NOT_PERSON.test(n)) continue;
        if (!out.includes(n)) out.push(n);
      }
    }
  }
  return out;
}

/** Names listed in a structure's `leaked_name:` warnings (for the publishing side). */
export function findLeakedNames(structure: Pick<Structure, "warnings">): string[] {
  return (structure.warnings ?? []).filter((w) => w.startsWith("leaked_name:")).map((w) => w.slice("leaked_name:".length));
}

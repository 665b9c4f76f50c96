/**
 * Exchanges (labeling.md, "Exchanges"): one per question; `question_turns` are the
 * questioner's turns from taking the floor until an official starts to answer (short
 * moderator/operator remarks and official back-channels such as "Yep." are skipped);
 * `answer_turns` are the officials' turns up to the next question or hand-off. A
 * questioner turn that asks nothing ("Thank you.") starts no exchange.
 */
import type { Exchange, Role } from "../core/transcript-types.js";
import { endsOpen, isAckOnly, isHandoff, isInterjection, isPhatic, isSoundcheck, isThanks } from "./acts.js";
import { sentences, wordCount } from "./text.js";

/** Minimal turn view for exchange building. */
export interface ExTurn {
  speaker: string;
  role: Role;
  text: string;
}

/** The official's last sentence hands the floor on ("Let's go to Said.", "Go ahead."). */
function handsOn(text: string): boolean {
  const tail = text.length > 300 ? text.slice(-300) : text;
  const ss = sentences(tail);
  const last = ss[ss.length - 1] ?? "";
  const prev = ss[ss.length - 2] ?? "";
  return (wordCount(last, 20) <= 14 && isHandoff(last)) || (/\bapolog|\bpronounc/i.test(last) && isHandoff(prev));
}

/** An official handing the floor to the reporters ("Your turn to ask a question.", "I mean to recognize someone."). */
const FLOOR_RE = /\b(?:recogni[sz]e (?:someone|somebody|a reporter|a journalist)|(?:to )?ask a question|call on (?:someone|somebody)|pick (?:someone|somebody))\b/i;

interface Open extends Exchange {
  accepting: boolean;
}

/**
 * Build exchanges from resolved turns. Pure; linear in the number of turns.
 * @returns exchanges in document order.
 */
export function buildExchanges(turns: readonly ExTurn[]): Exchange[] {
  const out: Open[] = [];
  let cur: Open | null = null;
  let pendingPhatic: { speaker: string; turns: number[] } | null = null;
  let clarify = false; // last answer turn asked back / broke off
  const nextRelevant = (i: number): ExTurn | undefined => {
    for (let k = i + 1; k < turns.length; k++) {
      const r = turns[k]!.role;
      if (r === "official" || r === "questioner") return turns[k];
    }
    return undefined;
  };
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i]!;
    if (t.role === "questioner") {
      const text = t.text;
      const same = cur !== null && cur.questioner === t.speaker;
      if (same && cur!.accepting && cur!.answer_turns.length > 0 && (clarify || isInterjection(text)) && !isThanks(text)) {
        clarify = false;
        continue; // a reply to the official's question back, or an interjection
      }
      clarify = false;
      if (isThanks(text) && !(pendingPhatic?.speaker === t.speaker) && (same && cur!.answer_turns.length > 0)) {
        cur!.accepting = false;
        continue;
      }
      if (same && cur!.answer_turns.length === 0 && cur!.accepting) {
        cur!.question_turns.push(i);
        continue;
      }
      if (isPhatic(text) || isSoundcheck(text)) {
        if (pendingPhatic && pendingPhatic.speaker === t.speaker) pendingPhatic.turns.push(i);
        else pendingPhatic = { speaker: t.speaker, turns: [i] };
        if (same && cur) cur.accepting = false;
        continue;
      }
      const c = cur as Open | null;
      const follow: boolean = c !== null && c.questioner === t.speaker && c.answer_turns.length > 0;
      const qt = pendingPhatic && pendingPhatic.speaker === t.speaker ? [...pendingPhatic.turns, i] : [i];
      pendingPhatic = null;
      if (cur) cur.accepting = false;
      cur = { questioner: t.speaker, question_turns: qt, answer_turns: [], follow_up: follow, accepting: true };
      out.push(cur);
      continue;
    }
    if (t.role === "official" || t.role === "interpreter") {
      const words = wordCount(t.text, 40);
      if (pendingPhatic && words <= 12 && isAckOnly(t.text)) continue; // answering a sound check or greeting
      if (words > 12) pendingPhatic = null; // a greeting followed by a statement is not part of the next question
      if (!cur || !cur.accepting) continue;
      if (cur.answer_turns.length > 0 && words <= 12 && FLOOR_RE.test(t.text)) { cur.accepting = false; continue; }
      if (cur.answer_turns.length === 0) {
        const nx = nextRelevant(i);
        const nextSame = nx !== undefined && nx.role === "questioner" && nx.speaker === cur.questioner;
        if (words <= 12 && nextSame && (isAckOnly(t.text) || /\bgo ahead\b/i.test(t.text))) continue;
        // an interjection while the question is broken off ("Which one?", "I mean —"), or a
        // request to repeat ("Beg your pardon?"): the same questioner goes on, so no answer yet
        const lastQ = turns[cur.question_turns[cur.question_turns.length - 1]!]!.text;
        if (nextSame && words <= 12 && /[—–-]["”’)]*$/.test(lastQ.trim())) continue;
        if (nextSame && words <= 5 && /\?["”’)]*$/.test(t.text.trim())) continue;
        if (pendingPhatic && words <= 6 && isAckOnly(t.text)) continue;
      } else if (isThanks(t.text) || (words <= 12 && isAckOnly(t.text) && /\bthank/i.test(t.text))) {
        cur.accepting = false;
        continue;
      }
      if (t.role === "interpreter" && cur.answer_turns.length === 0) { cur.answer_turns.push(i); continue; }
      cur.answer_turns.push(i);
      pendingPhatic = null;
      clarify = words <= 30 && endsOpen(t.text);
      if (handsOn(t.text)) cur.accepting = false;
      continue;
    }
    if ((t.role === "moderator" || t.role === "operator") && cur && cur.answer_turns.length > 0 && isHandoff(t.text)) {
      cur.accepting = false;
    }
  }
  return out.map(({ accepting: _a, ...e }) => e);
}

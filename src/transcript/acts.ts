/**
 * Small speech-act classifiers shared by participant resolution and exchange building
 * (labeling.md, "Exchanges": short moderator/operator remarks are skipped; a questioner
 * turn that asks nothing starts no exchange). Pure and linear.
 */
import { asks, stripDirections, wordCount, words } from "./text.js";

const ACK_WORDS = new Set([
  "yes", "yep", "yeah", "yup", "sure", "okay", "ok", "right", "mm", "hmm", "mm-hmm", "uh-huh", "uh", "um", "go", "ahead",
  "please", "hi", "hello", "hey", "oh", "sorry", "thank", "thanks", "you", "very", "much", "so", "good", "to", "be", "with",
  "great", "all", "alright", "absolutely", "sir", "ma'am", "ma’am", "madam", "we", "can", "hear", "now", "i", "got", "it",
  "fine", "of", "course", "welcome", "back", "morning", "afternoon", "evening", "here", "there", "the", "a", "and", "again",
  "no", "problem", "excellent", "perfect", "indeed", "certainly", "exactly", "correct", "true", "have", "fair", "enough",
  "nice", "see", "glad", "pleasure", "for", "having", "me", "us", "doc", "mr", "ms", "mrs", "dr", "secretary", "president",
  "vice", "minister", "ambassador", "just", "one", "moment", "second", "hold", "on", "too", "as", "well", "always", "that's",
  "thats", "it's", "its", "bye", "bye-bye", "cheers", "appreciate", "happy", "friday", "yes,", "everyone", "everybody",
  // courtesy words in the languages briefings are most often interpreted from
  "gracias", "muchas", "muchísimas", "merci", "beaucoup", "grazie", "mille", "danke", "schön", "obrigado", "obrigada",
]);

/** True when every word is an acknowledgement/courtesy word or a capitalised vocative (`Yep.`, `Good to be with you, Bret.`). */
export function isAckOnly(text: string, maxWords = 12): boolean {
  if (text.length > maxWords * 24) return false;
  const t = stripDirections(text);
  const ws = words(t);
  if (ws.length === 0) return true;
  if (ws.length > maxWords) return false;
  // capitalised words are vocatives ("Thank you, Jorge.") in a short turn; at most two in a longer one
  let caps = 0;
  for (const w of ws) {
    if (ACK_WORDS.has(w.toLowerCase())) continue;
    if (!/^\p{Lu}/u.test(w)) return false;
    caps++;
  }
  return caps === 0 || ws.length <= 8 || caps <= 2;
}

const THANKS_RE = /^(?:(?:okay|ok|all right|alright|great|well|yes|yeah|right|and|so)[,.!]?\s+)?(?:thank(?:s| you)|thanks so much|much appreciated|appreciate it|appreciate (?:your|the) time)\b/i;

const LEADING_VOCATIVE_RE = /^(?:(?:Mr\.|Ms\.|Mrs\.|Dr\.|Madam|Secretary|President|Minister|Ambassador|Senator|Governor|General|Admiral)\s+)?(?:\p{Lu}[\p{L}'’\-]+\s+){0,2}\p{Lu}[\p{L}'’\-]+,\s+(?=thank)/iu;

/**
 * The classifiers below are asked about the same short turn several times (participant
 * resolution, then exchange building, each for several rules). They are pure, so each
 * remembers its answers for short texts (the only ones it reads; longer ones are refused on
 * their length alone). A cache holds at most {@link MEMO_MAX} texts and is emptied when full.
 */
const MEMO_MAX = 4096;
function remember(limit: number, fn: (text: string) => boolean): (text: string) => boolean {
  const cache = new Map<string, boolean>();
  return (text) => {
    if (text.length > limit) return false;
    let v = cache.get(text);
    if (v === undefined) {
      v = fn(text);
      if (cache.size >= MEMO_MAX) cache.clear();
      cache.set(text, v);
    }
    return v;
  };
}

/** A closing courtesy from a questioner or official (`Thank you.`, `Thanks, Jen.`), asking nothing. */
export const isThanks: (text: string) => boolean = remember(400, isThanksOf);

function isThanksOf(text: string): boolean {
  const t = stripDirections(text).trim().replace(LEADING_VOCATIVE_RE, "");
  if (asks(t)) return false;
  if (wordCount(t, 30) > 25) return false;
  return THANKS_RE.test(t) && isAckOnly(t, 25) || (THANKS_RE.test(t) && wordCount(t, 20) <= 12 && /\b(?:time|today|doing this|joining|being with us|appreciate)\b/i.test(t) && !/\bquestion\b/i.test(t));
}

const SOUNDCHECK_RE = /\b(?:can you hear me|can you hear us|do you hear me|hear me ok|hear me now|(?:am|are) (?:i|we) (?:on|there|live)|is this working|hello\?|hear me\?|you there\?|I'?m here)/i;

/** A questioner's sound check or greeting before the question (`Hi, can you hear me?`, `Hello?`). */
export const isSoundcheck: (text: string) => boolean = remember(400, isSoundcheckOf);

function isSoundcheckOf(text: string): boolean {
  const t = stripDirections(text).trim();
  if (wordCount(t, 40) > 20) return false;
  if (SOUNDCHECK_RE.test(t)) {
    // only sound-check sentences: remove them and see if a real question remains
    const rest = t.replace(/[^.?!]*(?:hear (?:me|us)|hello|there|on|working|here)[^.?!]*[.?!]?/gi, "");
    return !asks(rest);
  }
  return !asks(t) && isAckOnly(t, 10);
}

/** A turn that asks nothing and is only courtesy (`Thank you for doing this. Hi there.`). */
export const isPhatic: (text: string) => boolean = remember(500, isPhaticOf);

function isPhaticOf(text: string): boolean {
  const t = stripDirections(text).trim();
  if (asks(t)) return isSoundcheck(t);
  if (isAckOnly(t, 14)) return true;
  return /^(?:(?:hi|hello|hey|yes|yeah|okay|great|gracias|merci|grazie|danke|good (?:morning|afternoon|evening))[,.!]?\s*)*(?:thank(?:s| you)[^.!?]{0,40}[.!]\s*)+(?:(?:hi|hello)(?: there| everyone| all)?[.!]?)?$/i.test(t);
}

const HANDOFF_RE = /\b(?:next question|next caller|next up|go to the line|line of|is next|are next|final question|last question|one more question|next person|take (?:a |one |the )?(?:final|last|couple more|few more|next)|(?:let['’]s|we['’]ll|we will|I['’]ll|going to) (?:go|turn|move) (?:to|over|on)|your line is open|line is now open|go ahead|please proceed|unmute|that concludes|this concludes|that['’]s all (?:the )?(?:time|we have)|(?:thanks?|thank you)(?: (?:so|very) much)?,? (?:everyone|everybody|all)\b|(?:thanks?|thank you)(?: (?:so|very) much)? (?:to|for) (?:our|everyone|all|joining)|thanks again for joining|ends? (?:the|our|this) call|for joining|wraps? (?:it )?up|to close|(?:^|[.!?]\s+|\b(?:and|so|okay),?\s+)with that\b(?! one\b)(?![^.?!]*\?))/i;

/** A moderator/operator hand-off: calling the next questioner, or closing (`James, next question, please.`). */
export function isHandoff(text: string): boolean {
  return HANDOFF_RE.test(text.length > 1500 ? text.slice(0, 600) + " " + text.slice(-600) : text);
}

/** True when the turn ends in an unfinished clause or a question back (`To address vaccine confidence or —`). */
export function endsOpen(text: string): boolean {
  const t = text.trim();
  return /[?—–-]["”’)]*$/.test(t) || /(?:\.\.\.|…)$/.test(t);
}

/** Interjection by a questioner during an answer: short, asks nothing (`(Inaudible.)`, `Obviously —`). */
export function isInterjection(text: string): boolean {
  if (text.length > 300) return false;
  const t = text.trim();
  if (asks(t)) return false;
  return wordCount(stripDirections(t), 12) <= 6;
}

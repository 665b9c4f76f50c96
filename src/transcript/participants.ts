/**
 * Participant, role and name resolution (labeling.md, "Participants and roles").
 * Every questioner is their own participant even though all print `QUESTION:`/`Q`;
 * names come from operator/moderator introductions, calls by officials, self
 * introductions, and officials answering by name. When unsure, the name stays null.
 */
import type { Participant, Role } from "../core/transcript-types.js";
import { endsOpen, isPhatic, isSoundcheck, isThanks } from "./acts.js";
import { ROLE_WORDS } from "./labels.js";
import { isQuestionLabel, type RawTurn } from "./turns.js";
import { asks, collapse, normalCase, sentences, stripDirections, wordCount } from "./text.js";

/** A name (and outlet) read from a call, introduction or vocative. */
export interface NameRef {
  name: string | null;
  affiliation: string | null;
  /** Which phrasing produced it (for debugging and confidence). */
  via: "intro" | "call" | "self" | "answer" | "headline";
  /** Read from a sentence that is nothing but a name ("Jon?"): an echo of the question is as likely as a call. */
  bare?: boolean;
}

/** Resolution result: participants and, per raw turn, the participant id. */
export interface Resolution {
  participants: Participant[];
  speakers: string[];
  /** Per turn: its role (copied from the participant). */
  roles: Role[];
  /** Dropped/rejoined notices found in operator/moderator turns: turn index and the caller's participant id. */
  lineEvents: { turn: number; type: "dropped" | "rejoined"; participant: string | null }[];
  warnings: string[];
}

const NAME_WORD = String.raw`\p{Lu}[\p{L}'’\-]{1,30}`;
const NAME = String.raw`(${NAME_WORD}(?: (?:\p{Lu}\.|${NAME_WORD}|de|da|van|von|al|bin|el|del|la|le|dos|di|ben)){0,3})`;
const OUTLET = String.raw`(?:[Tt]he )?([\p{Lu}\d][\p{L}\d&.'’\-]*(?: (?:[\p{Lu}\d][\p{L}\d&.'’\-]*|of|the|and|for|de|&|on|du|la|el|al)){0,7})`;
const WITH_OUTLET = String.raw`(?:,? (?:with|from|of|at) ${OUTLET})?`;

const CALL_RES: RegExp[] = [
  // "The first question is going to be from NAME with OUTLET", "Our next question will come from NAME of OUTLET"
  new RegExp(String.raw`\b(?:[Qq]uestions?|[Nn]ext|[Ff]irst|[Ff]inal|[Ll]ast|[Ff]ollow-?up)\b[^.?!]{0,50}?\b(?:from|to) (?:the line of )?${NAME}${WITH_OUTLET}`, "u"),
  // "we will take the line from NAME again with OUTLET"
  new RegExp(String.raw`\b(?:take|have) (?:the line (?:of|from)|a question from|the question from|a final question from|our (?:next|final|last) question from) ${NAME}(?: again)?${WITH_OUTLET}`, "u"),
  // "We'll go to NAME", "we're going to go to the line of NAME with OUTLET", "let's go to NAME"
  new RegExp(String.raw`\b(?:go|turn|move|come|pass it|hand it|going) (?:back |over |on )?(?:over )?to (?:the line of )?${NAME}${WITH_OUTLET}`, "u"),
  // "NAME with OUTLET is next", "NAME, your line is open", "NAME, you should be able to unmute"
  new RegExp(String.raw`${NAME}${WITH_OUTLET},? (?:is next|you['’]re next|you are next|your line is open|you should be able to unmute|go ahead|please go ahead)`, "u"),
  // "Go ahead, NAME." "With that, NAME." "Yes, NAME." "Over to you, NAME."
  new RegExp(String.raw`(?:^|[.!?] )(?:[Gg]o ahead|[Ww]ith that|[Aa]nd with that|[Oo]ver to you|[Yy]es|[Yy]eah|[Oo]kay|[Aa]ll right|[Pp]lease|[Ss]ure),? ${NAME}[.!,]?$`, "u"),
  // "line of NAME"
  new RegExp(String.raw`\bline of ${NAME}${WITH_OUTLET}`, "u"),
  // "NAME, please." / "NAME, go ahead."
  new RegExp(String.raw`^${NAME}[,.] (?:[Pp]lease|[Gg]o ahead)\b`, "u"),
  // a call closing a long turn: "With that, NAME, good to see you." / "But, NAME." / "Over to NAME, the OUTLET."
  new RegExp(String.raw`^(?:[Ww]ith that|[Aa]nd with that|[Bb]ut|[Aa]nd|[Ss]o|[Oo]ver to|[Nn]ow over to|[Oo]ver to you),? ${NAME}(?:${WITH_OUTLET}|, (?:the )?([^.?!]{1,60}))?[.!?]?$`, "u"),
  // a moderator's introduction as its own sentence: "NAME from the OUTLET."
  new RegExp(String.raw`(?:^|, )${NAME},? (?:from|with|of) (?:the )?([\p{Lu}\d][^.?!]{0,60})[.!]?$`, "u"),
];
/** Cheap keyword pre-checks, one per {@link CALL_RES} entry (skip the costly name pattern when absent). */
const CALL_PRE: RegExp[] = [
  /question|next|first|final|last|follow/i,
  /\b(?:take|have) /,
  / to /,
  /next|line is open|unmute|go ahead/i,
  /^(?:go ahead|with that|and with that|over to you|yes|yeah|okay|all right|please|sure)|[.!?] (?:go ahead|with that|and with that|over to you|yes|yeah|okay|all right|please|sure)/i,
  /line of/,
  /[,.] (?:please|go ahead)/i,
  /^(?:with that|and with that|but|and|so|over to|now over to)\b/i,
  / (?:from|with|of) /,
];
const BARE_NAME_SENTENCE_RE = new RegExp(String.raw`^${NAME}[.!?]$`, "u");
const NAMELESS_CALL_RE = /\b(?:your line is open|line is now open|(?:please )?go ahead|next question|next caller|you(?:['’]re| are) (?:up|next)|in the back|in the front|in the middle|right here|right there|yes, (?:sir|ma['’]am)|you['’]ve got the floor|floor is yours|unmute)\b/i;
const GARBLED_CALL_RE = /\b(?:go(?:ing)? to|line of|question (?:is )?from|next is) (?:the line of )?[(\[]/i;
const SELF_PRE_RE = /this is|it['’]s|it is|I['’]m|I am|name/i;
const SELF_RE = new RegExp(String.raw`\b(?:[Tt]his is|[Ii]t['’]s|[Ii]t is|I['’]m|I am|[Mm]y name is|[Nn]ame['’]s) ${NAME}(?:,? (?:with|from|of|at|for) ${OUTLET})?`, "u");
// a sentence that is only a self-introduction: "NAME from OUTLET." / "NAME, OUTLET, correspondent."
const SELF_SENT_RE = new RegExp(String.raw`^${NAME}(?: (?:from|with|for) (?:the )?|, (?:the )?)([\p{Lu}\d][^.?!]{0,70}?)(?:,? (?:[\p{Ll}][^.?!]{0,40}|[\p{Lu}][\p{L}.]*\.? correspondent))?[.!]?$`, "u");
const ANSWER_VOC_RE = new RegExp(String.raw`(?:^|[,.!—–] )(?:[Tt]hanks?|[Tt]hank you|[Yy]es|[Yy]eah|[Ww]ell|[Ss]o|[Ss]ure|[Oo]kay|[Ll]ook|[Gg]reat|[Hh]i|[Hh]ey|[Rr]ight|[Oo]h)(?: (?:so|very) much)?(?: for (?:the|your|that|those) questions?)?,? (${NAME_WORD})(?=[,.!]| for\b)`, "u");
const REJOIN_RE = /\b(?:again|back on the line|rejoined|is back|are back|got (?:him|her|them) back|reconnected)\b/i;
// case-sensitive stems: a fast pre-check before the name patterns
const LINE_PRE_RE = /lost|dropped|isconnected|gone|left the call|rejoined|back|econnected|LOST|DROPPED|BACK/;
const POSS = String.raw`(?:(?:his|her|their|the|that|this|your|our) |${NAME}['’]s )`;
const DROPPED_RES: RegExp[] = [
  new RegExp(String.raw`\blost ${POSS}?(?:line|connection|audio|call|phone line)\b`, "u"),
  new RegExp(String.raw`\blost (?:him|her|them|you|${NAME})\b(?! (?:in|on|at|to|for|of|the|a|an)\b)`, "u"),
  new RegExp(String.raw`\b${POSS}?(?:line|call|connection|audio) (?:has |have |seems to have |appears to have |just |must have |may have )?(?:dropped|disconnected|been disconnected|been dropped|gone (?:dead|quiet|silent)|cut out)\b`, "u"),
  new RegExp(String.raw`\b(?:${NAME}|[Hh]e|[Ss]he|[Tt]hey)['’]?(?: is| are| has| have| just| seems to have| appears to have| must have| may have)? (?:dropped(?: off| out)?|been disconnected|disconnected|left the call|gone)(?: (?:from |off )?(?:the|this|our) (?:call|line))?(?=[.,;!]|$| from| off)`, "u"),
];
const REJOINED_RES: RegExp[] = [
  new RegExp(String.raw`\b${NAME},? (?:has |have |just )?(?:rejoined|reconnected|is back|are back|came back|has come back|is on the line again|is with us again)\b`, "u"),
  new RegExp(String.raw`\b(?:have|got|has|welcome) ${NAME} back\b`, "u"),
  new RegExp(String.raw`\b(?:[Ww]elcome back|reconnected|rejoined),? ${NAME}\b`, "u"),
];
const REJOINED_NAMELESS_RE = /\b(?:(?:he|she|they|caller|line)(?:['’]s| is| are| has| have)? (?:back|rejoined|reconnected)|(?:got|have) (?:him|her|them) back|back on the line)\b/i;

/**
 * A moderator or operator saying a caller's line dropped ("it seems we have lost NAME's
 * line", "NAME's line has dropped", "NAME dropped off") or that the caller is back ("NAME
 * is back", "NAME has rejoined", "we have NAME back on the line") (labeling.md, "Events").
 * @returns the notice and the caller's name when printed (null name: "we lost her line").
 */
export function readLineNotice(text: string): { type: "dropped" | "rejoined"; name: string | null } | null {
  if (!LINE_PRE_RE.test(text)) return null;
  const t = text.length > 1200 ? text.slice(0, 600) + " " + text.slice(-600) : text;
  for (const re of REJOINED_RES) {
    const m = re.exec(t);
    if (m) { const name = cleanName(m[1]); if (name) return { type: "rejoined", name }; }
  }
  for (const re of DROPPED_RES) {
    const m = re.exec(t);
    if (!m) continue;
    if (/\bif\b[^.?!]{0,40}$/i.test(t.slice(Math.max(0, m.index - 40), m.index))) continue; // "if your line drops"
    return { type: "dropped", name: cleanName(m[1]) };
  }
  if (REJOINED_NAMELESS_RE.test(t)) return { type: "rejoined", name: null };
  return null;
}

const NOT_NAMES = new Set([
  "Next", "The", "This", "That", "These", "Those", "Thank", "Thanks", "Okay", "Yes", "Yeah", "Go", "Please", "Sir", "Ma'am",
  "Ma’am", "Madam", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Everybody", "Everyone", "All", "Again", "Our",
  "We", "I", "Let", "Let's", "Let’s", "So", "And", "But", "Hi", "Hello", "Well", "Sure", "Great", "Also", "Then", "Now",
  "Back", "Today", "One", "Two", "First", "Last", "Final", "Question", "Questions", "Line", "Phone", "Folks", "Guys",
  "Friends", "Secretary", "President", "Ambassador", "Minister", "Doc", "Chairman", "Governor", "Senator", "Excellency",
  "State", "Department", "Administration", "Official", "Officials", "America", "American", "Americans", "Ukraine",
  "Russia", "China", "Iran", "Israel", "Afghanistan", "Europe", "Congress", "Senate", "House", "White", "Capitol", "God",
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April",
  "May", "June", "July", "August", "September", "October", "November", "December", "Washington", "Sorry", "Good", "Just",
  "Bye", "Q", "Operator", "Moderator", "Ladies", "Gentlemen", "Everybody's", "Right", "Look", "Oh", "Absolutely", "Yep",
  "Hey", "Here", "There", "Mike", "Audience", "Team", "Vice", "Deputy", "Under", "Acting", "Senior", "Special", "Assistant",
  "Premier", "Prime", "Foreign", "Kabul", "Gaza", "Hamas", "Taliban", "Japan", "India", "Mexico", "Canada", "Germany",
  "France", "Britain", "Korea", "Cuba", "Venezuela", "Syria", "Iraq", "Turkey", "Egypt", "Jordan", "Lebanon", "Taiwan",
  "NATO", "UN", "EU", "U.S.", "US", "Sanctions", "Any", "No", "Not", "It", "It's", "He", "She", "They", "You", "Your",
  "My", "His", "Her", "Their", "What", "Which", "Who", "How", "Why", "When", "Where", "If", "As", "In", "On", "At", "To",
  "For", "Of", "By", "Director", "General", "Admiral", "Colonel", "Captain", "Commissioner", "Chair", "Lady", "Sen", "Rep",
]);

/** A question opening by thanking for the floor: a reporter who has just been given it. */
const NEW_FLOOR_RE = /^\W*(?:(?:hi|hello|hey|yes|yeah|okay|good (?:morning|afternoon|evening))[,.!]?\s+)*(?:thanks?|thank you)(?: (?:so|very) much)?,? (?:\p{Lu}[\p{L}'’\-]+,? )?for (?:(?:my )?taking|doing|having|holding|calling on)\b/iu;

/** The last sentences of a turn are only thanks ("… and I'll see you all tomorrow. Thank you very much. Thank you."). */
const CLOSING_THANKS_RE = /(?:^|[.!?]\s)(?:[^.!?]*\bsee you\b[^.!?]*[.!]\s+)?(?:thank you(?: (?:very|so) much)?(?:,? (?:all|everybody|everyone|folks))?[.!]\s*){1,3}$/i;

/** A cut-off bid for the floor: nothing but a stage direction, or a few words broken off (`Mr. Secretary —`), asking nothing. */
export function isFloorBid(text: string): boolean {
  if (text.length > 120) return false;
  const t = stripDirections(text).trim();
  if (!t) return true;
  return !asks(t) && /[—–-]$/.test(t) && wordCount(t, 12) <= 8;
}

/** Words that never start a multi-word name ("The Wall", "Next Up"). */
const NOT_NAME_HEADS = new Set(["Next", "The", "This", "That", "These", "Those", "Thank", "Thanks", "Okay", "Yes", "Go", "Please", "Our", "We", "I", "Let", "Let's", "Let’s", "So", "And", "But", "Hi", "Hello", "Well", "Sure", "Great", "Also", "Then", "Now", "Back", "Today", "One", "Two", "First", "Last", "Final", "Question", "Questions", "Line", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Secretary", "President", "Ambassador", "Minister", "Senator", "Governor", "Madam", "Sir", "Everyone", "Everybody", "All", "Again", "It", "He", "She", "They", "You", "If", "As", "In", "On", "At", "To", "For", "Of", "Vice", "Deputy", "Under", "Acting", "Senior", "Special", "Assistant", "Prime", "Foreign", "State", "Department", "White", "United", "National", "Any", "No", "Not", "What", "Which", "Who", "How", "Why", "When", "Where", "My", "Your", "His", "Her", "Their", "Director", "General", "Admiral"]);

const TRAILING_FILLER = new Set(["Please", "Go", "Thank", "Thanks", "Okay", "Yes", "Next", "And", "So", "Again", "The", "Sir", "Ma'am", "Ma’am", "You", "Your", "Hi", "Hello", "Is", "With", "From", "Of", "At"]);

/** Capitalised words that open a sentence but are not names ("Correct.", "Exactly.", "Mm-hmm."). */
const COMMON_WORDS = new Set(("correct exactly yesterday seriously godspeed quickly understood nothing strength over times mayor congratulations " +
  "ah absolutely sure right great fine true wait amazing nationwide louder thrilled rapidly barely depending behind him her them doctor both " +
  "agreed indeed totally perfect good yep nope anyway anyone anybody somebody someone everyone please yes no okay ok hmm uh um huh wow well " +
  "sorry pardon excuse thanks cheers bye hello hi hey oh ha haha exactly precisely certainly definitely probably maybe perhaps never always " +
  "sometimes later soon tomorrow tonight here there where why how what who which whose when everything something anything nobody enough more " +
  "less same different interesting fair noted sad terrible incredible tremendous beautiful wrong bad nice huge big small welcome thank " +
  "mm-hmm uh-huh oo-kay okay-okay yeah-yeah excellent wonderful fantastic awesome cool gotcha alright anyhow otherwise meanwhile so-called " +
  "reporter reporters press folks guys everybody sir ma'am ma’am madam doc gentlemen ladies friends colleagues america american americans " +
  "estonian korean japanese chinese russian ukrainian german french italian spanish turkish indian pakistani afghan israeli palestinian egyptian " +
  "saudi iranian iraqi syrian mexican canadian british european african arab arabic greek polish dutch swedish danish norwegian finnish " +
  "vietnamese thai filipino indonesian moroccan kenyan nigerian brazilian colombian venezuelan cuban taiwanese armenian lithuanian latvian " +
  "nato covid congress senate tehran amman cambridge georgia chinatown spain moscow beijing kyiv kiev paris london berlin tokyo seoul jerusalem " +
  "cairo doha riyadh baghdad kabul havana caracas ottawa delhi islamabad manila hanoi jakarta bangkok canberra brussels geneva vienna rome " +
  "madrid warsaw ankara athens second third fourth fifth sixth seventh eighth ninth tenth listen wait hold stop come follow-up " +
  "priorities pets piracy ready").split(" "));
const OUTLET_TAIL = /^(?:News|Times|Post|Journal|Broadcasting|Television|TV|Radio|Agency|Network|Channel|Daily|Herald|Tribune|Service|Media|Press|Wire|Magazine|Ilbo|Shimbun)$/;

function cleanName(raw: string | undefined): string | null {
  if (!raw) return null;
  let toks = raw.split(" ");
  // drop trailing filler words that NAME_WORD may have swallowed
  while (toks.length && TRAILING_FILLER.has(toks[toks.length - 1]!)) toks = toks.slice(0, -1);
  if (!toks.length || (NOT_NAMES.has(toks[0]!) && (toks.length === 1 || NOT_NAME_HEADS.has(toks[0]!)))) return null;
  const n = toks.join(" ").replace(/['’]s$/, "");
  if (n.length < 2) return null;
  if (toks.length === 1 && (COMMON_WORDS.has(n.toLowerCase()) || /(?:ly|ed|ing|ness|ment|tion|sion|ous|ful|ity)$/.test(n) || /['’](?:ll|re|ve|d|m)$/i.test(n) || /^\p{Lu}+$/u.test(n) && n.length > 1)) return null;
  if (toks.some((t) => /^(?:Mm|Uh|Um|Oo)-/i.test(t))) return null;
  // places ("West Virginia", "New Hampshire"), not people
  if (toks.length > 1 && /^(?:West|East|North|South|New|Upper|Lower|Central|Northern|Southern|Eastern|Western)$/.test(toks[0]!)) return null;
  // hashtags and product names (`COVIDTests`), not a person's name
  if (toks.some((t) => /\p{Lu}{2}\p{Ll}/u.test(t.replace(/^(?:Mc|Mac|O['’]|D['’])/, "")) || /\p{Ll}\p{Lu}\p{Lu}/u.test(t))) return null;
  if (OUTLET_TAIL.test(toks[toks.length - 1]!)) return null;
  if (/^\p{Lu}{2,}$/u.test(toks[0]!) && toks.length > 1 && /^\p{Lu}{2,}$/u.test(toks[1]!)) return null;
  return normalCase(n);
}

function cleanOutlet(raw: string | undefined): string | null {
  if (!raw) return null;
  raw = raw.replace(/(?<=\p{Ll}{2})\.\s.*$/u, "");
  let toks = raw.trim().split(" ");
  while (toks.length && /^(?:of|the|and|for|de|&|on|du|la|el|al|Please|Go|Thank|Thanks|Is|Your|You)$/.test(toks[toks.length - 1]!)) toks = toks.slice(0, -1);
  const s = toks.join(" ").replace(/[.,]+$/, "");
  return s && !NOT_NAMES.has(s) ? s : null;
}

const TITLE_BEFORE_RE = /\b(?:Governor|Gov\.|Senator|Sen\.|Mayor|President|Secretary|Minister|Leader|Speaker|Congressman|Congresswoman|Representative|Rep\.|General|Chancellor|Premier|Prince|King|Queen|Judge|Justice)\s+$/;

/** News organisations commonly called on by outlet alone ("NBC.", "Reuters, go ahead."). */
const KNOWN_OUTLETS = new Set(["reuters", "bloomberg", "politico", "axios", "univision", "telemundo", "xinhua", "kyodo", "yonhap", "tass", "ria", "interfax", "efe", "ansa", "dpa", "afp", "ap", "bbc", "cnn", "nbc", "cbs", "abc", "fox", "npr", "pbs", "msnbc", "cnbc", "newsmax", "nhk", "tbs", "ktv", "rai", "sky"]);

const NOT_OUTLETS = new Set(["OK", "US", "UN", "EU", "AM", "PM", "TV", "NO", "YES", "OKAY", "NATO", "USA", "UK", "COVID", "ASEAN"]);

/** A word that names an outlet rather than a person: a known outlet, or an all-caps acronym (`NBC`, `EFE`). */
function isOutletWord(w: string): boolean {
  const bare = w.replace(/[.,]+$/, "");
  return KNOWN_OUTLETS.has(bare.toLowerCase()) || (/^\p{Lu}{2,6}$/u.test(bare) && !NOT_OUTLETS.has(bare));
}

/** An appositive outlet after a name ("the Italian news agency, ANSA" → `ANSA`): the last comma segment, capitalised. */
function appositiveOutlet(raw: string | undefined): string | null {
  if (!raw) return null;
  const parts = raw.split(/,\s*/);
  const last = (parts[parts.length - 1] ?? "").replace(/^(?:the|The) /, "").replace(/[.!?]+$/, "").trim();
  if (!last || !/^[\p{Lu}\d]/u.test(last) || last.split(" ").length > 6) return null;
  return cleanOutlet(last);
}

const OUTLET_ONLY_RE = /^([\p{Lu}][\p{L}&.'’\-]*(?: [\p{Lu}][\p{L}&.'’\-]*)?)(?:,? (?:go ahead|please|you['’]re up|you['’]re next))?(?:[.!?]| ?[—–])?$/u;
const OUTLET_NAME_RE = /^([\p{Lu}][\p{L}&.'’\-]*(?: [\p{Lu}][\p{L}&.'’\-]*)?), ([\p{Lu}][\p{L}'’\-]+(?: [\p{Lu}][\p{L}'’\-]+)?)(?:\s*[—–-].*)?[.!?]?$/u;

/**
 * A call by outlet ("NBC.", "NBC, go ahead.") or by name and outlet in either order
 * ("Reuters, Michelle." / "Trevor, Reuters — with Reuters."). The outlet must be a known
 * news organisation or an acronym, so "Jon, please." is not read as an outlet.
 */
export function readOutletCall(sentence: string): { name: string | null; affiliation: string | null } | null {
  const s = sentence.trim();
  if (s.length > 60) return null;
  const o = OUTLET_ONLY_RE.exec(s);
  if (o && o[1]!.split(" ").every(isOutletWord)) return { name: null, affiliation: o[1]!.replace(/\.+$/, "") };
  const m = OUTLET_NAME_RE.exec(s);
  if (!m) return null;
  const a = m[1]!, b = m[2]!;
  if (a.split(" ").every(isOutletWord) && !b.split(" ").every(isOutletWord)) { const n = cleanName(b); return n ? { name: n, affiliation: a } : null; }
  if (b.split(" ").every(isOutletWord) && !a.split(" ").every(isOutletWord)) { const n = cleanName(a); return n ? { name: n, affiliation: b } : null; }
  return null;
}

/**
 * Read a call-on / introduction from an operator, moderator or official turn
 * ("the next question is from NAME with OUTLET", "NAME with OUTLET is next",
 * "we'll go to the line of NAME", "NAME, your line is open", "Go ahead, Said",
 * "With that, Darlene."). For officials only the last two sentences (or a short
 * turn) are read, so a name in the answer's body is never taken for a call.
 * @returns null when the turn calls on nobody; `{name: null}` for a nameless call.
 */
export function readCall(text: string, role: Role): NameRef | null {
  // officials: only the last two sentences matter, so read a short tail
  const lim = role === "official" ? 320 : 600;
  const raw = text.length <= lim ? text : text.slice(-lim);
  const t = raw.includes("(") || raw.includes("[") ? stripDirections(raw).replace(/ {2,}/g, " ").trim() : raw;
  if (!t) return null;
  const sents = sentences(t);
  const rawTail = raw.length > 400 ? raw.slice(-400) : raw;
  const keep = role === "official" ? 2 : 3;
  const scope = sents.length > keep ? sents.slice(-keep) : sents;
  let best: NameRef | null = null;
  for (let i = scope.length - 1; i >= 0; i--) {
    const s = scope[i]!;
    for (let r = 0; r < CALL_RES.length; r++) {
      if (!CALL_PRE[r]!.test(s)) continue;
      const m = CALL_RES[r]!.exec(s);
      if (!m) continue;
      const name = cleanName(m[1]);
      if (!name) continue;
      // "… spoke with Governor NAME": a title before the name marks a politician mentioned, not a reporter
      if (TITLE_BEFORE_RE.test(s.slice(Math.max(0, m.index + m[0].indexOf(m[1]!) - 24), m.index + m[0].indexOf(m[1]!)))) continue;
      const aff = r >= 7 ? appositiveOutlet(m[2] ?? m[3]) : cleanOutlet(m[2]);
      const ref: NameRef = { name, affiliation: aff, via: role === "official" ? "call" : "intro" };
      // "For the next question, NAME from OUTLET.": the name-and-outlet reading beats "from OUTLET" taken as a name
      const sentenceIntro = r === 8 && best !== null && best.affiliation === null && s.endsWith(`${best.name}.`);
      if (!best || sentenceIntro || name.split(" ").length > best.name!.split(" ").length) {
        if (best && !ref.affiliation) ref.affiliation = best.affiliation;
        best = ref;
      } else if (!best.affiliation && ref.affiliation) best.affiliation = ref.affiliation;
    }
    if (!best && i === scope.length - 1) {
      const o = readOutletCall(s);
      if (o) return { ...o, via: role === "official" ? "call" : "intro" };
    }
    if (!best && role === "official" && i === scope.length - 1) {
      const b = BARE_NAME_SENTENCE_RE.exec(s);
      if (b && wordCount(s, 5) <= 2) {
        const name = cleanName(b[1]);
        if (name) return { name, affiliation: null, via: "call", bare: true };
      }
    }
  }
  if (best) return best;
  if (GARBLED_CALL_RE.test(role === "official" ? rawTail.slice(-200) : raw)) return { name: null, affiliation: null, via: "intro" };
  for (let i = scope.length - 1; i >= 0; i--) {
    const s = scope[i]!;
    if (NAMELESS_CALL_RE.test(s) && (role !== "official" || wordCount(s, 12) <= 8)) return { name: null, affiliation: null, via: "intro" };
  }
  return null;
}

/** A questioner naming themself ("Hi, this is NAME from OUTLET"); read near the start only. */
export function readSelfIntro(text: string): NameRef | null {
  const head = text.slice(0, 160);
  if (!SELF_PRE_RE.test(head)) return readSelfSentence(text);
  const m = SELF_RE.exec(head);
  if (!m) return null;
  const name = cleanName(m[1]);
  const aff = cleanOutlet(m[2]);
  if (!name) return null;
  if (!aff && /I['’]m|I am/.test(m[0])) return null;
  if (m.index > 80) return null;
  return { name, affiliation: aff, via: "self" };
}

/**
 * A self-introduction printed as its own sentence among the first three of a question:
 * "Thanks. NAME from OUTLET." / "NAME, OUTLET, U.S. correspondent." The name needs two
 * words, so a vocative ("Mr. Secretary, …", "Karine, …") is not read as one.
 */
function readSelfSentence(text: string): NameRef | null {
  const head = stripDirections(text.slice(0, 300));
  const ss = sentences(head).slice(0, 3);
  for (const sent of ss) {
    if (sent.length > 110 || !/ (?:from|with|for) |, /.test(sent)) continue;
    const m = SELF_SENT_RE.exec(sent);
    if (!m) continue;
    const raw = m[1] ?? "";
    if (raw.split(" ").length < 2) continue;
    const name = cleanName(raw);
    if (!name || name.split(" ").length < 2) continue;
    const aff = cleanOutlet((m[2] ?? "").split(/,\s*/)[0]);
    if (!aff) continue;
    return { name, affiliation: aff, via: "self" };
  }
  return null;
}

/** An official addressing the questioner at the start of the answer ("Thank you, Cindy.", "So, Demetri, on your first question"). */
export function readAnswerVocative(text: string): string | null {
  if (!/thank|yes|yeah|well|so|sure|okay|look|great|hi|hey|right|oh/i.test(text.slice(0, 140))) return null;
  const m = ANSWER_VOC_RE.exec(text.slice(0, 140));
  if (!m) return null;
  return cleanName(m[1]);
}

/** Host named in an interview headline: "Secretary X With NAME of OUTLET". */
export function readInterviewHost(headline: string): NameRef | null {
  const m = new RegExp(String.raw`\b[Ww]ith ${NAME} (?:of|from) ${OUTLET}\s*$`, "u").exec(headline.replace(/['’]s\b/g, "’s"));
  if (!m) return null;
  const name = cleanName(m[1]);
  if (!name || / and /.test(m[1] ?? "")) return null;
  let aff = cleanOutlet(m[2]);
  if (aff) aff = aff.replace(/^[\p{L}.&]+’s /u, "") || aff;
  return { name, affiliation: aff, via: "headline" };
}

/** Role for a label by its words; null when it is a person's label (decided by behaviour). */
export function roleForLabel(label: string): Role | null {
  const u = label.toUpperCase();
  if (/^OPERATOR\b/.test(u)) return "operator";
  if (/^MODERATOR\b/.test(u)) return "moderator";
  if (isQuestionLabel(u) || /^(?:HOST|ANCHOR|INTERVIEWER)\b/.test(u)) return "questioner";
  if (/\b(?:INTERPRETER|TRANSLATOR)\b/.test(u)) return "interpreter";
  if (/^(?:STAFF|STAFFER|PARTICIPANT|PARTICIPANTS|AUDIENCE|CROWD|VOICE|UNIDENTIFIED|AUDIENCE MEMBER|PROTESTER|PROTESTOR)\b/.test(u)) return "other";
  if (ROLE_WORDS.has(u)) return "other";
  return null;
}

const TITLE_WORDS = /^(?:THE|PREMIER|CHANCELLOR|EXTERNAL|AFFAIRS|MAJORITY|MINORITY|LEADER|SPEAKER|MAYOR|JUDGE|JUSTICE|SHERIFF|CHIEF|CAPTAIN|COLONEL|COL\.|GEN\.|ADM\.|LT\.|LIEUTENANT|COMMANDER|SERGEANT|SGT\.|PROFESSOR|PROF\.|REVEREND|REV\.|KING|QUEEN|PRINCE|PRINCESS|SHEIKH|EMIR|CROWN|HIS|HER|MAJESTY|HIGHNESS|EXCELLENCY|MADAM|MADAME|MX\.|MR\.?|MS\.?|MRS\.?|DR\.?|SECRETARY|DEPUTY|ASSISTANT|UNDER|ACTING|AMBASSADOR|FOREIGN|PRIME|MINISTER|PRESIDENT|VICE|SENATOR|GOVERNOR|SPOKESPERSON|SPECIAL|ENVOY|DIRECTOR|ADMIRAL|GENERAL|CABINET|FOR|OF|AFFAIRS|STATE|CHAIRMAN|CHAIR|COORDINATOR|ADMINISTRATOR|PRINCIPAL|SPOKESMAN|REPRESENTATIVE|REP\.|SEN\.|COMMISSIONER|ATTORNEY|SENIOR|OFFICIAL|ADMINISTRATION|DEPARTMENT|U\.S\.|NATIONAL|SECURITY|ADVISOR|ADVISER|PRESS|WHITE|HOUSE|HIGH|LEVEL|ONE|TWO|THREE|FOUR|\d+|MILITARY|DEFENSE|CONGRESSMAN|CONGRESSWOMAN|LADY|FIRST)$/;

/** Words that mark a label as anonymous: the speaker's name is withheld. */
const ANON_WORDS = /^(?:OFFICIALS?|BRIEFERS?|SOURCES?|DIPLOMATS?|AIDES?|STAFFERS?|PARTICIPANTS?|UNIDENTIFIED|ANONYMOUS|VOICES?)$/;
/** Institution/role nouns: a label made of them (`MINISTRY SPOKESPERSON`, `NARRATOR`) is not a name. */
const ROLE_NOUNS = /^(?:MINISTRY|MINISTER|EMBASSY|DEPARTMENT|AGENCY|OFFICE|BUREAU|MISSION|DELEGATION|GOVERNMENT|TREASURY|PENTAGON|COUNCIL|COMMISSION|COMMITTEE|NARRATOR|ANNOUNCER|AIDE|OFFICER|AGENT|DELEGATE|REPRESENTATIVE|SPOKESPERSON|SPOKESMAN|SPOKESWOMAN|HOST|CHAIR|EMCEE|MC|ADVISOR|ADVISER|INTERPRETER|TRANSLATOR|OPERATOR|MODERATOR|QUESTION|REPORTER|CORRESPONDENT|AUDIENCE|MEMBER|CROWD|PRESS|STAFF)$/;
function isTitleWord(t: string): boolean {
  const u = t.toUpperCase();
  if (TITLE_WORDS.test(u)) return true;
  // hyphenated titles: `SECRETARY-GENERAL`, `VICE-PRESIDENT`, `SECRETARY-DESIGNATE`
  return u.includes("-") && u.split("-").every((x) => TITLE_WORDS.test(x) || /^(?:GENERAL|DESIGNATE|ELECT)$/.test(x));
}

const FULLNAME_HEAD_STOP = /^(?:Secretary|President|Minister|Ambassador|Spokesperson|Deputy|Senator|Governor|The|Mr\.|Ms\.|Mrs\.|Dr\.|And|With|By|Of|Acting|Director|Envoy|Special|Foreign|Prime|Vice|Assistant|Under|Chairman|Coordinator|Administrator|Principal|Premier|Press|General|Admiral|Advisor|Adviser|Representative|Chief|Senior|Leader|Speaker|Sir|Madam)$/;
const CTX_WORD_RE = /[\p{L}][\p{L}'’\-.]*/gu;

/** Words of the headline/section/preamble context, computed once per document. */
export function contextWords(context: string): string[] {
  return (context.length > 4000 ? context.slice(0, 4000) : context).match(CTX_WORD_RE) ?? [];
}

/**
 * Surname part of a person label (`MS. PSAKI` → `Psaki`), expanded to a full name printed
 * in the headline/section/preamble (`Jen Psaki`); null for titles only (`THE PRESIDENT`).
 */
export function nameFromLabel(label: string, ctxWords: readonly string[]): string | null {
  const toks = label.replace(/\(.*?\)/g, "").trim().split(/\s+/);
  // A role-only label (`SENIOR MINISTRY OFFICIAL`, `ADMINISTRATION OFFICIAL ONE`) withholds the
  // name (labeling.md: null for a background official whose name is withheld).
  if (toks.some((t) => ANON_WORDS.test(t.toUpperCase()))) return null;
  // The name is what follows the last title word (`FOREIGN MINISTER LE DRIAN` → `Le Drian`);
  // a label of titles only (`THE PRESIDENT`, `MINISTRY SPOKESPERSON`) holds no name.
  let last = -1;
  for (let k = 0; k < toks.length; k++) if (isTitleWord(toks[k]!)) last = k;
  const rest = toks.slice(last + 1);
  if (!rest.length || rest.length > 3 || rest.some((t) => !/\p{L}{2}/u.test(t))) return null;
  if (rest.some((t) => ROLE_NOUNS.test(t.toUpperCase()))) return null;
  // `THE PRESIDENT OF FRANCE`: a place after OF/FOR is not a name
  if (last >= 0 && /^(?:OF|FOR)$/i.test(toks[last]!)) return null;
  const sur = normalCase(rest.join(" "));
  const surToks = sur.split(" ");
  const n = surToks.length;
  for (let i = 1; i + n <= ctxWords.length; i++) {
    let ok = true;
    for (let k = 0; k < n; k++) if (ctxWords[i + k]!.replace(/[.’']s?$/, "").toLowerCase() !== surToks[k]!.toLowerCase()) { ok = false; break; }
    if (!ok) continue;
    let j = i - 1;
    const parts: string[] = [];
    // optional middle initial ("Antony J. Blinken")
    if (/^\p{Lu}\.$/u.test(ctxWords[j] ?? "") && j > 0) { parts.unshift(ctxWords[j]!); j--; }
    const first = ctxWords[j] ?? "";
    if (/^\p{Lu}\p{Ll}[\p{L}'’\-]*$/u.test(first) && !FULLNAME_HEAD_STOP.test(first)) return [first, ...parts, sur].join(" ");
  }
  return sur;
}

/** Edit distance between `a` and `b`, giving up (returning `max + 1`) once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

const NUMBERED = /\b(?:\d+|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|[A-D]|#\d+)$/;
const HONORIFIC_ONLY = /^(?:MR\.?|MS\.?|MRS\.?|DR\.?|MX\.?)$/;

/**
 * Map misprinted person labels onto the label they misspell: same number of words, each word
 * equal but one (or the words joined/split), within one edit (two for words of 8+ letters).
 * Numbered labels (`OFFICIAL ONE` / `OFFICIAL TWO`) and a different honorific (`MR. LEE` /
 * `MS. LEE`) are different speakers.
 */
export function canonicalLabels(turns: readonly RawTurn[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const t of turns) {
    const u = t.label.toUpperCase();
    if (roleForLabel(u) !== null) continue;
    counts.set(u, (counts.get(u) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  if (counts.size < 2 || counts.size > 60) return out;
  const keys = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a.localeCompare(b));
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    if (k.length < 7 || NUMBERED.test(k)) continue;
    for (let j = 0; j < i; j++) {
      const c = keys[j]!;
      if (out.has(c) || NUMBERED.test(c)) continue;
      const kw = k.split(" "), cw = c.split(" ");
      if (kw.length !== cw.length) continue;
      let diff = -1, ok = true;
      for (let w = 0; w < kw.length && ok; w++) if (kw[w] !== cw[w]) { if (diff >= 0) ok = false; else diff = w; }
      if (!ok || diff < 0) continue;
      const a = kw[diff]!, b = cw[diff]!;
      if (HONORIFIC_ONLY.test(a) || HONORIFIC_ONLY.test(b)) continue;
      // the only name word of the label (`MR. WANG` / `MR. WONG`) must be long to be taken for a misprint
      const otherName = kw.some((x, w) => w !== diff && !isTitleWord(x) && x.length >= 3);
      if (!otherName && !isTitleWord(a) && Math.min(a.length, b.length) < 6) continue;
      const allowed = Math.min(a.length, b.length) >= 8 ? 2 : 1;
      if (editDistance(a, b, allowed) <= allowed) { out.set(k, c); break; }
    }
  }
  return out;
}

/** Two spellings of one name: equal, or one is the other's first or last name ("Brunnstrom" / "David Brunnstrom"). */
function samePerson(a: string, b: string): boolean {
  const x = a.toLowerCase().split(" "), y = b.toLowerCase().split(" ");
  if (x.join(" ") === y.join(" ")) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length === 1 && (short[0] === long[0] || short[0] === long[long.length - 1]);
}

interface QState {
  id: string;
  name: string | null;
  affiliation: string | null;
  /** has asked a substantive question in the current floor */
  asked: boolean;
}

/**
 * Resolve participants for segmented turns.
 * @param turns raw turns in order.
 * @param context headline + section + preamble text (to expand official names, read interview hosts).
 * @param headline the document headline (interview host: "X With NAME of OUTLET").
 */
export function resolveParticipants(turns: readonly RawTurn[], headline: string, context: string): Resolution {
  const participants: Participant[] = [];
  const byLabel = new Map<string, Participant>();
  const speakers: string[] = new Array(turns.length).fill("");
  const roles: Role[] = new Array(turns.length).fill("other");
  const lineEvents: Resolution["lineEvents"] = [];
  const warnings: string[] = [];
  const usedIds = new Set<string>();
  const newId = (base: string): string => {
    let b = base.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "p";
    if (/^\d/.test(b)) b = "p" + b;
    let id = b, k = 2;
    while (usedIds.has(id)) id = `${b}-${k++}`;
    usedIds.add(id);
    return id;
  };

  // 1. Labelled (non-questioner) speakers: one participant per label; a misprinted label
  // (`FOREIGN MINISTESR X`) that is one or two letters from a more frequent one is the same speaker.
  const canon = canonicalLabels(turns);
  const keyCache = new Map<string, string>();
  const keyOf = (label: string): string => {
    let k = keyCache.get(label);
    if (k === undefined) { const u = label.toUpperCase(); k = canon.get(u) ?? u; keyCache.set(label, k); }
    return k;
  };
  const texts = turns.map((t) => (t.paragraphs.length === 1 ? t.paragraphs[0]! : t.paragraphs.join(" ")));
  const modCalls: (NameRef | null | undefined)[] = new Array(turns.length);
  const ctxWords = contextWords(context);
  const labelRole = new Map<string, Role | null>();
  for (const t of turns) {
    const key = keyOf(t.label);
    if (!labelRole.has(key)) labelRole.set(key, roleForLabel(t.label));
  }
  // Behaviour: a person label who only calls on reporters and never answers is a moderator;
  // a person label whose every turn is a quotation (an inserted clip) is "other".
  const stats = new Map<string, { n: number; calls: number; answers: number; quotes: number; long: number; afterQ: number }>();
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i]!;
    const key = keyOf(t.label);
    if (labelRole.get(key) !== null) continue;
    const s = stats.get(key) ?? { n: 0, calls: 0, answers: 0, quotes: 0, long: 0, afterQ: 0 };
    const text = texts[i]!;
    s.n++;
    const wc = wordCount(text, 80); // counted once, compared against each threshold below
    if (wc > 20) s.long++;
    if (/^["“]/.test(text)) s.quotes++;
    const prev = i > 0 ? labelRole.get(keyOf(turns[i - 1]!.label)) : undefined;
    if (prev === "questioner" && wc >= 25) s.answers++;
    if (prev === "questioner") s.afterQ++;
    if (text.length < 600 && wc < 60 && ((modCalls[i] = readCall(text, "moderator")) || isFloorBid(text))) s.calls++;
    stats.set(key, s);
  }
  const officialLabels = [...stats.keys()];
  const behaviourMods = new Set<string>();
  for (const [key, s] of stats) {
    if (s.quotes === s.n) labelRole.set(key, "other");
    // one long reply among many calls is a misprinted label (the official answering), not a role
    else if (s.calls > 0 && s.answers * 3 <= s.calls && officialLabels.length > 1 && s.calls * 2 >= s.n) { labelRole.set(key, "moderator"); if (s.answers) behaviourMods.add(key); }
    // a staffer who only manages the time ("We need to wrap.", "You can take a few more."): several
    // short turns, never an answer, while another person label does the answering
    else if (s.n >= 3 && s.long === 0 && s.answers === 0 && s.afterQ * 3 <= s.n && [...stats.values()].some((o) => o !== s && o.answers > 0)) labelRole.set(key, "moderator");
    else labelRole.set(key, "official");
  }

  const officialSurnames = new Set<string>();
  for (const [key, r] of labelRole) if (r !== "questioner") for (const w of key.toLowerCase().split(" ")) if (w.length > 2) officialSurnames.add(w.replace(/[.,]/g, ""));
  // officials' first names from the context ("Tony, please." hands over to Dr. Anthony "Tony" X, not a reporter)
  for (const [key, r] of labelRole) if (r !== "questioner" && roleForLabel(key) === null) {
    const full = nameFromLabel(key, ctxWords);
    if (full && full.includes(" ")) officialSurnames.add(full.split(" ")[0]!.toLowerCase());
  }
  const host = readInterviewHost(headline);
  const hasCaller = turns.some((t) => { const r = labelRole.get(keyOf(t.label)); return r === "operator" || r === "moderator"; });
  const qTurns = turns.filter((t) => labelRole.get(keyOf(t.label)) === "questioner").length;
  let callCount = 0;
  const calls: (NameRef | null)[] = turns.map((t, k) => {
    const r = labelRole.get(keyOf(t.label));
    if (!r || r === "questioner") return null;
    let c = r === "moderator" && modCalls[k] !== undefined ? modCalls[k]! : readCall(texts[k]!, r);
    // a bare name right after a broken-off question, or a word the questioner just used, is an
    // interjection or an echo ("Cuomo." after "Governor Cuomo said …"), not a call
    if (c?.bare && k > 0 && labelRole.get(keyOf(turns[k - 1]!.label)) === "questioner") {
      const prev = texts[k - 1]!;
      if (/[—–-]["”’)]*$/.test(prev.trimEnd()) || prev.toLowerCase().includes(c.name!.toLowerCase())) c = null;
    }
    if (c?.name) callCount++;
    return c;
  });
  const interview = host !== null && !hasCaller && callCount === 0;
  const callDriven = hasCaller || callCount >= 2;

  // 2. Walk the turns, tracking the floor.
  const qs: QState[] = [];
  const qPart = new Map<string, Participant>();
  let cur: QState | null = null;
  let pending = null as NameRef | null; // a call not yet taken up by a questioner
  let closed = false; // the current questioner said thanks / the floor was handed on
  let lastAnswerText = "";
  let lastOfficial: string | null = null;
  const lastQText = new Map<string, string>();
  const findByName = (name: string): QState | undefined => {
    const n = name.toLowerCase();
    const exact = qs.find((q) => q.name?.toLowerCase() === n);
    if (exact) return exact;
    const first = n.split(" ")[0]!;
    const cands = qs.filter((q) => q.name && (q.name.toLowerCase().split(" ")[0] === first));
    if (cands.length === 1 && (n.split(" ").length === 1 || cands[0]!.name!.split(" ").length === 1)) return cands[0];
    return undefined;
  };
  /** The caller's line is down: their last dropped/rejoined notice is a drop. */
  const isDropped = (id: string): boolean => {
    for (let k = lineEvents.length - 1; k >= 0; k--) if (lineEvents[k]!.participant === id) return lineEvents[k]!.type === "dropped";
    return false;
  };
  const makeQ = (label: string, ref: NameRef | null): QState => {
    const p: Participant = { id: newId(`q${qs.length + 1}`), label, role: "questioner", name: ref?.name ?? null, affiliation: ref?.affiliation ?? null };
    participants.push(p);
    const q: QState = { id: p.id, name: p.name, affiliation: p.affiliation, asked: false };
    qs.push(q);
    qPart.set(q.id, p);
    return q;
  };
  const nameQ = (q: QState, ref: NameRef): void => {
    const p = qPart.get(q.id)!;
    // a reporter's own full name beats a one-word name from a call ("Pam" → "Pamala X"; a misheard call)
    const fuller = ref.name && q.name && ref.via === "self" && !q.name.includes(" ") && ref.name.includes(" ");
    if (ref.name && (!q.name || fuller || (ref.name.startsWith(q.name + " ") && ref.name.length > q.name.length))) { q.name = ref.name; p.name = ref.name; }
    if (ref.affiliation && !q.affiliation) { q.affiliation = ref.affiliation; p.affiliation = ref.affiliation; }
  };
  const VOCATIVE_START = /^(?:(?:hi|hey|hello|yes|thank you|thanks|okay|so|and)[,.!]?\s+)*(?:(?:mr\.|madam|madame|ms\.|mrs\.|dr\.)\s*)?(?:president|vice president|secretary|minister|ambassador|sir|ma['’]am|admiral|general|governor|senator|\p{Lu}[\p{Ll}'’\-]+),/iu;

  for (let i = 0; i < turns.length; i++) {
    const t = turns[i]!;
    const key = keyOf(t.label);
    const role = labelRole.get(key) ?? "official";
    const text = texts[i]!;
    roles[i] = role;
    if (role === "moderator" && behaviourMods.has(key) && lastOfficial !== null && i > 0 && roles[i - 1] === "questioner" && wordCount(text, 40) >= 25) {
      speakers[i] = lastOfficial;
      roles[i] = "official";
      lastAnswerText = text;
      continue;
    }
    if (role !== "questioner") {
      let p = byLabel.get(key);
      if (!p) {
        const name = roleForLabel(t.label) === null ? nameFromLabel(t.label, ctxWords) : null;
        p = { id: newId(roleForLabel(t.label) === null ? (name ? name.split(" ").pop()! : t.label.replace(/^THE /i, "")) : role === "moderator" ? "mod" : role === "operator" ? "op" : role), label: t.label, role, name, affiliation: null };
        participants.push(p);
        byLabel.set(key, p);
      }
      speakers[i] = p.id;
      // dropped / rejoined notices (labeling.md, "Events"): the caller by name, else the current one
      const notice = role === "operator" || role === "moderator" ? readLineNotice(text) : null;
      if (notice?.type === "dropped") {
        const byName = notice.name ? findByName(notice.name) : undefined;
        const who = byName ?? (notice.name && cur?.name && !samePerson(cur.name, notice.name) ? null : cur);
        if (who || notice.name) lineEvents.push({ turn: i, type: "dropped", participant: who?.id ?? null });
      } else if (notice?.type === "rejoined") {
        let who = notice.name ? findByName(notice.name) : undefined;
        if (!who && !notice.name) {
          const open = lineEvents.filter((e) => e.participant !== null);
          const lastDrop = open.length ? open[open.length - 1]! : undefined;
          if (lastDrop?.type === "dropped") who = qs.find((q) => q.id === lastDrop.participant);
        }
        if (who && isDropped(who.id)) lineEvents.push({ turn: i, type: "rejoined", participant: who.id });
      }
      let call = calls[i] ?? null;
      if (role === "official") {
        // an official answering by name names the current questioner (labeling.md)
        if (cur && !closed && cur.asked && i > 0 && roles[i - 1] === "questioner") {
          const voc = readAnswerVocative(text);
          if (voc && !cur.name && !findByName(voc)) nameQ(cur, { name: voc, affiliation: null, via: "answer" });
        }
        lastAnswerText = text;
        lastOfficial = p.id;
        // an official closing the event ("Thank you very much. Thank you.") ends the current floor
        if (cur && cur.asked && CLOSING_THANKS_RE.test(text.slice(-120))) closed = true;
      }
      if (call?.name && role === "official") {
        const nextRole = i + 1 < turns.length ? labelRole.get(keyOf(turns[i + 1]!.label)) : undefined;
        const officialNames = officialSurnames;
        if ((nextRole !== "questioner" && nextRole !== "operator" && nextRole !== "moderator") || officialNames.has(call.name.toLowerCase().split(" ").pop()!)) calls[i] = null;
      }
      call = calls[i] ?? null;
      const interrupting = role === "official" && i > 0 && roles[i - 1] === "questioner" && cur !== null && cur.asked && !closed && wordCount(text, 20) <= 12 &&
        (endsOpen(text) || /^\W*(?:go ahead|please|yes|yeah|sure|okay)\b/i.test(text));
      if (call && !(interrupting && !call.name) && (role !== "official" || callDriven || call.name !== null || wordCount(text, 20) <= 12)) {
        // sound check answered before the call: the call names the current questioner
        if (cur && !cur.asked && call.name && !cur.name && !findByName(call.name)) { nameQ(cur, call); continue; }
        if (call.name && cur && cur.name && findByName(call.name) === cur && !closed && !cur.asked) continue;
        const pd: NameRef | null = pending;
        if (call.name && pd !== null && pd.name && samePerson(pd.name, call.name)) {
          if (call.name.split(" ").length > pd.name.split(" ").length) pending = { ...call, affiliation: call.affiliation ?? pd.affiliation };
          else if (!pd.affiliation && call.affiliation) pending = { ...pd, affiliation: call.affiliation };
        } else if (call.name || !pending || !pending.name) pending = call;
        if (call.name && (role === "operator" || role === "moderator")) {
          const prev = findByName(call.name);
          if (prev && isDropped(prev.id) && REJOIN_RE.test(text)) {
            lineEvents.push({ turn: i, type: "rejoined", participant: prev.id });
          }
        }
      } else if (role === "official" && pending && wordCount(text, 40) > 30) {
        pending = null; // the call went to another official (e.g. "Mike, please.")
      }
      continue;
    }
    // questioner turn
    roles[i] = "questioner";
    let q: QState | null = null;
    const selfRef = readSelfIntro(text);
    // after an answer, a question that opens by thanking for the floor ("thanks for taking my
    // question") or introduces someone other than the current questioner is a new reporter
    const afterAnswer = i > 0 && roles[i - 1] === "official" && cur !== null && cur.asked;
    const newFloor = afterAnswer && !pending && (NEW_FLOOR_RE.test(text) ||
      (selfRef?.name != null && (cur!.name === null || !samePerson(cur!.name, selfRef.name))));
    const next = turns[i + 1];
    const nextRole = next ? labelRole.get(keyOf(next.label)) : undefined;
    const nextCall = next && nextRole !== "questioner" ? calls[i + 1] : null;
    const nextCalls = nextCall != null && (nextCall.name !== null || nextCall.affiliation !== null) && readLineNotice(texts[i + 1]!)?.type !== "dropped";
    if (!interview && isFloorBid(text) && next !== undefined &&
      (nextRole === "questioner" || nextCalls || (!pending && (nextRole === "moderator" || nextRole === "operator")))) {
      // a reporter cut off while bidding for the floor ("Mr. Secretary —") before someone else gets it
      speakers[i] = makeQ(t.label, null).id;
      continue;
    }
    if (interview) {
      q = qs[0] ?? makeQ(t.label, host);
    } else if (pending) {
      const ref: NameRef = pending;
      pending = null;
      const prev = ref.name ? findByName(ref.name) : undefined;
      if (prev) { q = prev; nameQ(prev, ref); }
      else if (cur && !cur.asked && !closed && !ref.name && cur === qs[qs.length - 1]) q = cur;
      else q = makeQ(t.label, ref);
      q.asked = false;
    } else if (cur && !closed && i >= 2 && roles[i - 1] === "official" && speakers[i - 2] === cur.id &&
      wordCount(turns[i - 1]!.paragraphs.join(" "), 20) <= 12) {
      q = cur; // a short official interjection ("Yep.", "Go ahead, Doc —") inside the same question
    } else if (!cur) {
      q = makeQ(t.label, null);
    } else if (newFloor) {
      q = (selfRef?.name ? findByName(selfRef.name) : undefined) ?? makeQ(t.label, null);
    } else if (callDriven) {
      q = closed && roles[i - 1] === "official" ? makeQ(t.label, null) : cur;
    } else {
      // No call: decide from the words (White House gaggles with bare `Q`).
      const startsVocative = VOCATIVE_START.test(text) && !isThanks(text);
      const followMarker = /^(?:and|but|so|also|just|okay|ok|quick follow|follow|a follow|one more|then|what about|how about|can i follow|to follow|on that|sorry|right|yeah|yes|well|a question from a colleague|i believe|if i could|and then)\b/i.test(text);
      if (closed) q = makeQ(t.label, null);
      else if (startsVocative && cur.asked) q = makeQ(t.label, null);
      else if (followMarker || !cur.asked || (text.length < 300 && wordCount(stripDirections(text), 10) <= 6)) q = cur;
      else {
        // topic overlap with this questioner's last question and the last answer
        q = overlaps(text, lastQText.get(cur.id) ?? "", lastAnswerText) ? cur : makeQ(t.label, null);
      }
    }
    if (q !== cur) closed = false;
    cur = q;
    if (selfRef && !q.asked) nameQ(q, selfRef);
    if (isThanks(text) && q.asked) closed = true;
    else if (!isPhatic(text) && !isSoundcheck(text)) { q.asked = true; closed = false; lastQText.set(q.id, text); }
    speakers[i] = q.id;
  }
  return { participants, speakers, roles, lineEvents, warnings };
}

const STOP = new Set(["about", "there", "their", "would", "could", "should", "which", "where", "what", "when", "have", "that", "this", "with", "from", "they", "them", "then", "than", "were", "been", "being", "your", "going", "just", "know", "think", "also", "some", "more", "very", "will", "said", "says", "want", "like", "really", "because", "question", "questions", "president", "administration", "thank", "thanks", "today", "right", "those", "these", "into", "over", "does", "doing", "done", "make", "take", "other", "things", "thing", "here", "many", "much", "well", "able", "whether", "made", "still", "already", "mean", "before", "after", "again"]);
function content(s: string): Set<string> {
  const out = new Set<string>();
  for (const w of s.toLowerCase().match(/[\p{L}]{4,}/gu) ?? []) if (!STOP.has(w)) out.add(w.replace(/(?:ies|es|s|ed|ing)$/, ""));
  return out;
}
function overlaps(q: string, prevQ: string, prevA: string): boolean {
  const a = content(q.length > 1200 ? q.slice(0, 1200) : q);
  if (a.size === 0) return true;
  const b = content(prevQ.slice(0, 1500) + " " + prevA.slice(0, 1500));
  let hit = 0;
  for (const w of a) if (b.has(w)) hit++;
  return hit >= 1;
}

export { asks };
